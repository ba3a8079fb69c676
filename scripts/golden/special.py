"""Golden digits for src/precision/special (tanh, sigmoid, softplus, expm1, log1p, erf, erfc, normalPdf, normalCdf).

Run by developers only (the test suite reads the JSON; it never needs Python):
    python3 scripts/golden/special.py > test/fixtures/special-golden.json
Each value is computed by mpmath with digits + 50 working digits and printed with digits + 30 significant digits,
so the test can check that the library's digits are the correctly rounded ones (not merely close).
Values outside decimal.js's exponent range (|exponent| > 9e15) are written as "0" / "Infinity" / "-Infinity",
which is what decimal.js (and the library) return there.
"""
import json
import mpmath as mp

DIGITS = [10, 50, 200, 1000]
EXTRA = 30
MAX_EXP = 9 * 10**15

COMMON = ['0.5', '-0.5', '1', '-1', '0.1', '-0.375', '2.5', '-2.5', '3.75', '7', '-7', '1e-30', '-1e-30', '1e-300',
          '-1e-300', '0.1234567890123456789', '30', '-30', '1e3', '-1e3', '1e6', '-1e6', '1e20', '-1e20']
EXTRA_POINTS = {
    'softplus': ['800', '-800', '0'],
    'expm1': ['1e-20', '-1e-20', '0.0001', '-0.69'],
    'log1p': ['1e-20', '-1e-20', '0.0001', '-0.5', '-0.99999', '-0.999999999999999999999999', '9.5'],
    'erf': ['0.4', '4.5', '12', '20', '26'],
    'erfc': ['0.4', '4.5', '12', '20', '26', '50', '-26'],
    'normalCdf': ['-8', '-38', '-100', '5'],
    'sigmoid': ['0'],
    'normalPdf': ['0'],
}
DOMAIN = {'log1p': lambda x: x > -1}

FUNCTIONS = {
    'tanh': mp.tanh,
    'sigmoid': lambda x: 1 / (1 + mp.exp(-x)),
    'softplus': lambda x: mp.log1p(mp.exp(x)) if x <= 0 else x + mp.log1p(mp.exp(-x)),
    'expm1': mp.expm1,
    'log1p': mp.log1p,
    'erf': mp.erf,
    'erfc': mp.erfc,
    'normalPdf': mp.npdf,
    'normalCdf': mp.ncdf,
}


def fmt(v, n):
    if v == 0:
        return '0'
    if mp.isinf(v):
        return 'Infinity' if v > 0 else '-Infinity'
    e = int(mp.floor(mp.log10(abs(v))))
    if e > MAX_EXP:
        return 'Infinity' if v > 0 else '-Infinity'
    if e < -MAX_EXP:
        return '0'
    return mp.nstr(v, n, strip_zeros=False, min_fixed=1, max_fixed=0)


cases = []
for name, f in FUNCTIONS.items():
    points = COMMON + EXTRA_POINTS.get(name, [])
    for d in DIGITS:
        mp.mp.dps = d + EXTRA + 20
        values = {}
        for p in points:
            x = mp.mpf(p)
            if name in DOMAIN and not DOMAIN[name](x):
                continue
            values[p] = fmt(f(x), d + EXTRA)
        cases.append({'name': name, 'digits': d, 'values': values})

out = {
    'source': 'mpmath ' + mp.__version__ + ', working precision digits + 50, printed with digits + 30 digits',
    'extraDigits': EXTRA,
    'cases': cases,
}
print(json.dumps(out, indent=1))

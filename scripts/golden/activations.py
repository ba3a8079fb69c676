"""Golden values for the activation registry, from SymPy (symbolic derivatives) evaluated with mpmath.

Run by developers only (the test suite reads the JSON it writes; it never needs Python):
    python3 scripts/golden/activations.py > test/fixtures/activation-golden.json
Each value is sigma^(k)(x) for k = 0..6, computed at digits + 30 and printed with digits + 30 significant digits,
so the test can check that every digit flat-channels prints is correctly rounded.
"""
import json
import sympy as sp

x = sp.Symbol('x', real=True)
sig = lambda u: 1 / (1 + sp.exp(-u))
softplus = lambda u: sp.log(1 + sp.exp(u))
Phi = lambda u: (1 + sp.erf(u / sp.sqrt(2))) / 2

ACTIVATIONS = {
    'tanh': sp.tanh(x),
    'sigmoid': sig(x),
    'softplus': softplus(x),
    'erf': sp.erf(x / sp.sqrt(2)),
    'g': sig(4 * x) + softplus(x),
    'gelu': x * Phi(x),
    'silu': x * sig(x),
}
POINTS = ['-3.5', '-1.25', '-0.3', '0', '0.5', '2', '7.75']
DIGITS = [60, 200]
ORDER = 6

out = {'source': 'sympy ' + sp.__version__ + ' derivatives, evaluated at digits+30', 'order': ORDER, 'cases': []}
for name, expr in ACTIVATIONS.items():
    derivs = [expr]
    for _ in range(ORDER):
        derivs.append(sp.diff(derivs[-1], x))
    for d in DIGITS:
        for p in POINTS:
            xv = sp.Rational(p)
            vals = []
            for dk in derivs:
                v = sp.N(dk.subs(x, xv), d + 30, maxn=10**6)
                vals.append(sp.sstr(v, full_prec=True) if v != 0 else '0')
            out['cases'].append({'name': name, 'x': p, 'digits': d, 'derivatives': vals})
print(json.dumps(out, indent=1))

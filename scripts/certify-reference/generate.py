#!/usr/bin/env python3
"""Independent reference for `certify` (issue 17): the one-neuron minimum of the misfit two-param variant
(test/fixtures/saddle-line/two-param-misfit.json), computed with mpmath at 130 digits.

Nothing here shares code with the toolkit: f(x) = a·tanh(w x), inputs −2, −1, 0.5, 1, 3, target
1.5·tanh(0.8x) + 0.3x, L = (1/5) Σ (f − y)² (MSE without ½); gradient and Hessian written out by hand, the critical
point found by Newton (mpmath.findroot with the hand-written Jacobian), the Hessian's eigenvalues by mpmath.eigsy.
tanh is odd, so (w, a) and (−w, −a) are the same critical point; the positive-w representative is given. Run once;
the output is committed and read by test/certified/certify-critical-point.test.ts (the tests do not need Python):

    python3 scripts/certify-reference/generate.py > scripts/certify-reference/misfit-two-param.json
"""
import json
import mpmath
from mpmath import mp, mpf, tanh, sech, findroot, matrix, eigsy, nstr, inf

DPS = 130
mp.dps = DPS
X = [mpf(-2), mpf(-1), mpf('0.5'), mpf(1), mpf(3)]
Y = [mpf('1.5') * tanh(mpf('0.8') * x) + mpf('0.3') * x for x in X]
N = len(X)


def grad(w, a):
    gw = sum(2 * (a * tanh(w * x) - y) * a * sech(w * x) ** 2 * x for x, y in zip(X, Y)) / N
    ga = sum(2 * (a * tanh(w * x) - y) * tanh(w * x) for x, y in zip(X, Y)) / N
    return [gw, ga]


def hess(w, a):
    hww = hwa = haa = mpf(0)
    for x, y in zip(X, Y):
        t = tanh(w * x)
        s2 = sech(w * x) ** 2
        r = a * t - y
        fw = a * s2 * x
        fa = t
        fww = a * (-2 * t * s2) * x * x
        fwa = s2 * x
        hww += 2 * (fw * fw + r * fww)
        hwa += 2 * (fw * fa + r * fwa)
        haa += 2 * (fa * fa)
    return [[hww / N, hwa / N], [hwa / N, haa / N]]


w, a = findroot(
    lambda w, a: grad(w, a),
    (mpf('0.57'), mpf('2.5')),
    J=lambda w, a: hess(w, a),
    tol=mpf(10) ** (-(DPS - 10)),
)
g = grad(w, a)
ev, _ = eigsy(matrix(hess(w, a)))
loss = sum((a * tanh(w * x) - y) ** 2 for x, y in zip(X, Y)) / N
s = lambda v, d=110: nstr(v, d, min_fixed=-inf, max_fixed=inf)
print(
    json.dumps(
        {
            "generator": "scripts/certify-reference/generate.py (mpmath %s, %d digits; values to 110 digits)" % (mpmath.__version__, DPS),
            "problem": "test/fixtures/saddle-line/two-param-misfit.json",
            "w": s(w),
            "a": s(a),
            "loss": s(loss),
            "hessianEigenvalues": [s(ev[0]), s(ev[1])],
            "gradNormInf": s(max(abs(g[0]), abs(g[1])), 5),
        },
        indent=2,
        ensure_ascii=False,
    )
)

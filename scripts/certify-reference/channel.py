#!/usr/bin/env python3
"""Independent reference for `certifyChannel` (issue 17, item 6), computed with mpmath at 120 digits.

Nothing here shares code with the toolkit. Problems: glu-teacher (two tanh neurons, inputs -3, -2.25, ..., 3,
target 0.5 tanh(x) + x/cosh(x)^2) and its generic variant (target minus 0.3 tanh(3x)). The loss at infinity of
the merged pair is L_inf(w, c, a) = (1/9) sum (c tanh(w x) + a x sech^2(w x) - y)^2; its gradient and Hessian are
written out by hand, the minimum found by Newton (mpmath.findroot with the hand-written Jacobian), the Hessian's
eigenvalues by mpmath.eigsy. h = (1/N) sum 2 (f0 - y) f2, f2 = (c/2) x^2 s''(wx) + (a/6) x^3 s'''(wx), with the
derivatives of tanh in closed form; phi4 = d^4/de^4 L(theta0, e) at e = 0 from the series coefficients
f_m = c s^(m)(z) x^m/m! + a s^(m+1)(z) x^(m+1)/(m+1)! of the pair output. The loss L(theta0, e) of the width-2
network w_{1,2} = w +- e, a_{1,2} = c/2 +- a/(2e) is evaluated directly at a few e, and its derivatives of order
0..6 at e = 0.05 and 0.1 by mpmath.diff (numerical differentiation at 120 digits).
Run once; the output is committed and read by test/certified/certify-channel.test.ts (the tests need no Python):

    python3 scripts/certify-reference/channel.py > scripts/certify-reference/channel.json
"""
import json
import mpmath
from mpmath import mp, mpf, tanh, cosh, findroot, matrix, eigsy, nstr, inf, diff

DPS = 120
mp.dps = DPS
X = [mpf(-3) + mpf('0.75') * k for k in range(9)]
N = len(X)


def sech2(u):
    return 1 / cosh(u) ** 2


def ds(u, k):
    """tanh^(k)(u) for k = 0..7 (closed forms in t = tanh u)."""
    t = tanh(u)
    polys = [
        lambda t: t,
        lambda t: 1 - t**2,
        lambda t: -2 * t + 2 * t**3,
        lambda t: -2 + 8 * t**2 - 6 * t**4,
        lambda t: 16 * t - 40 * t**3 + 24 * t**5,
        lambda t: 16 - 136 * t**2 + 240 * t**4 - 120 * t**6,
        lambda t: -272 * t + 1232 * t**3 - 1680 * t**5 + 720 * t**7,
        lambda t: -272 + 3968 * t**2 - 12096 * t**4 + 13440 * t**6 - 5040 * t**8,
    ]
    return polys[k](t)


def problem(generic):
    Y = [mpf('0.5') * tanh(x) + x / cosh(x) ** 2 - (mpf('0.3') * tanh(3 * x) if generic else 0) for x in X]

    def f0(w, c, a, x):
        return c * ds(w * x, 0) + a * x * ds(w * x, 1)

    def grad(w, c, a):
        g = [mpf(0)] * 3
        for x, y in zip(X, Y):
            r = f0(w, c, a, x) - y
            J = [c * x * ds(w * x, 1) + a * x * x * ds(w * x, 2), ds(w * x, 0), x * ds(w * x, 1)]
            g = [gi + 2 * r * Ji / N for gi, Ji in zip(g, J)]
        return g

    def hess(w, c, a):
        H = [[mpf(0)] * 3 for _ in range(3)]
        for x, y in zip(X, Y):
            r = f0(w, c, a, x) - y
            J = [c * x * ds(w * x, 1) + a * x * x * ds(w * x, 2), ds(w * x, 0), x * ds(w * x, 1)]
            S = [
                [c * x**2 * ds(w * x, 2) + a * x**3 * ds(w * x, 3), x * ds(w * x, 1), x**2 * ds(w * x, 2)],
                [x * ds(w * x, 1), 0, 0],
                [x**2 * ds(w * x, 2), 0, 0],
            ]
            for i in range(3):
                for j in range(3):
                    H[i][j] += 2 * (J[i] * J[j] + r * S[i][j]) / N
        return H

    start = (mpf('0.91'), mpf('0.19'), mpf('0.74')) if generic else (mpf('1.01'), mpf('0.49'), mpf('1.02'))
    w, c, a = findroot(lambda w, c, a: grad(w, c, a), start, J=lambda w, c, a: hess(w, c, a),
                       tol=mpf(10) ** (-(DPS - 10)))
    ev, _ = eigsy(matrix(hess(w, c, a)))
    Linf = sum((f0(w, c, a, x) - y) ** 2 for x, y in zip(X, Y)) / N

    def fm(m, x):  # coefficient of e^m of the pair output (m even)
        z = w * x
        return c * ds(z, m) * x**m / mpmath.factorial(m) + a * ds(z, m + 1) * x ** (m + 1) / mpmath.factorial(m + 1)

    # phi(e) = (1/N) sum (g0 + f2 e^2 + f4 e^4 + ...)^2, g0 = f0 - y: phi''(0) = 2 (1/N) sum 2 g0 f2 = 2h,
    # phi''''(0) = 24 (1/N) sum (f2^2 + 2 g0 f4).
    h = sum(2 * (fm(0, x) - y) * fm(2, x) for x, y in zip(X, Y)) / N
    phi4 = 24 * sum(fm(2, x) ** 2 + 2 * (fm(0, x) - y) * fm(4, x) for x, y in zip(X, Y)) / N

    def L(e):
        e = mpf(e)
        ai, aj = c / 2 + a / (2 * e), c / 2 - a / (2 * e)
        return sum((ai * tanh((w + e) * x) + aj * tanh((w - e) * x) - y) ** 2 for x, y in zip(X, Y)) / N

    eps = ['1e-6', '0.001', '0.01', '0.02', '0.05', '0.08', '0.1', '0.13', '0.2', '0.3', '0.5']
    s = lambda v, d=100: nstr(v, d, min_fixed=-inf, max_fixed=inf)
    return {
        "w": s(w),
        "c": s(c),
        "a": s(a),
        "lossAtInfinity": s(Linf),
        "hessianEigenvalues": [s(v) for v in ev],
        "h": s(h),
        "phi4": s(phi4),
        "loss": {e: s(L(e)) for e in eps},
        # phi'(e) by mpmath.diff of the direct loss (a check of the sign of the slope)
        "slope": {e: s(diff(L, mpf(e)), 30) for e in eps},
        # phi^(k)(e), k = 0..6, by mpmath.diff of the direct loss (for containment in the ball enclosures)
        "derivatives": {e: [s(diff(L, mpf(e), k), 30) for k in range(7)] for e in ['0.05', '0.1']},
    }


print(
    json.dumps(
        {
            "generator": "scripts/certify-reference/channel.py (mpmath %s, %d digits; values to 100 digits)"
            % (mpmath.__version__, DPS),
            "glu-teacher": problem(False),
            "glu-teacher-generic": problem(True),
        },
        indent=2,
        ensure_ascii=False,
    )
)

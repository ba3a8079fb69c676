#!/usr/bin/env python3
"""Independent reference for `certify --saddle-line` (issue 17, item 5): the saddle line of the one-neuron minimum of
the misfit two-param variant (test/fixtures/saddle-line/two-param-misfit.json), with mpmath at 130 digits.

Nothing here shares code with the toolkit. f(x) = a tanh(w x) at inputs −2, −1, 0.5, 1, 3, target
1.5·tanh(0.8x) + 0.3x, L = (1/5) Σ (f − y)² (MSE without ½). The width-1 minimum (w*, a*) by Newton (findroot,
hand-written gradient and Jacobian, as generate.py); B = (1/N) Σ a* σ″(w* x) x² · 2(f − y) with σ″ = −2 tanh sech²;
the width-2 Hessian at θ_γ = (w*, w*; γa*, (1 − γ)a*) written out by hand (f = a1 tanh(w1 x) + a2 tanh(w2 x)), its
eigenvalues (mpmath.eigsy), and those of VᵀHV for the exact basis V = (e_w1, e_w2, e_a1 + e_a2) of the complement
of the line tangent t = e_a1 − e_a2 (and VᵀHV itself), with det(VᵀHV) and ‖Ht‖∞. The output is committed and read by
test/certified/certify-saddle-line.test.ts (the tests do not need Python):

    python3 scripts/certify-reference/saddle-line.py > scripts/certify-reference/misfit-saddle-line.json
"""
import json
import mpmath
from mpmath import mp, mpf, tanh, sech, findroot, matrix, eigsy, nstr, inf, det

DPS = 130
mp.dps = DPS
X = [mpf(-2), mpf(-1), mpf('0.5'), mpf(1), mpf(3)]
Y = [mpf('1.5') * tanh(mpf('0.8') * x) + mpf('0.3') * x for x in X]
N = len(X)


def grad1(w, a):
    gw = sum(2 * (a * tanh(w * x) - y) * a * sech(w * x) ** 2 * x for x, y in zip(X, Y)) / N
    ga = sum(2 * (a * tanh(w * x) - y) * tanh(w * x) for x, y in zip(X, Y)) / N
    return [gw, ga]


def hess1(w, a):
    hww = hwa = haa = mpf(0)
    for x, y in zip(X, Y):
        t, s2 = tanh(w * x), sech(w * x) ** 2
        r = a * t - y
        hww += 2 * ((a * s2 * x) ** 2 + r * a * (-2 * t * s2) * x * x)
        hwa += 2 * (a * s2 * x * t + r * s2 * x)
        haa += 2 * t * t
    return [[hww / N, hwa / N], [hwa / N, haa / N]]


def hess2(w1, w2, a1, a2):
    """Hessian of the width-2 loss in the order (w1, w2, a1, a2)."""
    H = [[mpf(0)] * 4 for _ in range(4)]
    for x, y in zip(X, Y):
        t1, t2 = tanh(w1 * x), tanh(w2 * x)
        s1, s2 = sech(w1 * x) ** 2, sech(w2 * x) ** 2
        r = a1 * t1 + a2 * t2 - y
        g = [a1 * s1 * x, a2 * s2 * x, t1, t2]
        f2 = [[mpf(0)] * 4 for _ in range(4)]
        f2[0][0] = a1 * (-2 * t1 * s1) * x * x
        f2[1][1] = a2 * (-2 * t2 * s2) * x * x
        f2[0][2] = f2[2][0] = s1 * x
        f2[1][3] = f2[3][1] = s2 * x
        for i in range(4):
            for j in range(4):
                H[i][j] += 2 * (g[i] * g[j] + r * f2[i][j])
    return [[v / N for v in row] for row in H]


w, a = findroot(
    lambda w, a: grad1(w, a), (mpf('0.57'), mpf('2.5')), J=lambda w, a: hess1(w, a), tol=mpf(10) ** (-(DPS - 10))
)
B = sum(a * (-2 * tanh(w * x) * sech(w * x) ** 2) * x * x * 2 * (a * tanh(w * x) - y) for x, y in zip(X, Y)) / N
s = lambda v, d=110: nstr(v, d, min_fixed=-inf, max_fixed=inf)
line = []
for i in range(31):
    gamma = mpf('1.5') + mpf('0.05') * i
    H = hess2(w, w, gamma * a, (1 - gamma) * a)
    ev, _ = eigsy(matrix(H))
    V = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 1]]  # columns e_w1, e_w2, e_a1 + e_a2
    M = [[sum(V[p][i2] * H[p][q] * V[q][j2] for p in range(4) for q in range(4)) for j2 in range(3)] for i2 in range(3)]
    evm, _ = eigsy(matrix(M))
    Ht = max(abs(H[p][2] - H[p][3]) for p in range(4))
    line.append(
        {
            "gamma": nstr(gamma, 10),
            "hessianEigenvalues": [s(v, 40) for v in ev],
            "transversalMatrix": [[s(v, 40) for v in row] for row in M],
            "transversalEigenvalues": [s(v, 40) for v in evm],
            "transversalDeterminant": s(det(matrix(M)), 40),
            "tangentResidual": s(Ht, 3),
        }
    )
print(
    json.dumps(
        {
            "generator": "scripts/certify-reference/saddle-line.py (mpmath %s, %d digits)" % (mpmath.__version__, DPS),
            "problem": "test/fixtures/saddle-line/two-param-misfit.json",
            "w": s(w),
            "a": s(a),
            "B": s(B),
            "line": line,
        },
        indent=2,
        ensure_ascii=False,
    )
)

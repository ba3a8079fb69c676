"""Independent reference for `flat-channels flow --problem glu-teacher` (issue 16): the gradient flow
dθ/dt = −∇L(θ) of two tanh neurons fitting 0.5·tanh(x) + x·sech²(x) at the 9 points of [−3, 3], from
θ(0) = (w₁, w₂, a₁, a₂) = (1.1, 0.9, 5, −4.5), in mpmath only (no code of the toolkit).

Method: Radau IIA with 9 stages (order 17), its tableau from mpmath's polyroots and lu_solve, on a FIXED step
grid (uniform steps of 1e-3 on [0, 0.01], then n geometric steps per decade, landing exactly on every power of
ten); the stage equations are solved by simplified Newton with the exact Hessian at the step's start, iterated to
10^−(dps−8). The run is repeated with 2n steps per decade; the fixture keeps the digits on which the two runs agree
(rounded to that count, capped at 40), so its values carry their own error estimate.

Usage: python3 scripts/flow-reference/glu_teacher_radau.py [n=60] > test/flow/fixtures/glu-teacher-reference.json
(about 20–40 minutes of CPU time; the committed fixture says the arguments and the agreement it found).
"""
import json
import sys

from mpmath import mp, mpf

mp.dps = 60
S = 9
XS = [mpf(-3) + mpf(6) * i / 8 for i in range(9)]
YS = [mpf('0.5') * mp.tanh(x) + x / mp.cosh(x) ** 2 for x in XS]
N = len(XS)
THETA0 = [mpf('1.1'), mpf('0.9'), mpf(5), mpf('-4.5')]
TIMES = ['1', '100', '10000', '1e6', '1e8', '1e10', '1e12']


def grad_hess(th, hessian=True):
    w = th[0:2]
    a = th[2:4]
    g = [mpf(0)] * 4
    H = [[mpf(0)] * 4 for _ in range(4)]
    loss = mpf(0)
    for x, y in zip(XS, YS):
        t = [mp.tanh(w[k] * x) for k in range(2)]
        s2 = [1 - tk * tk for tk in t]
        r = a[0] * t[0] + a[1] * t[1] - y
        loss += r * r
        J = [a[0] * s2[0] * x, a[1] * s2[1] * x, t[0], t[1]]
        for i in range(4):
            g[i] += 2 * r * J[i] / N
        if hessian:
            for i in range(4):
                for j in range(4):
                    H[i][j] += 2 * J[i] * J[j] / N
            for k in range(2):
                # d²f/dw_k² = a_k·(−2 tanh sech²)(w_k x)·x², d²f/dw_k da_k = sech²(w_k x)·x
                H[k][k] += 2 * r * a[k] * (-2 * t[k] * s2[k]) * x * x / N
                H[k][2 + k] += 2 * r * s2[k] * x / N
                H[2 + k][k] += 2 * r * s2[k] * x / N
    return loss / N, g, H


def tableau(s):
    # Shifted Legendre P*_n(x) = sum_k (-1)^(n+k) C(n,k) C(n+k,k) x^k; Radau IIA nodes: zeros of P*_s - P*_{s-1}.
    def leg(n):
        return [(-1) ** (n + k) * mp.binomial(n, k) * mp.binomial(n + k, k) for k in range(n + 1)]

    ps, pm = leg(s), leg(s - 1) + [0]
    coef = [ps[k] - pm[k] for k in range(s + 1)]
    roots = mp.polyroots(coef[::-1], maxsteps=500, extraprec=400)
    c = sorted(mp.re(r) for r in roots)
    c[-1] = mpf(1)
    V = mp.matrix(s, s)
    for j in range(s):
        for k in range(s):
            V[k, j] = c[j] ** k
    A = []
    for i in range(s):
        rhs = mp.matrix([c[i] ** (k + 1) / (k + 1) for k in range(s)])
        A.append(list(mp.lu_solve(V, rhs)))
    return c, A


def lu_factor(M):
    n = len(M)
    a = [row[:] for row in M]
    perm = list(range(n))
    for k in range(n):
        p = max(range(k, n), key=lambda i: abs(a[i][k]))
        a[k], a[p] = a[p], a[k]
        perm[k], perm[p] = perm[p], perm[k]
        for i in range(k + 1, n):
            m = a[i][k] / a[k][k]
            a[i][k] = m
            for j in range(k + 1, n):
                a[i][j] -= m * a[k][j]
    return a, perm


def lu_solve(f, b):
    a, perm = f
    n = len(b)
    x = [b[i] for i in perm]
    for i in range(n):
        for j in range(i):
            x[i] -= a[i][j] * x[j]
    for i in reversed(range(n)):
        for j in range(i + 1, n):
            x[i] -= a[i][j] * x[j]
        x[i] /= a[i][i]
    return x


def radau_step(c, A, y0, h, tol):
    s, P = len(c), len(y0)
    _, _, H0 = grad_hess(y0)
    M = [[mpf(0)] * (s * P) for _ in range(s * P)]
    for i in range(s):
        for j in range(s):
            for r in range(P):
                for q in range(P):
                    M[i * P + r][j * P + q] = h * A[i][j] * H0[r][q] + (1 if (i == j and r == q) else 0)
    f = lu_factor(M)
    Z = [[mpf(0)] * P for _ in range(s)]
    for _ in range(400):
        G = [grad_hess([y0[r] + Z[j][r] for r in range(P)], hessian=False)[1] for j in range(s)]
        R = []
        for i in range(s):
            for r in range(P):
                R.append(-Z[i][r] - h * sum(A[i][j] * G[j][r] for j in range(s)))
        dZ = lu_solve(f, R)
        for i in range(s):
            for r in range(P):
                Z[i][r] += dZ[i * P + r]
        if max(abs(v) for v in dZ) < tol:
            return [y0[r] + Z[s - 1][r] for r in range(P)]
    raise RuntimeError('simplified Newton did not converge at h = %s' % mp.nstr(h, 5))


def run(n):
    c, A = tableau(S)
    tol = mpf(10) ** (-(mp.dps - 8))
    y = THETA0[:]
    t = mpf(0)
    out = {}
    grid = [mpf(k) / 1000 for k in range(1, 11)]
    for e in range(-2, 12):
        for k in range(1, n + 1):
            grid.append(mpf(10) ** e * mpf(10) ** (mpf(k) / n) if k < n else mpf(10) ** (e + 1))
    for tn in grid:
        y = radau_step(c, A, y, tn - t, tol)
        t = tn
        for T in TIMES:
            if t == mpf(T):
                out[T] = y[:] + [grad_hess(y, hessian=False)[0]]
    return out


def agree(u, v):
    if u == v:
        return 60
    return int(mp.floor(-mp.log10(abs(u - v) / abs(v))))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    a = run(n)
    b = run(2 * n)
    states = []
    for T in TIMES:
        va, vb = a[T], b[T]
        digits = min(40, min(agree(x, y) for x, y in zip(va, vb)) - 1)
        states.append(
            {
                't': T,
                'digits': digits,
                'params': [mp.nstr(v, digits, strip_zeros=False) for v in vb[:4]],
                'loss': mp.nstr(vb[4], digits, strip_zeros=False),
            }
        )
    print(
        json.dumps(
            {
                'problem': 'glu-teacher',
                'generator': 'scripts/flow-reference/glu_teacher_radau.py %d' % n,
                'method': 'Radau IIA, 9 stages (order 17), fixed grid: %d and %d geometric steps per decade, '
                'mp.dps = %d; digits = where the two grids agree, minus one' % (n, 2 * n, mp.dps),
                'states': states,
            },
            indent=2,
        )
    )


if __name__ == '__main__':
    main()

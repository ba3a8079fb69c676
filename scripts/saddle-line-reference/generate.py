#!/usr/bin/env python3
"""Independent reference values for `flat-channels saddle-line` (issue 15), computed with mpmath.

Nothing here shares code with the toolkit: the loss, its gradient and B (mathematics.md §3) are written out by hand
and integrated with mpmath.quad (population loss) or summed exactly (five samples), the critical point is found by
mpmath.findroot on the gradient. Run once; the output, reference.json, is committed and read by the tests, which
therefore do not need Python:

    python3 scripts/saddle-line-reference/generate.py > scripts/saddle-line-reference/reference.json
    python3 scripts/saddle-line-reference/generate.py rosenbrock > scripts/saddle-line-reference/rosenbrock.json

Conventions: MSE without ½, f(x) = a σ(w x) (width 1, no biases), B = E[a σ″(w x) x² · 2 (f(x) − y(x))].
For an odd σ, (w, a) and (−w, −a) are the same critical point; the positive-w representative is given.
"""
import json
from mpmath import mp, mpf, erf, exp, sqrt, pi, tanh, sech, quad, findroot, inf, log, matrix, lu_solve, eig

DPS = 80
mp.dps = DPS


def s(x, digits=60):
    return mp.nstr(x, digits, min_fixed=-inf, max_fixed=inf)


def paper_toy():
    """σ(z) = erf(z/√2), y(x) = erf((5x + 2.5)/√2) + erf((5x − 2.5)/√2), x ~ N(0, 1)."""
    c = sqrt(2 / pi)
    sig = lambda z: erf(z / sqrt(2))
    d1 = lambda z: c * exp(-z * z / 2)
    d2 = lambda z: -z * c * exp(-z * z / 2)
    y = lambda x: sig(5 * x + mpf('2.5')) + sig(5 * x - mpf('2.5'))
    phi = lambda x: exp(-x * x / 2) / sqrt(2 * pi)
    # The target's steps sit at x = ±0.5: split the integral there.
    pts = [-inf, -1, mpf('-0.5'), 0, mpf('0.5'), 1, inf]
    E = lambda g: quad(lambda x: g(x) * phi(x), pts)

    def grad(w, a):
        gw = E(lambda x: 2 * (a * sig(w * x) - y(x)) * a * d1(w * x) * x)
        ga = E(lambda x: 2 * (a * sig(w * x) - y(x)) * sig(w * x))
        return [gw, ga]

    w, a = findroot(lambda w, a: grad(w, a), (mpf('1.4'), mpf('2.15')), tol=mpf(10) ** (-(DPS - 10)))
    loss = E(lambda x: (a * sig(w * x) - y(x)) ** 2)
    B = E(lambda x: a * d2(w * x) * x * x * 2 * (a * sig(w * x) - y(x)))
    g = grad(w, a)
    return {'w': s(w), 'a': s(a), 'loss': s(loss), 'B': s(B), 'gradNormInf': s(max(abs(g[0]), abs(g[1])), 5)}


def misfit_two_param():
    """σ = tanh, inputs −2, −1, 0.5, 1, 3, target 1.5·tanh(0.8x) + 0.3x (one tanh neuron cannot fit the linear part)."""
    X = [mpf(-2), mpf(-1), mpf('0.5'), mpf(1), mpf(3)]
    Y = [mpf('1.5') * tanh(mpf('0.8') * x) + mpf('0.3') * x for x in X]
    N = len(X)

    def grad(w, a):
        gw = sum(2 * (a * tanh(w * x) - y) * a * sech(w * x) ** 2 * x for x, y in zip(X, Y)) / N
        ga = sum(2 * (a * tanh(w * x) - y) * tanh(w * x) for x, y in zip(X, Y)) / N
        return [gw, ga]

    w, a = findroot(lambda w, a: grad(w, a), (mpf('0.57'), mpf('2.5')), tol=mpf(10) ** (-(DPS - 10)))
    loss = sum((a * tanh(w * x) - y) ** 2 for x, y in zip(X, Y)) / N
    B = sum(a * (-2 * tanh(w * x) * sech(w * x) ** 2) * x * x * 2 * (a * tanh(w * x) - y) for x, y in zip(X, Y)) / N
    g = grad(w, a)
    return {'w': s(w), 'a': s(a), 'loss': s(loss), 'B': s(B), 'gradNormInf': s(max(abs(g[0]), abs(g[1])), 5)}


# ---- rosenbrock-2d (101×101 grid on [−√3, √3]², activation g, no biases): minima of width 1 and 2 -----------------
# Newton with the Hessian written out by hand, from minima located in float64 (scipy BFGS, 40 Glorot-scaled starts
# per width, numpy seed 0; at width 3 none of the 40 ended at a finite critical point: they run off in channels).
# Run with the argument `rosenbrock` (about 15 min of CPU at 50 digits): writes rosenbrock.json's content.
ROSENBROCK_DPS = 50
ROSENBROCK_STARTS = {
    'width1Low': ([-3.88623, 2.20016, 0.09848], 1),
    'width1High': ([1.43875, -0.63567, -0.14009], 1),
    # In the neuron order `saddle-line --problem rosenbrock-2d --width 2 --train 1e4` reaches (B is of neuron 2).
    'width2': ([0.5369, -0.1813, -1.61687, 1.0239, -0.28371, 0.23628], 2),
}

def rosenbrock_data():
    r3 = sqrt(3)
    g = [-r3 + 2 * r3 * i / 100 for i in range(101)]
    X = [(a, b) for a in g for b in g]
    t = [log(3 * (x2 + 1 - x1 ** 2) ** 2 + (1 - x1) ** 2 + mpf('0.1')) / log(10) for x1, x2 in X]
    n = len(t)
    m = sum(t) / n
    sd = sqrt(sum((v - m) ** 2 for v in t) / n)
    return X, [(v - m) / sd for v in t]

def g_act(z):
    """g(z) = σ(4z) + softplus(z) and its first two derivatives, by hand."""
    s4 = 1 / (1 + exp(-4 * z)); s1 = 1 / (1 + exp(-z))
    sp = log(1 + exp(z)) if z < 0 else z + log(1 + exp(-z))
    return (s4 + sp, 4 * s4 * (1 - s4) + s1, 16 * s4 * (1 - s4) * (1 - 2 * s4) + s1 * (1 - s1))

def rosenbrock_derivs(th, W, X, Y):
    """MSE loss, gradient and exact Hessian in the flat order w_1 (2), …, w_W (2), a_1, …, a_W."""
    n = len(Y); P = 3 * W
    L = mpf(0); G = [mpf(0)] * P; H = [[mpf(0)] * P for _ in range(P)]
    for x, y in zip(X, Y):
        vals = []
        f = mpf(0)
        for k in range(W):
            z = th[2 * k] * x[0] + th[2 * k + 1] * x[1]
            v = g_act(z); vals.append(v); f += th[2 * W + k] * v[0]
        r = f - y
        L += r * r
        J = [mpf(0)] * P
        for k in range(W):
            a = th[2 * W + k]; v = vals[k]
            J[2 * k] = a * v[1] * x[0]; J[2 * k + 1] = a * v[1] * x[1]; J[2 * W + k] = v[0]
        for i in range(P):
            G[i] += 2 * r * J[i]
            for j in range(i, P):
                H[i][j] += 2 * J[i] * J[j]
        for k in range(W):  # 2 r ∂²f: within neuron k only
            a = th[2 * W + k]; v = vals[k]
            for p_ in range(2):
                for q in range(2):
                    i, j = 2 * k + p_, 2 * k + q
                    if i <= j: H[i][j] += 2 * r * a * v[2] * x[p_] * x[q]
                H[2 * k + p_][2 * W + k] += 2 * r * v[1] * x[p_]
    for i in range(P):
        for j in range(i):
            H[i][j] = H[j][i]
    return L / n, [g / n for g in G], [[h / n for h in row] for row in H]

def rosenbrock_b(th, W, k, X, Y):
    """B = E[a_k g''(w_k·x) x xᵀ · 2 (f − y)] (mathematics.md §3)."""
    B = [[mpf(0)] * 2 for _ in range(2)]
    for x, y in zip(X, Y):
        f = sum(th[2 * W + j] * g_act(th[2 * j] * x[0] + th[2 * j + 1] * x[1])[0] for j in range(W))
        d2 = g_act(th[2 * k] * x[0] + th[2 * k + 1] * x[1])[2]
        c = th[2 * W + k] * d2 * 2 * (f - y)
        for p_ in range(2):
            for q in range(2):
                B[p_][q] += c * x[p_] * x[q]
    return [[b / len(Y) for b in row] for row in B]

def rosenbrock_refine(start, W, X, Y):
    th = [mpf(v) for v in start]
    for it in range(8):
        L, G, H = rosenbrock_derivs(th, W, X, Y)
        step = lu_solve(matrix(H), matrix(G))
        th = [t - step[i] for i, t in enumerate(th)]
        sz = max(abs(step[i]) for i in range(len(th)))
        print(f'  W={W} iteration {it}: |step| = {mp.nstr(sz, 3)}', file=sys.stderr)
        if sz < mpf(10) ** (-(ROSENBROCK_DPS - 5)): break
    L, G, H = rosenbrock_derivs(th, W, X, Y)
    ev = sorted(eig(matrix(H), left=False, right=False))
    return th, L, G, ev

def rosenbrock_point(start, W, X, Y):
    th, L, G, ev = rosenbrock_refine(start, W, X, Y)
    B = rosenbrock_b(th, W, W - 1, X, Y)
    bev = sorted(eig(matrix(B), left=False, right=False), key=lambda z: z.real)
    r = lambda x: s(x, ROSENBROCK_DPS - 10)  # 10 guard digits below the working precision
    return {'w': [[r(th[2 * k]), r(th[2 * k + 1])] for k in range(W)], 'a': [r(th[2 * W + k]) for k in range(W)],
            'loss': r(L), 'gradNormInf': s(max(abs(g) for g in G), 3),
            'hessianEigenvalues': [s(e.real, 6) for e in ev],
            'B': [[r(b) for b in row] for row in B], 'BEigenvalues': [r(e.real) for e in bev]}


def rosenbrock():
    mp.dps = ROSENBROCK_DPS
    X, Y = rosenbrock_data()
    return {name: rosenbrock_point(st, W, X, Y) for name, (st, W) in ROSENBROCK_STARTS.items()}


if __name__ == '__main__':
    import sys
    if sys.argv[1:] == ['rosenbrock']:
        print(json.dumps({'generator': 'scripts/saddle-line-reference/generate.py rosenbrock (mpmath, %d digits)' % ROSENBROCK_DPS,
                          **rosenbrock()}, indent=2, ensure_ascii=False))
        sys.exit(0)
    print(json.dumps({
        'generator': 'scripts/saddle-line-reference/generate.py (mpmath %s, %d digits)' % (mp.__version__ if hasattr(mp, '__version__') else '1.3.0', DPS),
        'paperToy': paper_toy(),
        'misfitTwoParam': misfit_two_param(),
    }, indent=2, ensure_ascii=False))

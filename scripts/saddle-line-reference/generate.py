#!/usr/bin/env python3
"""Independent reference values for `flat-channels saddle-line` (issue 15), computed with mpmath.

Nothing here shares code with the toolkit: the loss, its gradient and B (mathematics.md §3) are written out by hand
and integrated with mpmath.quad (population loss) or summed exactly (five samples), the critical point is found by
mpmath.findroot on the gradient. Run once; the output, reference.json, is committed and read by the tests, which
therefore do not need Python:

    python3 scripts/saddle-line-reference/generate.py > scripts/saddle-line-reference/reference.json

Conventions: MSE without ½, f(x) = a σ(w x) (width 1, no biases), B = E[a σ″(w x) x² · 2 (f(x) − y(x))].
For an odd σ, (w, a) and (−w, −a) are the same critical point; the positive-w representative is given.
"""
import json
from mpmath import mp, mpf, erf, exp, sqrt, pi, tanh, sech, quad, findroot, inf

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


if __name__ == '__main__':
    print(json.dumps({
        'generator': 'scripts/saddle-line-reference/generate.py (mpmath %s, %d digits)' % (mp.__version__ if hasattr(mp, '__version__') else '1.3.0', DPS),
        'paperToy': paper_toy(),
        'misfitTwoParam': misfit_two_param(),
    }, indent=2, ensure_ascii=False))

"""Golden valley-floor points of the glu-teacher channel (mathematics.md §2), computed with mpmath only.

Run by developers only (the tests read the JSON; they never need Python):
    python3 scripts/golden/follow.py > test/fixtures/follow-glu-teacher.json

glu-teacher: two tanh neurons, no biases, data x_n = -3 + 0.75 n (n = 0..8), target 0.5 tanh(x) + x sech²(x).
At fixed A = (a1 - a2)/2 the valley floor minimises L = (1/9) Σ (a1 tanh(w1 x) + a2 tanh(w2 x) - y)² over
(w1, w2, c) with a1 = c/2 + A, a2 = c/2 - A. Independent of the TypeScript code: the stationarity conditions
are written in the channel variables (w, e, c) with w1 = w + e, w2 = w - e, and solved by mpmath.findroot
(multidimensional Newton, numerical Jacobian) from the GLU-limit guess w = 1, e = 1/(2A), c = 0.5, at
3·log10(A) + 60 digits; a second solve at +30 digits must agree.
"""
import json
import mpmath as mp

XS = [mp.mpf(-3) + mp.mpf('0.75') * n for n in range(9)]


def target(x):
    return mp.mpf('0.5') * mp.tanh(x) + x / mp.cosh(x) ** 2


def solve(A, dps):
    with mp.workdps(dps):
        A = mp.mpf(A)
        xs = [mp.mpf(-3) + mp.mpf('0.75') * n for n in range(9)]
        ys = [target(x) for x in xs]

        def grad(w, e, c):
            a1, a2 = c / 2 + A, c / 2 - A
            g = [mp.mpf(0)] * 3
            for x, y in zip(xs, ys):
                t1, t2 = mp.tanh((w + e) * x), mp.tanh((w - e) * x)
                r = a1 * t1 + a2 * t2 - y
                d1 = a1 * (1 - t1 ** 2) * x  # ∂f/∂w1
                d2 = a2 * (1 - t2 ** 2) * x  # ∂f/∂w2
                g[0] += r * (d1 + d2)        # ∂/∂w
                g[1] += r * (d1 - d2)        # ∂/∂e
                g[2] += r * (t1 + t2) / 2    # ∂/∂c
            return [2 * gi / 9 for gi in g]

        sol = mp.findroot(lambda w, e, c: grad(w, e, c), (mp.mpf(1), 1 / (2 * A), mp.mpf('0.5')),
                          tol=mp.mpf(10) ** (-dps + 10), maxsteps=200)
        w, e, c = sol[0], sol[1], sol[2]
        a1, a2 = c / 2 + A, c / 2 - A
        loss = sum((a1 * mp.tanh((w + e) * x) + a2 * mp.tanh((w - e) * x) - y) ** 2 for x, y in zip(xs, ys)) / 9
        return {'w': w, 'eps': e, 'c': c, 'a': 2 * e * A, 'loss': loss, 'lossA4': loss * A ** 4,
                'wMinus1': w - 1, 'cMinusHalf': c - mp.mpf('0.5'), 'aMinus1': 2 * e * A - 1}


def main():
    out = []
    for A in ['10', '1e3', '1e5', '1e10', '1e20', '1e30']:
        digits = int(3 * mp.log10(mp.mpf(A))) + 60
        r1, r2 = solve(A, digits), solve(A, digits + 30)
        row = {'A': A, 'digits': digits}
        for k in ['w', 'eps', 'c', 'a', 'loss', 'lossA4', 'wMinus1', 'cMinusHalf', 'aMinus1']:
            assert abs(r1[k] - r2[k]) <= abs(r2[k]) * mp.mpf(10) ** -25, (A, k)
            row[k] = mp.nstr(r2[k], 25)
        out.append(row)
    print(json.dumps({
        'problem': 'glu-teacher',
        'generator': 'scripts/golden/follow.py (mpmath %s)' % mp.__version__,
        'note': 'valley floor at fixed A = (a1 - a2)/2 > 0; eps = (w1 - w2)/2; a = 2 eps A; 25 significant digits',
        'points': out,
    }, indent=2))


if __name__ == '__main__':
    main()

"""Golden losses, gradients and Hessians for src/network (an implementation independent of the TypeScript one).

Run by developers only (the test suite reads the JSON; it never needs Python):
    python3 scripts/golden/network.py > test/fixtures/network-golden.json
Finite problems (two-param, glu-teacher): the loss (1/N) Σ (f(x_n) − y_n)² is summed by mpmath at 120 digits;
gradient and Hessian come from mpmath's numerical differentiation (mp.diff, at 120 digits with a tiny step), not
from the hand-derived formulas under test. Values are printed with 70 significant digits.
paper-toy (population under N(0, 1)): E[(f(x) − y(x))²] by mp.quad (tanh-sinh, split at the target's steep
points ±0.5 and at 0) at 80 digits, printed with 45 significant digits; the script checks the two quadrature
degrees agree to 50 digits before writing anything.
Flat parameter order: w row by row, then a (mathematics.md §1).
"""
import json
import mpmath as mp

mp.mp.dps = 120
SHOW = 70


def tanh_net(ws, as_, x):
    return sum(a * mp.tanh(w * x) for w, a in zip(ws, as_))


def erf_act(z):
    return mp.erf(z / mp.sqrt(2))


def finite_problem(name, xs, target, points):
    ys = [target(x) for x in xs]

    def loss(*theta):
        r = len(theta) // 2
        ws, as_ = theta[:r], theta[r:]
        return mp.fsum((tanh_net(ws, as_, x) - y) ** 2 for x, y in zip(xs, ys)) / len(xs)

    out = []
    for theta in points:
        th = [mp.mpf(t) for t in theta]
        P = len(th)
        value = loss(*th)
        grad = []
        hess = [[None] * P for _ in range(P)]
        for i in range(P):
            order = [0] * P
            order[i] = 1
            grad.append(mp.diff(loss, th, tuple(order)))
            for j in range(i, P):
                order2 = [0] * P
                order2[i] += 1
                order2[j] += 1
                hess[i][j] = hess[j][i] = mp.diff(loss, th, tuple(order2))
        out.append({
            'params': theta,
            'loss': mp.nstr(value, SHOW, strip_zeros=False),
            'gradient': [mp.nstr(g, SHOW, strip_zeros=False) for g in grad],
            'hessian': [[mp.nstr(h, SHOW, strip_zeros=False) for h in row] for row in hess],
        })
    return {'name': name, 'digits': 60, 'points': out}


def paper_toy(points):
    def y(x):
        return erf_act(5 * x + mp.mpf('2.5')) + erf_act(5 * x - mp.mpf('2.5'))

    def population_loss(theta, degree=None):
        ws, as_ = theta[:2], theta[2:]
        f = lambda x: (sum(a * erf_act(w * x) for w, a in zip(ws, as_)) - y(x)) ** 2 * mp.npdf(x)
        cuts = [-mp.inf, -20, -mp.mpf('0.5'), 0, mp.mpf('0.5'), 20, mp.inf]
        return mp.quad(f, cuts) if degree is None else mp.quad(f, cuts, maxdegree=degree)

    out = []
    with mp.workdps(80):
        for theta in points:
            th = [mp.mpf(t) for t in theta]
            a = population_loss(th, 8)
            b = population_loss(th, 10)
            assert abs(a - b) < mp.mpf(10) ** -50 * abs(b), (a, b)
            out.append({'params': theta, 'loss': mp.nstr(b, 45, strip_zeros=False)})
    return {'name': 'paper-toy', 'digits': 35, 'points': out}


def main():
    two_param = finite_problem(
        'two-param',
        [mp.mpf(v) for v in ['-2', '-1', '0.5', '1', '3']],
        lambda x: mp.mpf('1.5') * mp.tanh(mp.mpf('0.8') * x),
        [['0.2', '0.3'], ['0.8', '1.5'], ['-1.25', '0.75']],
    )
    glu = finite_problem(
        'glu-teacher',
        [mp.mpf(-3) + mp.mpf('0.75') * k for k in range(9)],
        lambda x: mp.mpf('0.5') * mp.tanh(x) + x / mp.cosh(x) ** 2,
        [['1.1', '0.9', '5', '-4.5'], ['1.01', '0.99', '25', '-24.5'], ['-0.3', '2', '0.7', '-1.1']],
    )
    toy = paper_toy([['0.8', '1.2', '0.5', '0.5'], ['3', '0.5', '1', '-0.25']])
    print(json.dumps({
        'source': 'scripts/golden/network.py (mpmath %s)' % mp.__version__,
        'problems': [two_param, glu, toy],
    }, indent=1))


main()

"""Reference losses, gradients and Hessians of networks with C outputs (independent of src/network/multi-output-*.ts).

Run by developers only (the tests read the JSON; they never need Python):
    python3 scripts/multi-output-reference/generate.py > test/fixtures/multi-output/reference.json

The network is f(x) = A σ(W x̃) + b written out naively (x̃ = (x, 1) with hidden biases). Losses:
  mse            (1/N) Σ_n ρ_n Σ_c (f_c(x_n) − y_nc)²                          (no ½)
  cross-entropy  (1/N) Σ_n ρ_n (log Σ_c exp f_c(x_n) − f_{y_n}(x_n))          (natural log, mean over samples)
computed as written (mp.log of mp.fsum of mp.exp, at 130 digits: no log-sum-exp trick is needed at that precision
for these logits). Gradient and Hessian come from mpmath's numerical differentiation (mp.diff), not from
hand-derived formulas. Each case is computed at 130 and at 160 digits and must agree to 75 digits before anything
is written; values are printed with 70 significant digits. Flat order: W row by row, A row by row, b.
"""
import json
import sys
import mpmath as mp

SHOW = 70

ACT = {
    'tanh': mp.tanh,
    'sigmoid': lambda z: 1 / (1 + mp.exp(-z)),
    'erf': lambda z: mp.erf(z / mp.sqrt(2)),
}


def unflat(theta, r, m, C, obias):
    W = [theta[k * m:(k + 1) * m] for k in range(r)]
    o = r * m
    A = [theta[o + c * r:o + (c + 1) * r] for c in range(C)]
    b = theta[o + C * r:o + C * r + C] if obias else [0] * C
    return W, A, b


def outputs(case, theta, x):
    r, C = case['width'], case['outputs']
    hb = case['hiddenBias']
    xt = [mp.mpf(v) for v in x] + ([mp.mpf(1)] if hb else [])
    m = len(xt)
    W, A, b = unflat(theta, r, m, C, case['outputBias'])
    s = ACT[case['activation']]
    h = [s(mp.fsum(W[k][j] * xt[j] for j in range(m))) for k in range(r)]
    return [b[c] + mp.fsum(A[c][k] * h[k] for k in range(r)) for c in range(C)]


def loss(case, theta):
    N = len(case['inputs'])
    rho = [mp.mpf(v) for v in case.get('weights', ['1'] * N)]
    total = []
    for n, x in enumerate(case['inputs']):
        f = outputs(case, theta, x)
        if case['loss'] == 'mse':
            y = [mp.mpf(v) for v in case['targets'][n]]
            total.append(rho[n] * mp.fsum((fc - yc) ** 2 for fc, yc in zip(f, y)))
        else:
            total.append(rho[n] * (mp.log(mp.fsum(mp.exp(fc) for fc in f)) - f[case['labels'][n]]))
    return mp.fsum(total) / N


def evaluate(case, point, dps):
    mp.mp.dps = dps
    th = [mp.mpf(t) for t in point]
    P = len(th)
    F = lambda *t: loss(case, list(t))
    value = F(*th)
    grad = []
    hess = [[None] * P for _ in range(P)]
    for i in range(P):
        o = [0] * P
        o[i] = 1
        grad.append(mp.diff(F, th, tuple(o)))
        for j in range(i, P):
            o2 = [0] * P
            o2[i] += 1
            o2[j] += 1
            hess[i][j] = hess[j][i] = mp.diff(F, th, tuple(o2))
    return value, grad, hess


def agree(a, b, digits):
    scale = max(abs(a), abs(b))
    return abs(a - b) <= scale * mp.mpf(10) ** (-digits) or abs(a - b) < mp.mpf(10) ** (-100)


def run(case):
    m = case['inputDimension'] + (1 if case['hiddenBias'] else 0)
    r, C = case['width'], case['outputs']
    P = r * m + C * r + (C if case['outputBias'] else 0)
    for point in case['points']:
        if len(point) != P:
            raise SystemExit(f"{case['name']}: {len(point)} parameters, expected {P}")
    out = []
    for point in case['points']:
        lo = evaluate(case, point, 130)
        hi = evaluate(case, point, 160)
        mp.mp.dps = 160
        pairs = [(lo[0], hi[0])] + list(zip(lo[1], hi[1])) + [
            (a, b) for ra, rb in zip(lo[2], hi[2]) for a, b in zip(ra, rb)]
        for a, b in pairs:
            if not agree(a, b, 75):
                raise SystemExit(f"{case['name']}: 130 and 160 digits disagree: {a} vs {b}")
        value, grad, hess = hi
        fmt = lambda v: mp.nstr(v, SHOW, strip_zeros=False)
        out.append({'params': point, 'loss': fmt(value), 'gradient': [fmt(g) for g in grad],
                    'hessian': [[fmt(h) for h in row] for row in hess]})
    result = {k: v for k, v in case.items() if k != 'points'}
    result['points'] = out
    return result


CASES = [
    {   # squared error, C = 3, hidden and output biases
        'name': 'mse-tanh-c3', 'loss': 'mse', 'activation': 'tanh', 'width': 2, 'outputs': 3,
        'inputDimension': 2, 'hiddenBias': True, 'outputBias': True,
        'inputs': [['0.5', '-1'], ['1.25', '0.75'], ['-2', '0.5'], ['0.1', '0.3'], ['-0.7', '-1.1']],
        'targets': [['1', '0', '-0.5'], ['0.25', '1.5', '0'], ['-1', '0.5', '2'], ['0', '0', '0.1'],
                    ['0.3', '-0.8', '1']],
        'points': [
            ['0.3', '-0.7', '0.1', '1.1', '0.4', '-0.2', '0.9', '-1.3', '0.5', '0.25', '-0.6', '1.4', '0.05',
             '-0.15', '0.2'],
            ['-1.2', '0.45', '0.8', '0.33', '-0.9', '0.6', '2.5', '-2.25', '0.125', '3', '-1.5', '0.75', '1', '-1',
             '0.5'],
        ],
    },
    {   # squared error, C = 2, weighted samples, no biases, erf
        'name': 'mse-erf-c2-weighted', 'loss': 'mse', 'activation': 'erf', 'width': 3, 'outputs': 2,
        'inputDimension': 1, 'hiddenBias': False, 'outputBias': False,
        'inputs': [['-1.5'], ['-0.5'], ['0.25'], ['1'], ['2']],
        'targets': [['0.2', '-1'], ['0.5', '0.5'], ['1', '0'], ['-0.3', '0.7'], ['0', '1.2']],
        'weights': ['0.5', '1.5', '1', '2', '0'],
        'points': [['0.8', '-1.2', '0.4', '1.5', '-0.5', '0.75', '-0.25', '1.1', '0.6']],
    },
    {   # cross-entropy, C = 3, both biases
        'name': 'ce-tanh-c3', 'loss': 'cross-entropy', 'activation': 'tanh', 'width': 2, 'outputs': 3,
        'inputDimension': 2, 'hiddenBias': True, 'outputBias': True,
        'inputs': [['0.5', '-1'], ['1.25', '0.75'], ['-2', '0.5'], ['0.1', '0.3'], ['-0.7', '-1.1'], ['1', '1']],
        'labels': [0, 2, 1, 1, 0, 2],
        'points': [
            ['0.3', '-0.7', '0.1', '1.1', '0.4', '-0.2', '0.9', '-1.3', '0.5', '0.25', '-0.6', '1.4', '0.05',
             '-0.15', '0.2'],
            ['-1.2', '0.45', '0.8', '0.33', '-0.9', '0.6', '2.5', '-2.25', '0.125', '3', '-1.5', '0.75', '1', '-1',
             '0.5'],
        ],
    },
    {   # cross-entropy, C = 4, sigmoid, weights, output bias only; the second point has large readouts and biases
        'name': 'ce-sigmoid-c4-weighted', 'loss': 'cross-entropy', 'activation': 'sigmoid', 'width': 2,
        'outputs': 4, 'inputDimension': 3, 'hiddenBias': False, 'outputBias': True,
        'inputs': [['1', '0', '-1'], ['0.5', '2', '0.25'], ['-1', '-1', '1.5'], ['0', '0.75', '-0.5']],
        'labels': [3, 0, 1, 3],
        'weights': ['1', '0.25', '1.75', '1'],
        'points': [
            ['0.5', '-0.25', '1', '-0.75', '0.6', '0.2', '1', '-1', '0.5', '0.3', '-0.2', '0.4', '-0.6', '0.7',
             '0.1', '-0.1', '0.2', '0'],
            ['0.5', '-0.25', '1', '-0.75', '0.6', '0.2', '1', '-1', '0.5', '0.3', '-0.2', '0.4', '-0.6', '0.7',
             '-6', '12', '-8', '17'],
        ],
    },
]

if __name__ == '__main__':
    json.dump({'generator': 'scripts/multi-output-reference/generate.py', 'digits': 60,
               'cases': [run(c) for c in CASES]}, sys.stdout, indent=1)
    sys.stdout.write('\n')

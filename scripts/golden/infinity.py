"""Golden critical points of the paper-toy loss at infinity (mathematics.md §2, §5), computed with mpmath only.

Run by developers only (the tests read the JSON; they never need Python):
    python3 scripts/golden/infinity.py > test/fixtures/infinity-paper-toy.json

Independent of the TypeScript code: expectations under N(0, 1) by mpmath.quad (tanh-sinh, split at the target's
steep points ±0.5), readouts by mpmath.lu_solve, critical points by mpmath.findroot on the envelope derivative
dℓ/dw = ∂L/∂w at the optimal readouts, classification by the sign of a NUMERICAL second derivative (mpmath.diff of
ℓ itself), h(θ₀) = E[f₂ · 2(f₀ − y)] with f₂ = (c/2) x² σ″(wx) + (a/6) x³ σ‴(wx) written out by hand.
Also the one-neuron network's critical point (min over c, w of E[(c σ(wx) − y)²]) for the saddle comparison.
"""
import json
import mpmath as mp

DPS = 30
mp.mp.dps = DPS
s2 = mp.sqrt(2)
sig = lambda z: mp.erf(z / s2)
s1 = lambda z: mp.sqrt(2 / mp.pi) * mp.exp(-z * z / 2)
s2d = lambda z: -z * s1(z)
s3d = lambda z: (z * z - 1) * s1(z)
y = lambda x: sig(5 * x + mp.mpf('2.5')) + sig(5 * x - mp.mpf('2.5'))
PTS = [-mp.inf, -0.5, 0, 0.5, mp.inf]


def E(f):
    return mp.quad(lambda x: f(x) * mp.npdf(x), PTS)


YY = E(lambda x: y(x) ** 2)


def readouts(w, glu=True):
    feats = [lambda x: sig(w * x)] + ([lambda x: x * s1(w * x)] if glu else [])
    n = len(feats)
    G = mp.matrix(n, n)
    b = mp.matrix(n, 1)
    for i in range(n):
        b[i] = E(lambda x: feats[i](x) * y(x))
        for j in range(i, n):
            G[i, j] = G[j, i] = E(lambda x: feats[i](x) * feats[j](x))
    beta = mp.lu_solve(G, b)
    loss = YY - sum(b[i] * beta[i] for i in range(n))
    return loss, [beta[i] for i in range(n)]


def ell(w, glu=True):
    return readouts(w, glu)[0]


def dell(w, glu=True):
    _, beta = readouts(w, glu)
    c = beta[0]
    a = beta[1] if glu else 0
    f = lambda x: c * sig(w * x) + a * x * s1(w * x)
    return E(lambda x: 2 * (f(x) - y(x)) * (c * x * s1(w * x) + a * x * x * s2d(w * x)))


def point(bracket, glu=True):
    lo, hi = (mp.mpf(b) for b in bracket)
    w = mp.findroot(lambda t: dell(t, glu), (lo, hi), solver='anderson', tol=mp.mpf(10) ** (-DPS + 6))
    assert lo < w < hi, 'root left its bracket'
    loss, beta = readouts(w, glu)
    d2 = mp.diff(lambda t: ell(t, glu), w, 2)
    out = {'w': mp.nstr(w, 22), 'loss': mp.nstr(loss, 22), 'c': mp.nstr(beta[0], 22),
           'second': mp.nstr(d2, 8), 'kind': 'minimum' if d2 > 0 else 'saddle'}
    if glu:
        c, a = beta
        f0 = lambda x: c * sig(w * x) + a * x * s1(w * x)
        f2 = lambda x: c / 2 * x * x * s2d(w * x) + a / 6 * x ** 3 * s3d(w * x)
        out['a'] = mp.nstr(a, 22)
        out['h'] = mp.nstr(E(lambda x: f2(x) * 2 * (f0(x) - y(x))), 22)
    return out


if __name__ == '__main__':
    # Brackets of dℓ/dw sign changes, read off a coarse scan of ℓ(w) (minimum, saddle, minimum).
    glu = [point(b) for b in [('0.6', '1.2'), ('1.2', '2'), ('2.5', '4')]]
    one = point(('1.2', '2'), glu=False)
    print(json.dumps({
        'problem': 'paper-toy',
        'generator': 'scripts/golden/infinity.py (mpmath %s, %d digits)' % (mp.__version__, DPS),
        'note': 'critical points of ell(w, 0) for w > 0, ascending w; oneNeuron = critical point of the width-1 network',
        'criticalPoints': glu,
        'oneNeuron': one,
    }, indent=2))

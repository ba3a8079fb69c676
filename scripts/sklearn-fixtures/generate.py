#!/usr/bin/env python3
"""Networks trained by scikit-learn, for `flat-channels detect` (test/fixtures/sklearn/), labelled independently.

Each fixture is an `MLPRegressor` with one hidden layer of 2 (a few: 3) neurons, trained by scikit-learn's own
solvers (L-BFGS or Adam, full batch, `alpha=0`) on small 1-D and 2-D data sets, with a smooth activation
(`tanh`, odd: the sign flip (w_k, a_k) -> (-w_k, -a_k) is a symmetry, so channels end mirrored as often as not;
`logistic`, with sigma(x) + sigma(-x) = 1: the flip is a symmetry once the output intercept absorbs a_k).

scikit-learn's conventions, and how the fixtures handle them:
  * `coefs_[0]` is d x k (inputs x neurons), the transpose of PyTorch's `weight` (k x d); `coefs_[1]` is k x 1;
    `intercepts_[0]` (k) are the hidden biases, `intercepts_[1]` (1) the output bias. The fixture file
    `<name>.sklearn.json` is exactly what docs/detect.md's recipe writes:
        {"coefs_": [c.tolist() for c in m.coefs_], "intercepts_": [b.tolist() for b in m.intercepts_],
         "activation": m.activation}
    (JSON floats are the shortest round-trip decimals: the float64 values exactly).
  * The loss is (1/2)·mean((f - y)^2) + alpha/(2N)·||coefs||^2; the fixtures use alpha = 0 (with alpha > 0 there
    are no channels: the L2 term keeps the weights finite). The toolkit's loss is mean((f - y)^2), twice
    scikit-learn's: the same critical points and channels, the flow twice as fast.
  * scikit-learn always fits intercepts. "Without intercepts" fixtures use a subclass that starts the intercepts
    at 0 and zeroes their gradients (`_init_coef`, `_backprop`), so they stay 0; those files carry
    `"intercepts_": null` and the network has no biases.
  * L-BFGS: scikit-learn passes `tol` as L-BFGS-B's gtol but leaves its ftol at scipy's default, which stops once
    the loss decreases by less than 2.2e-9·max(1, |L|) per iteration: at losses below 1e-6 that is after ~100
    iterations, long before a channel is entered. The generator sets ftol = 0 (a wrapper around
    scipy.optimize.minimize inside scikit-learn's module), so `max_iter` decides how far training goes.

The LABEL of each end point comes from this script alone, in float64, never from the toolkit:
  * channel: the gradient flow dθ/dt = -∇L continued from the trained point (linearly implicit Euler on this
    script's own float64 loss, exact gradient, Hessian by differences of it, adaptive steps that never raise the
    loss) drives |A| = |a_i - a_j|/2 of the diverging pair (modulo the flip) up by 10% while its
    ε = ||w_i - w_j||/2 and the loss fall; AND the valley-floor loss (every other coordinate minimised by BFGS at
    fixed A) decreases strictly from A to 2A to 4A: no finite minimum holds the pair. Both must hold.
  * finite-minimum: Newton from the trained point (pseudo-inverse steps on the exact gradient) converges to
    ||∇L|| < 1e-10 within a short distance, and the Hessian there is positive definite (smallest eigenvalue above
    1e-7 of the largest).
  * anything else (a saddle, a duplicate, a flow that neither converges nor grows |A|) is `other` and not used as
    a fixture.
The manifest (manifest.json) holds per fixture the seed, the data, the solver and iterations, the label with its
evidence, and — for information only — the pair's cosine distance modulo the flip and whether it is mirrored.

Run: python3 scripts/sklearn-fixtures/generate.py   (scikit-learn 1.9.1, numpy, scipy; about 30 minutes of CPU on a
loaded 2-core machine); `generate.py --recipes` rewrites only test/fixtures/sklearn/recipes/ from the fixtures.
"""

import json
import math
import os
import sys
import time
import warnings

import numpy as np
import scipy.optimize

import sklearn
import sklearn.neural_network._multilayer_perceptron as _mlp
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPRegressor

warnings.simplefilter('ignore', ConvergenceWarning)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures', 'sklearn')


# ------------------------------------------------------------------------------------- scikit-learn training

class _Optimize:
    """scipy.optimize as scikit-learn's MLP module sees it, with L-BFGS-B's ftol set to 0 (see the docstring)."""

    def __getattr__(self, name):
        return getattr(scipy.optimize, name)

    @staticmethod
    def minimize(*args, **kwargs):
        kwargs['options'] = {**kwargs.get('options', {}), 'ftol': 0.0}
        return scipy.optimize.minimize(*args, **kwargs)


class _Scipy:
    optimize = _Optimize()

    def __getattr__(self, name):
        import scipy as _s
        return getattr(_s, name)


_mlp.scipy = _Scipy()


class NoInterceptMLPRegressor(MLPRegressor):
    """MLPRegressor whose intercepts start at 0 and never move (their gradients are zeroed)."""

    def _init_coef(self, fan_in, fan_out, dtype):
        coef, intercept = super()._init_coef(fan_in, fan_out, dtype)
        return coef, np.zeros_like(intercept)

    def _backprop(self, *args):
        loss, coef_grads, intercept_grads = super()._backprop(*args)
        for g in intercept_grads:
            g[...] = 0.0
        return loss, coef_grads, intercept_grads


def train(X, y, activation, width, intercepts, solver, iters, seed):
    cls = MLPRegressor if intercepts else NoInterceptMLPRegressor
    common = dict(hidden_layer_sizes=(width,), activation=activation, alpha=0.0, random_state=seed, tol=0.0)
    if solver == 'lbfgs':
        m = cls(solver='lbfgs', max_iter=iters, max_fun=10 * iters, **common)
    else:
        m = cls(solver='adam', max_iter=iters, learning_rate_init=1e-2, batch_size=len(y), shuffle=False,
                n_iter_no_change=10 ** 9, **common)
    m.fit(X, y)
    return m


def sklearn_export(m, intercepts):
    """What docs/detect.md's recipe writes for a fitted MLPRegressor."""
    return {
        'coefs_': [c.tolist() for c in m.coefs_],
        'intercepts_': [b.tolist() for b in m.intercepts_] if intercepts else None,
        'activation': m.activation,
    }


# ------------------------------------------------------------------ the network in the toolkit's flat order

def sigma(name):
    if name == 'tanh':
        return np.tanh, lambda z: 1.0 - np.tanh(z) ** 2
    if name == 'logistic':
        s = lambda z: 0.5 * (1.0 + np.tanh(z / 2.0))  # noqa: E731  (1/(1+e^-z) without overflow)
        return s, lambda z: s(z) * (1.0 - s(z))
    raise ValueError(name)


class Net:
    """f(x) = sum_k a_k sigma(w_k . x~) + b; flat order: w row by row (hidden bias last), then a, then b."""

    def __init__(self, d, r, biases, activation):
        self.d, self.r, self.hb = d, r, biases
        self.m = d + (1 if biases else 0)
        self.P = r * self.m + r + (1 if biases else 0)
        self.activation = activation
        self.s, self.ds = sigma(activation)
        # sigma(x) + sigma(-x): 0 for tanh, 1 for logistic (the flip moves a_k into the output bias).
        self.flip_offset = 0.0 if activation == 'tanh' else 1.0

    @staticmethod
    def from_sklearn(m, intercepts):
        d, r = m.coefs_[0].shape
        net = Net(d, r, intercepts, m.activation)
        W = m.coefs_[0].T
        if intercepts:
            W = np.hstack([W, m.intercepts_[0][:, None]])
        th = np.concatenate([W.ravel(), m.coefs_[1][:, 0], [m.intercepts_[1][0]] if intercepts else []])
        return net, th

    def split(self, th):
        W = th[: self.r * self.m].reshape(self.r, self.m)
        a = th[self.r * self.m: self.r * self.m + self.r]
        b = th[-1] if self.hb else 0.0
        return W, a, b

    def inputs(self, X):
        return np.hstack([X, np.ones((X.shape[0], 1))]) if self.hb else X

    def loss_grad(self, th, X, y):
        W, a, b = self.split(th)
        Xb = self.inputs(X)
        Z = Xb @ W.T
        S = self.s(Z)
        res = S @ a + b - y
        N = len(y)
        g = 2.0 * res / N
        gW = ((g[:, None] * self.ds(Z)) * a[None, :]).T @ Xb
        parts = [gW.ravel(), S.T @ g] + ([np.array([g.sum()])] if self.hb else [])
        return float(np.mean(res ** 2)), np.concatenate(parts)

    def hessian(self, th, X, y):
        H = np.zeros((self.P, self.P))
        for k in range(self.P):
            e = np.zeros(self.P)
            e[k] = 1e-6 * max(1.0, abs(th[k]))
            H[:, k] = (self.loss_grad(th + e, X, y)[1] - self.loss_grad(th - e, X, y)[1]) / (2 * e[k])
        return (H + H.T) / 2

    def flipped(self, th, j):
        """Neuron j as (-w_j, -a_j), the output bias taking a_j·(sigma(x) + sigma(-x)): the same function."""
        t = th.copy()
        t[j * self.m:(j + 1) * self.m] *= -1
        aj = t[self.r * self.m + j]
        t[self.r * self.m + j] = -aj
        if self.flip_offset != 0.0:
            t[-1] += aj * self.flip_offset
        return t

    def can_flip(self):
        return self.flip_offset == 0.0 or self.hb


def cosine_distance(u, v):
    return 1.0 - float(u @ v) / (np.linalg.norm(u) * np.linalg.norm(v))


def diverging_pair(net, th):
    """The pair (i, j, mirrored) modulo the flip whose readouts are opposite and largest in |A| = |a_i - a_j|/2
    (in the canonical form); None when none has opposite readouts."""
    best = None
    for i in range(net.r):
        for j in range(i + 1, net.r):
            for mirrored in ([False, True] if net.can_flip() else [False]):
                t = net.flipped(th, j) if mirrored else th
                W, a, _ = net.split(t)
                if a[i] * a[j] >= 0:
                    continue
                A = abs(a[i] - a[j]) / 2
                if best is None or A > best[0]:
                    best = (A, i, j, mirrored)
    return None if best is None else best[1:]


def pair_state(net, th, i, j, mirrored):
    t = net.flipped(th, j) if mirrored else th
    W, a, _ = net.split(t)
    return abs(a[i] - a[j]) / 2, float(np.linalg.norm(W[i] - W[j])) / 2, cosine_distance(W[i], W[j])


# --------------------------------------------------------------------------------------------- the labels

def newton_minimum(net, th, X, y, iters=60):
    """Pseudo-inverse Newton on ∇L = 0 from the trained point; the point, ||∇L|| and the Hessian's eigenvalues."""
    t = th.copy()
    for _ in range(iters):
        _, g = net.loss_grad(t, X, y)
        if np.linalg.norm(g) < 1e-13:
            break
        lam, V = np.linalg.eigh(net.hessian(t, X, y))
        keep = np.abs(lam) > 1e-12 * np.abs(lam).max()
        step = -V[:, keep] @ ((V[:, keep].T @ g) / lam[keep])
        t = t + step
        if np.linalg.norm(t - th) > 10 * (1 + np.linalg.norm(th)):
            break
    _, g = net.loss_grad(t, X, y)
    return t, float(np.linalg.norm(g)), np.linalg.eigvalsh(net.hessian(t, X, y))


def continue_flow(net, th, X, y, pair, growth=1.1, max_steps=3000):
    """The gradient flow dθ/dt = -∇L continued from th by linearly implicit Euler steps
    θ <- θ - h (I + h H)^-1 ∇L (exact gradient, Hessian by differences of it; stable however stiff), h doubled
    after each accepted step and quartered when a step would raise the loss or move θ by more than 1% of ||θ||∞.
    Runs until |A| of the pair has grown by `growth` or max_steps; returns t, |A|, ε, cosine distance and the loss
    at both ends."""
    i, j, mirrored = pair
    A0, e0, c0 = pair_state(net, th, i, j, mirrored)
    L0, g = net.loss_grad(th, X, y)
    t, h, u, L = 0.0, 1.0, th.copy(), L0
    steps = 0
    while steps < max_steps and pair_state(net, u, i, j, mirrored)[0] < growth * A0:
        steps += 1
        H = net.hessian(u, X, y)
        du = -np.linalg.solve(np.eye(net.P) + h * H, h * g)
        Ln, gn = net.loss_grad(u + du, X, y)
        if Ln < L and np.abs(du).max() <= 0.01 * max(1.0, np.abs(u).max()):
            u, L, g, t = u + du, Ln, gn, t + h
            h *= 2.0
        else:
            h /= 4.0
    A1, e1, c1 = pair_state(net, u, i, j, mirrored)
    return {'t': t, 'steps': steps, 'A': [A0, A1], 'eps': [e0, e1], 'cosineDistance': [c0, c1], 'loss': [L0, L]}


def floor_loss(net, th, X, y, pair, A):
    """Valley-floor loss at fixed A: pair in channel coordinates (w, v, c) at A, everything else free (BFGS)."""
    i, j, mirrored = pair
    t0 = net.flipped(th, j) if mirrored else th
    if net.split(t0)[1][i] < 0:
        i, j = j, i
    m, r = net.m, net.r
    W, a, _ = net.split(t0)
    A0 = (a[i] - a[j]) / 2
    pair_idx = set(range(i * m, (i + 1) * m)) | set(range(j * m, (j + 1) * m)) | {r * m + i, r * m + j}
    rest = [k for k in range(net.P) if k not in pair_idx]
    u0 = np.concatenate([(W[i] + W[j]) / 2, A0 * (W[i] - W[j]), [a[i] + a[j]], t0[rest]])

    def theta(u):
        w, v, c = u[:m], u[m:2 * m], u[2 * m]
        t = t0.copy()
        t[i * m:(i + 1) * m] = w + v / (2 * A)
        t[j * m:(j + 1) * m] = w - v / (2 * A)
        t[r * m + i] = c / 2 + A
        t[r * m + j] = c / 2 - A
        t[rest] = u[2 * m + 1:]
        return t

    def fun(u):
        L, g = net.loss_grad(theta(u), X, y)
        gi, gj = g[i * m:(i + 1) * m], g[j * m:(j + 1) * m]
        return L, np.concatenate([gi + gj, (gi - gj) / (2 * A), [(g[r * m + i] + g[r * m + j]) / 2], g[rest]])

    res = scipy.optimize.minimize(fun, u0, jac=True, method='BFGS', options={'gtol': 1e-15, 'maxiter': 20000})
    return float(res.fun)


def label(net, th, X, y):
    L0, g0 = net.loss_grad(th, X, y)
    evidence = {'loss': L0, 'gradNorm': float(np.linalg.norm(g0))}
    t, gN, eig = newton_minimum(net, th, X, y)
    evidence['newton'] = {'gradNorm': gN, 'distance': float(np.linalg.norm(t - th)),
                          'hessianMin': float(eig[0]), 'hessianMax': float(eig[-1])}
    if gN < 1e-10 and np.linalg.norm(t - th) < 0.1 * (1 + np.linalg.norm(th)) and eig[0] > 1e-7 * eig[-1]:
        return 'finite-minimum', evidence
    pair = diverging_pair(net, th)
    if pair is None:
        return 'other', evidence
    i, j, mirrored = pair
    A, eps, cos = pair_state(net, th, i, j, mirrored)
    evidence['pair'] = {'i': i + 1, 'j': j + 1, 'mirrored': mirrored, 'A': A, 'eps': eps, 'cosineDistance': cos}
    more = continue_flow(net, th, X, y, pair)
    evidence['continuedFlow'] = more
    floors = [floor_loss(net, th, X, y, pair, A * f) for f in (1, 2, 4)]
    evidence['floorLoss(A,2A,4A)'] = floors
    if (more['A'][1] >= 1.1 * more['A'][0] and more['eps'][1] < more['eps'][0] and more['loss'][1] < more['loss'][0]
            and floors[0] > floors[1] > floors[2]):
        return 'channel', evidence
    return 'other', evidence


# -------------------------------------------------------------------------------------------- the data sets

def data_sets():
    rng = np.random.default_rng(20261207)
    sig_t, dsig_t = sigma('tanh')
    sig_l, dsig_l = sigma('logistic')
    X1 = np.round(np.linspace(-3.0, 3.0, 31), 6).reshape(-1, 1)
    X2 = np.round(rng.standard_normal((40, 2)), 4)
    out = {}

    def glu(X, w, v, c, act):
        s, ds = (sig_t, dsig_t) if act == 'tanh' else (sig_l, dsig_l)
        z = X @ np.array(w)
        return c * s(z) + (X @ np.array(v)) * ds(z)

    for act in ('tanh', 'logistic'):
        # Realisable GLU targets: two neurons reach them only at infinity (the realisable-GLU channel).
        out[f'glu1d-{act}'] = (X1, glu(X1, [1.0], [0.8], 0.5, act))
        out[f'glu2d-{act}'] = (X2, glu(X2, [1.0, 0.5], [0.6, -0.8], 0.5, act))
        # A width-3 teacher: finite minima of the width-2 student, and channels (generic, L_inf > 0).
        s = sig_t if act == 'tanh' else sig_l
        out[f'teacher1d-{act}'] = (X1, 1.0 * s(2.0 * X1[:, 0]) - 0.8 * s(0.5 * X1[:, 0] - 0.3)
                                   + 0.6 * s(-1.2 * X1[:, 0] + 0.5))
        z = X2 @ np.array([[1.0, 0.5], [-0.4, 1.2], [0.9, -0.7]]).T
        out[f'teacher2d-{act}'] = (X2, s(z) @ np.array([1.0, -0.7, 0.5]))
    # A GLU plus a third neuron, for width-3 students.
    out['glu2d-plus-tanh'] = (X2, glu(X2, [1.0, 0.5], [0.6, -0.8], 0.5, 'tanh') + 0.7 * sig_t(X2 @ np.array([-0.8, 1.1])))
    return out


# (name, data, activation, width, intercepts, solver, iterations, seeds)
RUNS = [
    ('glu1d-tanh', 'tanh', 2, True, 'lbfgs', 2000, [0, 1, 2, 3]),
    ('glu1d-tanh', 'tanh', 2, False, 'lbfgs', 2000, [0, 1, 3]),
    ('glu2d-tanh', 'tanh', 2, True, 'lbfgs', 1500, [0, 1, 2, 4]),
    ('glu2d-tanh', 'tanh', 2, False, 'lbfgs', 1500, [0, 1, 2]),
    ('glu2d-tanh', 'tanh', 2, False, 'adam', 20000, [1]),
    ('glu1d-logistic', 'logistic', 2, True, 'lbfgs', 2000, [0, 1, 2, 3]),
    ('glu2d-logistic', 'logistic', 2, True, 'lbfgs', 1500, [0, 2, 4]),
    ('glu2d-logistic', 'logistic', 2, False, 'lbfgs', 1500, [0, 4]),
    ('teacher1d-tanh', 'tanh', 2, True, 'lbfgs', 2000, [0, 2, 3, 5]),
    ('teacher1d-tanh', 'tanh', 2, False, 'lbfgs', 2000, [0, 1, 3]),
    ('teacher2d-tanh', 'tanh', 2, True, 'lbfgs', 2000, [0, 1, 2]),
    ('teacher2d-tanh', 'tanh', 2, False, 'lbfgs', 2000, [0, 1]),
    ('teacher1d-logistic', 'logistic', 2, True, 'lbfgs', 2000, [0, 1, 2]),
    ('teacher2d-logistic', 'logistic', 2, True, 'lbfgs', 2000, [0, 1]),
    ('glu2d-plus-tanh', 'tanh', 3, True, 'lbfgs', 2000, [0, 1, 2]),
    ('teacher2d-tanh', 'tanh', 3, False, 'lbfgs', 2000, [0, 1]),
]


def write_recipes():
    """The files docs/detect.md's PyTorch and JAX/NumPy recipes write, for two fixtures (a mirrored 2-D channel
    and a finite minimum), made from the scikit-learn files with the same float64 values:
      * PyTorch nn.Sequential(nn.Linear(d, k), nn.Tanh(), nn.Linear(k, 1)).double(): its state dict as JSON,
        {"0.weight": k x d, "0.bias": k, "2.weight": 1 x k, "2.bias": 1} (weight is out x in: coefs_[0].T);
      * JAX/Flax or NumPy arrays: W1 (d x k, the kernel of x @ W1), b1 (k), W2 (k x 1), b2 (1), saved with
        np.save as w.npy = vstack([W1, b1]) ((d + 1) x k: --layout sklearn --hidden-bias), a.npy = W2[:, 0],
        b.npy = b2."""
    out = os.path.join(OUT, 'recipes')
    os.makedirs(out, exist_ok=True)
    for name, short in (('glu2d-tanh-w2-icpt-lbfgs-s1', 'channel'), ('teacher2d-tanh-w2-icpt-lbfgs-s0', 'minimum')):
        with open(os.path.join(OUT, f'{name}.sklearn.json')) as f:
            m = json.load(f)
        W1 = np.array(m['coefs_'][0])
        W2 = np.array(m['coefs_'][1])
        b1 = np.array(m['intercepts_'][0])
        b2 = np.array(m['intercepts_'][1])
        sd = {'0.weight': W1.T, '0.bias': b1, '2.weight': W2.T, '2.bias': b2}
        with open(os.path.join(out, f'{short}.state-dict.json'), 'w') as f:
            json.dump({k: v.tolist() for k, v in sd.items()}, f)
            f.write('\n')
        np.save(os.path.join(out, f'{short}.w.npy'), np.vstack([W1, b1[None, :]]))
        np.save(os.path.join(out, f'{short}.a.npy'), W2[:, 0])
        np.save(os.path.join(out, f'{short}.b.npy'), b2)


def main():
    only = sys.argv[1:]
    if only == ['--recipes']:
        write_recipes()
        return
    os.makedirs(OUT, exist_ok=True)
    data = data_sets()
    manifest = {
        'generator': 'scripts/sklearn-fixtures/generate.py',
        'sklearn': sklearn.__version__,
        'numpy': np.__version__,
        'scipy': scipy.__version__,
        'loss': 'scikit-learn: (1/2) mean((f - y)^2), alpha = 0; the toolkit: mean((f - y)^2)',
        'fixtures': [],
    }
    written_data = set()
    for (dname, act, width, intercepts, solver, iters, seeds) in RUNS:
        X, y = data[dname]
        for seed in seeds:
            name = f"{dname}-w{width}-{'icpt' if intercepts else 'noicpt'}-{solver}-s{seed}"
            if only and not any(o in name for o in only):
                continue
            t0 = time.time()
            m = train(X, y, act, width, intercepts, solver, iters, seed)
            net, th = Net.from_sklearn(m, intercepts)
            lab, ev = label(net, th, X, y)
            print(f'{name}: {lab} ({time.time() - t0:.0f} s) {json.dumps(ev.get("pair"))}', flush=True)
            if lab == 'other':
                continue
            if dname not in written_data:
                with open(os.path.join(OUT, f'{dname}.data.json'), 'w') as f:
                    json.dump({'x': X.tolist(), 'y': y.tolist()}, f)
                    f.write('\n')
                written_data.add(dname)
            with open(os.path.join(OUT, f'{name}.sklearn.json'), 'w') as f:
                json.dump(sklearn_export(m, intercepts), f)
                f.write('\n')
            manifest['fixtures'].append({
                'name': name, 'data': f'{dname}.data.json', 'activation': act, 'width': width,
                'inputDimension': int(X.shape[1]), 'intercepts': intercepts, 'solver': solver,
                'maxIter': iters, 'iterations': int(m.n_iter_), 'seed': seed, 'label': lab, 'evidence': ev,
            })
    with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
        f.write('\n')
    write_recipes()


if __name__ == '__main__':
    main()

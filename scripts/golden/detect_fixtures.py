#!/usr/bin/env python3
"""Trained networks for `flat-channels detect` (test/fixtures/detect/), made outside the toolkit.

Small two-layer networks f(x) = sum_k a_k sigma(w_k . x + c_k) + b are trained with Adam in numpy (float64) on
teacher data. Some end in channels (a pair of neurons with merging input weights and diverging, opposite readouts),
some at finite minima. Each end point is then LABELLED by this script alone, independently of the toolkit:
  * channel:        for the closest opposite-readout pair, the valley-floor loss (all other coordinates
                    minimised by BFGS at fixed A = (a_i - a_j)/2) decreases strictly from A to 2A to 4A: the loss
                    keeps falling outward along the channel, no finite minimum holds the pair;
  * duplicate:      two neurons with (numerically) equal input weights and same-sign readouts, gradient < 1e-4:
                    a point of a saddle line (Fukumizu-Amari), not a channel;
  * finite-minimum: after Newton polishing (central-difference Hessian) the gradient norm is below 1e-10 and the
                    Hessian is positive definite (smallest eigenvalue > 1e-8 of the largest): a strict minimum.
The networks are written in the formats `detect` reads: our parameters JSON, NumPy .npy (f8 and f4), a
PyTorch-style state dict as JSON, and safetensors (F64, F32, and tiny F16/BF16 files with exactly representable
values), each written by hand here (no torch, no safetensors package). Data as {"x": [[...]], "y": [...]}.

Run: python3 scripts/golden/detect_fixtures.py   (numpy and scipy; a few minutes on a loaded machine)
"""

import json
import math
import os
import struct

import numpy as np
from scipy.special import erf as _erf

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'detect')


def act(name):
    if name == 'tanh':
        return np.tanh, lambda z: 1.0 - np.tanh(z) ** 2
    if name == 'erf':  # the paper's erf: erf(x / sqrt 2)
        return (lambda z: _erf(z / math.sqrt(2.0)),
                lambda z: math.sqrt(2.0 / math.pi) * np.exp(-z * z / 2.0))
    raise ValueError(name)


class Net:
    """Flat order of the toolkit: w row by row (hidden bias last in a row), then a, then the output bias."""

    def __init__(self, d, r, hidden_bias, output_bias, activation):
        self.d, self.r, self.hb, self.ob = d, r, hidden_bias, output_bias
        self.m = d + (1 if hidden_bias else 0)
        self.P = r * self.m + r + (1 if output_bias else 0)
        self.s, self.ds = act(activation)

    def split(self, th):
        W = th[: self.r * self.m].reshape(self.r, self.m)
        a = th[self.r * self.m: self.r * self.m + self.r]
        b = th[-1] if self.ob else 0.0
        return W, a, b

    def inputs(self, X):
        return np.hstack([X, np.ones((X.shape[0], 1))]) if self.hb else X

    def loss_grad(self, th, X, y):
        W, a, b = self.split(th)
        Xb = self.inputs(X)
        Z = Xb @ W.T
        S = self.s(Z)
        f = S @ a + b
        res = f - y
        N = len(y)
        L = float(np.mean(res ** 2))
        g = 2.0 * res / N
        ga = S.T @ g
        gW = ((g[:, None] * self.ds(Z)) * a[None, :]).T @ Xb
        parts = [gW.ravel(), ga]
        if self.ob:
            parts.append(np.array([g.sum()]))
        return L, np.concatenate(parts)


def adam(net, th, X, y, steps, lr, b1=0.9, b2=0.999, eps=1e-8):
    m = np.zeros_like(th)
    v = np.zeros_like(th)
    for t in range(1, steps + 1):
        _, g = net.loss_grad(th, X, y)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        th = th - lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
    return th


def channel_point(w, v, c, A):
    """Two neurons at channel coordinates (mathematics.md sec. 2): w_i = w + v/(2A), w_j = w - v/(2A),
    a_i = c/2 + A, a_j = c/2 - A."""
    w, v = np.array(w), np.array(v)
    return np.concatenate([w + v / (2 * A), w - v / (2 * A), [c / 2 + A, c / 2 - A]])


def pair_stats(net, th, i, j):
    W, a, _ = net.split(th)
    return abs(a[i] - a[j]) / 2.0, np.linalg.norm(W[i] - W[j]) / 2.0


def best_pair(net, th):
    W, a, _ = net.split(th)
    best = None
    for i in range(net.r):
        for j in range(i + 1, net.r):
            if a[i] * a[j] < 0:
                score = np.linalg.norm(W[i] - W[j]) / abs(a[i] - a[j])
                if best is None or score < best[0]:
                    best = (score, i, j)
    return None if best is None else best[1:]


def hessian(net, th, X, y):
    H = np.zeros((net.P, net.P))
    for k in range(net.P):
        e = np.zeros(net.P)
        e[k] = 1e-6 * max(1.0, abs(th[k]))
        H[:, k] = (net.loss_grad(th + e, X, y)[1] - net.loss_grad(th - e, X, y)[1]) / (2 * e[k])
    return (H + H.T) / 2


def floor_loss(net, th, X, y, i, j, A):
    """The valley-floor loss at fixed A = (a_i - a_j)/2: minimise over u = (w, v, c) of the pair (w_i = w + v/(2A),
    w_j = w - v/(2A), a_i = c/2 + A, a_j = c/2 - A) with the other parameters (none here: width 2) free."""
    from scipy.optimize import minimize
    W, a, _ = net.split(th)
    A0 = (a[i] - a[j]) / 2
    u0 = np.concatenate([(W[i] + W[j]) / 2, A0 * (W[i] - W[j]), [a[i] + a[j]]])
    m = net.m

    def theta(u):
        w, v, c = u[:m], u[m:2 * m], u[-1]
        t = th.copy()
        t[i * m:(i + 1) * m] = w + v / (2 * A)
        t[j * m:(j + 1) * m] = w - v / (2 * A)
        t[net.r * m + i] = c / 2 + A
        t[net.r * m + j] = c / 2 - A
        return t

    def fun(u):
        L, g = net.loss_grad(theta(u), X, y)
        gw_i, gw_j = g[i * m:(i + 1) * m], g[j * m:(j + 1) * m]
        ga_i, ga_j = g[net.r * m + i], g[net.r * m + j]
        return L, np.concatenate([gw_i + gw_j, (gw_i - gw_j) / (2 * A), [(ga_i + ga_j) / 2]])

    r = minimize(fun, u0, jac=True, method='BFGS', options={'gtol': 1e-14, 'maxiter': 10000})
    return float(r.fun)


def label(net, th, X, y):
    """The independent label of an end point (see the module docstring)."""
    L0, g0 = net.loss_grad(th, X, y)
    eig = np.linalg.eigvalsh(hessian(net, th, X, y))
    info = {'gradNorm': float(np.linalg.norm(g0)), 'hessianMin': float(eig[0]), 'hessianMax': float(eig[-1])}
    pair = best_pair(net, th)
    if pair is not None and net.r == 2:
        A0, e0 = pair_stats(net, th, *pair)
        i, j = pair if net.split(th)[1][pair[0]] > 0 else pair[::-1]
        floors = [floor_loss(net, th, X, y, i, j, A0 * f) for f in (1, 2, 4)]
        info.update({'pair': [pair[0] + 1, pair[1] + 1], 'A': A0, 'eps': e0, 'floorLoss(A,2A,4A)': floors})
        if floors[0] > floors[1] > floors[2]:
            return 'channel', info
    if info['gradNorm'] < 1e-10 and eig[0] > 1e-8 * eig[-1]:
        return 'finite-minimum', info
    W, a, _ = net.split(th)
    if info['gradNorm'] < 1e-4 and net.r == 2 and np.linalg.norm(W[0] - W[1]) < 1e-4 and a[0] * a[1] > 0:
        return 'duplicate', info
    return 'unclear', info


# ---------------------------------------------------------------------------------------------- file writers

def write_json(name, obj):
    with open(os.path.join(OUT, name), 'w') as f:
        json.dump(obj, f, indent=1)
        f.write('\n')


def write_npy(name, arr, dtype):
    """NumPy format 1.0, written by hand: magic, version, header length (LE u16), dict header padded to 64."""
    arr = np.ascontiguousarray(arr, dtype=dtype)
    descr = np.dtype(dtype).newbyteorder('<').str
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, repr(tuple(arr.shape)))
    pad = 64 - (10 + len(header) + 1) % 64
    header = header + ' ' * pad + '\n'
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(b'\x93NUMPY\x01\x00' + struct.pack('<H', len(header)) + header.encode('latin1'))
        f.write(arr.astype(np.dtype(dtype).newbyteorder('<')).tobytes(order='C'))


def write_safetensors(name, tensors, metadata=None):
    """safetensors written by hand: u64 LE header length, JSON header {name: {dtype, shape, data_offsets}}, data."""
    header = {}
    blobs = []
    offset = 0
    for key, (arr, dtype) in tensors.items():
        if dtype == 'BF16':
            f32 = np.ascontiguousarray(arr, dtype='<f4').view('<u4')
            raw = (f32 >> 16).astype('<u2').tobytes()  # exact for values with <= 8 significant bits
        else:
            raw = np.ascontiguousarray(arr, dtype={'F64': '<f8', 'F32': '<f4', 'F16': '<f2'}[dtype]).tobytes()
        header[key] = {'dtype': dtype, 'shape': list(np.shape(arr)), 'data_offsets': [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    if metadata:
        header['__metadata__'] = metadata
    text = json.dumps(header).encode('utf8')
    text += b' ' * ((8 - len(text) % 8) % 8)
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(struct.pack('<Q', len(text)) + text + b''.join(blobs))


def dec(v):
    return repr(float(v))


def params_json(net, th):
    W, a, b = net.split(th)
    out = {'w': [[dec(v) for v in row] for row in W], 'a': [dec(v) for v in a]}
    if net.ob:
        out['b'] = dec(b)
    return out


def state_dict(net, th):
    """PyTorch nn.Sequential(Linear(d, r), act, Linear(r, 1)) keys: 0.weight (r x d), 0.bias, 2.weight (1 x r),
    2.bias (1)."""
    W, a, b = net.split(th)
    sd = {'0.weight': W[:, : net.d], '2.weight': a.reshape(1, -1)}
    if net.hb:
        sd['0.bias'] = W[:, net.d]
    if net.ob:
        sd['2.bias'] = np.array([b])
    return sd


def data_json(X, y):
    return {'x': [[dec(v) for v in row] for row in X], 'y': [dec(v) for v in y]}


# ---------------------------------------------------------------------------------------------- the networks

def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261202)
    manifest = {'generator': 'scripts/golden/detect_fixtures.py', 'networks': []}

    # 1. A realisable GLU target in two inputs: 0.5 tanh(w.x) + (v.x) sech^2(w.x), w = (1, 0.5), v = (0.6, -0.8).
    #    Two tanh neurons reach it only at infinity: Adam enters the channel; |a| ends in the hundreds.
    X = np.round(rng.standard_normal((24, 2)), 3)
    w_t, v_t = np.array([1.0, 0.5]), np.array([0.6, -0.8])
    y = 0.5 * np.tanh(X @ w_t) + (X @ v_t) * (1 - np.tanh(X @ w_t) ** 2)
    net = Net(2, 2, False, False, 'tanh')
    # Adam's drift along a channel is as slow as the flow's (|A| ~ t^(1/6) here), so the run starts inside the
    # channel at |A| = 300, off the valley floor (w, v, c perturbed from the target's), and relaxes onto it.
    th = adam(net, channel_point([0.9, 0.6], [0.5, -0.7], 0.6, 300.0), X, y, 30000, 1e-3)
    write_json('glu-data.json', data_json(X, y))
    write_json('glu-channel.params.json', params_json(net, th))
    W, a, _ = net.split(th)
    write_npy('glu-channel.w.npy', W, '<f8')
    write_npy('glu-channel.a.npy', a, '<f8')
    write_safetensors('glu-channel.f32.safetensors',
                      {k: (v, 'F32') for k, v in state_dict(net, th).items()})
    print("labelling", flush=True)
    lab, info = label(net, th, X, y)
    manifest['networks'].append({'name': 'glu-channel', 'activation': 'tanh', 'label': lab, 'evidence': info,
                                 'loss': net.loss_grad(th, X, y)[0], 'normTheta': float(np.linalg.norm(th))})

    # 2. The paper's toy target in one input, erf neurons, 80 samples: Adam enters a channel (generic: L_inf > 0).
    X1 = np.round(rng.standard_normal((80, 1)), 3)
    s_erf, _ = act('erf')
    y1 = s_erf(5 * X1[:, 0] + 2.5) + s_erf(5 * X1[:, 0] - 2.5)
    net1 = Net(1, 2, False, False, 'erf')
    # Adam from (w, a) = ((2, 2.2), (3, -2)) enters this channel slowly (|A| ~ 10 after 3e4 steps); the fixture
    # starts where that run points, at |A| = 300 (c = 2.02, w = 3.18, a = 2 eps A = -6.47), and relaxes.
    th1 = adam(net1, channel_point([3.18], [-6.47], 2.02, 300.0), X1, y1, 30000, 1e-3)
    write_json('toy-data.json', data_json(X1, y1))
    write_json('toy-channel.state-dict.json',
               {k: v.tolist() for k, v in state_dict(net1, th1).items()})
    print("labelling", flush=True)
    lab, info = label(net1, th1, X1, y1)
    manifest['networks'].append({'name': 'toy-channel', 'activation': 'erf', 'label': lab, 'evidence': info,
                                 'loss': net1.loss_grad(th1, X1, y1)[0],
                                 'normTheta': float(np.linalg.norm(th1))})

    # 2b. The same toy from (w, a) = ((0.8, 1.2), (0.5, 0.5)): the two neurons merge with EQUAL-sign readouts,
    #     a point of the saddle line of the one-neuron critical point (not a channel).
    th1d = adam(net1, np.array([0.8, 1.2, 0.5, 0.5]), X1, y1, 30000, 0.01)
    write_json('toy-duplicate.params.json', params_json(net1, th1d))
    print("labelling", flush=True)
    lab, info = label(net1, th1d, X1, y1)
    manifest['networks'].append({'name': 'toy-duplicate', 'activation': 'erf', 'label': lab, 'evidence': info,
                                 'loss': net1.loss_grad(th1d, X1, y1)[0],
                                 'normTheta': float(np.linalg.norm(th1d))})

    # 3. A finite minimum: a width-2 tanh teacher with biases, fitted by a width-2 student with biases (PyTorch's
    #    default Linear layers). The student reaches the teacher (loss ~ 0) at a finite point.
    X2 = np.round(rng.standard_normal((30, 2)), 3)
    teacher = Net(2, 2, True, True, 'tanh')
    th_t = np.array([1.0, 0.3, 0.2, -0.5, 1.0, -0.1, 1.0, -0.7, 0.05])
    y2 = teacher.split(th_t)[1] @ np.tanh(teacher.inputs(X2) @ teacher.split(th_t)[0].T).T + th_t[-1]
    net2 = Net(2, 2, True, True, 'tanh')
    th2 = adam(net2, np.array([0.5, 0.5, 0.0, -0.3, 0.6, 0.0, 0.5, -0.5, 0.0]), X2, y2, 20000, 0.01)
    th2 = gradient_polish(net2, th2, X2, y2)
    write_json('teacher-data.json', data_json(X2, y2))
    write_json('teacher-minimum.state-dict.json',
               {k: v.tolist() for k, v in state_dict(net2, th2).items()})
    write_safetensors('teacher-minimum.f64.safetensors',
                      {k: (v, 'F64') for k, v in state_dict(net2, th2).items()}, {'format': 'pt'})
    print("labelling", flush=True)
    lab, info = label(net2, th2, X2, y2)
    manifest['networks'].append({'name': 'teacher-minimum', 'activation': 'tanh', 'label': lab,
                                 'evidence': info, 'loss': net2.loss_grad(th2, X2, y2)[0],
                                 'normTheta': float(np.linalg.norm(th2))})

    # 4. A finite minimum with loss > 0: one input, width-3 tanh teacher, width-2 student (no biases).
    X3 = np.round(np.linspace(-3, 3, 25).reshape(-1, 1), 3)
    y3 = 1.0 * np.tanh(2.0 * X3[:, 0]) - 0.8 * np.tanh(0.5 * X3[:, 0]) + 0.6 * np.tanh(-1.2 * X3[:, 0])
    net3 = Net(1, 2, False, False, 'tanh')
    th3 = adam(net3, np.array([1.5, -0.4, 0.5, 0.5]), X3, y3, 20000, 0.01)
    th3 = gradient_polish(net3, th3, X3, y3)
    write_npy('misfit-minimum.w.f4.npy', net3.split(th3)[0], '<f4')
    write_npy('misfit-minimum.w.npy', net3.split(th3)[0], '<f8')
    write_npy('misfit-minimum.a.npy', net3.split(th3)[1], '<f8')
    write_json('misfit-data.json', data_json(X3, y3))
    write_json('misfit-minimum.params.json', params_json(net3, th3))
    print("labelling", flush=True)
    lab, info = label(net3, th3, X3, y3)
    manifest['networks'].append({'name': 'misfit-minimum', 'activation': 'tanh', 'label': lab,
                                 'evidence': info, 'loss': net3.loss_grad(th3, X3, y3)[0],
                                 'normTheta': float(np.linalg.norm(th3))})

    # 5. Parser fixtures with exactly representable values (F16, BF16, f4): 1.5, -0.25, 3, 0.125, -2, 0.5.
    vals = np.array([[1.5, -0.25], [3.0, 0.125]])
    write_safetensors('tiny.f16.safetensors', {'0.weight': (vals, 'F16'), '2.weight': (np.array([[-2.0, 0.5]]), 'F16')})
    write_safetensors('tiny.bf16.safetensors', {'0.weight': (vals, 'BF16'), '2.weight': (np.array([[-2.0, 0.5]]), 'BF16')})
    write_npy('tiny.w.f4.npy', vals, '<f4')
    write_npy('tiny.a.f8.npy', np.array([-2.0, 0.5]), '<f8')
    np.save(os.path.join(OUT, 'tiny.w.numpy-save.npy'), vals)  # numpy's own writer, to check the parser on it

    def clean(o):
        if isinstance(o, dict):
            return {k: clean(v) for k, v in o.items()}
        if isinstance(o, (list, tuple)):
            return [clean(v) for v in o]
        if isinstance(o, (np.floating, float)):
            return repr(float(o))
        if isinstance(o, np.integer):
            return int(o)
        return o

    write_json('manifest.json', clean(manifest))
    for n in manifest['networks']:
        print(n['name'], n['label'], 'loss', n['loss'], '|theta|', n['normTheta'], n['evidence'])


def gradient_polish(net, th, X, y, iters=50):
    """Newton steps on the loss (Hessian by central differences) to land on the minimum to ~1e-12."""
    for _ in range(iters):
        _, g = net.loss_grad(th, X, y)
        if np.linalg.norm(g) < 1e-13:
            break
        H = np.zeros((net.P, net.P))
        for k in range(net.P):
            e = np.zeros(net.P)
            e[k] = 1e-6
            H[:, k] = (net.loss_grad(th + e, X, y)[1] - net.loss_grad(th - e, X, y)[1]) / 2e-6
        H = (H + H.T) / 2
        w, V = np.linalg.eigh(H)
        if w[0] <= 0:
            break
        th = th - V @ ((V.T @ g) / w)
    return th


if __name__ == '__main__':
    main()

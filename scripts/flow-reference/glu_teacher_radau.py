#!/usr/bin/env python3
"""Independent reference for `flat-channels flow --problem glu-teacher` (issue 16), in mpmath (no code of the toolkit).

The problem, restated from src/network/problems.ts (test/flow/glu-teacher-reference.test.ts checks that the inputs
recorded in the fixture are the toolkit's): two tanh neurons without biases, f(x) = a1 tanh(w1 x) + a2 tanh(w2 x),
fitting y = 0.5 tanh(x) + x sech^2(x) at the 9 points -3, -2.25, ..., 3; the loss is the mean squared error WITHOUT
a factor 1/2, L = (1/9) sum (f - y)^2 (mathematics.md section 1); the flow is d theta/dt = -grad L from
theta(0) = (w1, w2, a1, a2) = (1.1, 0.9, 5, -4.5).

Method (chosen to share nothing with the toolkit's 3/5/7-stage Radau IIA, its embedded estimate or its controller):
* Radau IIA with S = 9 stages (order 17). Nodes: the zeros of P*_9 - P*_8 (shifted Legendre) by mpmath's polyroots,
  A from the collocation conditions by mpmath's lu_solve; the generator checks the order conditions
  sum_i b_i c_i^(k-1) = 1/k (k = 1..17) and sum_j a_ij c_j^(k-1) = c_i^k / k (k = 1..9) at the working precision.
* The stage equations Z_i = h sum_j a_ij F(y0 + Z_j), F = -grad L, are solved by Newton's method whose residual is
  computed in mpmath at the working precision and whose matrix I + h (A kron I) diag(Hess L(Y_j)) is the exact
  Hessian at the current stage values, evaluated and factored in numpy float64: the matrix only sets the speed of
  convergence, never the fixed point. Iterated until the correction is below 10^-(dps-6) relative to max(1, |y|);
  a step whose iteration does not converge in 60 iterations is rejected and quartered.
* Local error control by step doubling: one step of h against two of h/2; the difference divided by 2^S (not
  2^(2S-1) - 1: conservative, allowing for the stage-order reduction of stiff problems) must be below the tolerance
  relative to max(1, |y_i|) componentwise; the two half steps are kept (no extrapolation). New step
  h * min(3, max(0.2, 0.8 (tol/err)^(1/(2S)))); the step is cut to land exactly on each output time.
  Measured at t = 1.06e8 (45 digits, 6 settling steps from the float64 state, then one step against two halves):
  the difference falls from 6.7e-25 (h/t = 0.1) to 1.7e-29 (h/t = 0.03), i.e. like h^8.8, not h^18: the stiff
  components cost the method its classical order (stage order 9), so the channel takes 250 (1e-33) to 500-700
  (1e-38) steps per decade.
* Predictors: the stage values of the half steps are interpolated from the full step's collocation polynomial,
  the next full step's are extrapolated from the previous one.
* Confirmation: the whole flow is run twice, at 35 digits with tolerance 1e-33 and at 45 digits with 1e-38
  (other precision, other tolerance, hence other step sequence); a value keeps the significant digits on which both
  runs agree (both round to the same k-digit number), at most min(dps) - 3; the values written are the finer run's,
  rounded to those digits.

Usage:
  python3 scripts/flow-reference/glu_teacher_radau.py run --dps 35 --tol 1e-33 --out run1.json   (progress on stderr)
  python3 scripts/flow-reference/glu_teacher_radau.py run --dps 45 --tol 1e-38 --out run2.json
  python3 scripts/flow-reference/glu_teacher_radau.py combine run1.json run2.json --commands "..." \
      > test/flow/fixtures/glu-teacher-reference.json
The two runs are independent processes (run them side by side on two cores). numpy is used only for the Newton
matrix; every value that reaches the fixture is computed in mpmath.
"""
import argparse
import json
import platform
import sys
import time

import mpmath
import numpy as np
from mpmath import mp, mpf

S = 9
P = 4
INPUTS = ['-3', '-2.25', '-1.5', '-0.75', '0', '0.75', '1.5', '2.25', '3']
TARGET = '0.5*tanh(x) + x/cosh(x)^2'
INIT = {'w': ['1.1', '0.9'], 'a': ['5', '-4.5']}
TIMES = ['1e8', '1e10', '1e12']
PROBLEM = {
    'name': 'glu-teacher',
    'activation': 'tanh',
    'hiddenBias': False,
    'outputBias': False,
    'inputs': INPUTS,
    'target': TARGET,
    'init': INIT,
    'loss': 'L = (1/9) * sum over the 9 inputs of (a1 tanh(w1 x) + a2 tanh(w2 x) - y)^2 (no factor 1/2)',
    'flow': 'd theta/dt = -grad L(theta), theta = (w1, w2, a1, a2)',
}


class Problem:
    """Loss, gradient (mpmath) and Hessian (float64, for the Newton matrix only) at the current mp.dps."""

    def __init__(self):
        self.xs = [mpf(x) for x in INPUTS]
        self.ys = [mpf('0.5') * mp.tanh(x) + x * mp.sech(x) ** 2 for x in self.xs]
        self.n = len(self.xs)
        self.xs64 = np.array([float(x) for x in self.xs])
        self.ys64 = np.array([float(y) for y in self.ys])
        self.grads = 0
        self.hessians = 0

    def residuals(self, th):
        w1, w2, a1, a2 = th
        out = []
        for x, y in zip(self.xs, self.ys):
            t1, t2 = mp.tanh(w1 * x), mp.tanh(w2 * x)
            out.append((x, t1, t2, a1 * t1 + a2 * t2 - y))
        return out

    def loss(self, th):
        return mp.fsum(r * r for _, _, _, r in self.residuals(th)) / self.n

    def grad(self, th):
        self.grads += 1
        _, _, a1, a2 = th
        g = [mpf(0)] * 4
        for x, t1, t2, r in self.residuals(th):
            # df/dw_k = a_k sech^2(w_k x) x, df/da_k = tanh(w_k x); dL/dtheta = (2/N) sum r df/dtheta.
            g[0] += r * a1 * (1 - t1 * t1) * x
            g[1] += r * a2 * (1 - t2 * t2) * x
            g[2] += r * t1
            g[3] += r * t2
        k = mpf(2) / self.n
        return [k * v for v in g]

    def hess64(self, th):
        self.hessians += 1
        w1, w2, a1, a2 = (float(v) for v in th)
        x = self.xs64
        t1, t2 = np.tanh(w1 * x), np.tanh(w2 * x)
        s1, s2 = 1 - t1 * t1, 1 - t2 * t2
        r = a1 * t1 + a2 * t2 - self.ys64
        J = np.stack([a1 * s1 * x, a2 * s2 * x, t1, t2])
        H = J @ J.T
        H[0, 0] += np.sum(r * a1 * (-2 * t1 * s1) * x * x)
        H[1, 1] += np.sum(r * a2 * (-2 * t2 * s2) * x * x)
        H[0, 2] += np.sum(r * s1 * x)
        H[2, 0] = H[0, 2]
        H[1, 3] += np.sum(r * s2 * x)
        H[3, 1] = H[1, 3]
        return 2.0 / self.n * H


def tableau(s):
    """Radau IIA: nodes = zeros of P*_s - P*_(s-1), A from the collocation conditions; checked to the working precision."""

    def shifted_legendre(n):
        return [(-1) ** (n + k) * mp.binomial(n, k) * mp.binomial(n + k, k) for k in range(n + 1)]

    ps, pm = shifted_legendre(s), shifted_legendre(s - 1) + [mpf(0)]
    coef = [ps[k] - pm[k] for k in range(s + 1)]
    roots = mp.polyroots(coef[::-1], maxsteps=1000, extraprec=4 * mp.prec)
    c = sorted(mp.re(r) for r in roots)
    if abs(c[-1] - 1) > mpf(10) ** (-(mp.dps - 5)):
        raise RuntimeError('the last Radau node is not 1')
    c[-1] = mpf(1)
    V = mp.matrix(s, s)
    for j in range(s):
        for k in range(s):
            V[k, j] = c[j] ** k
    A = []
    for i in range(s):
        rhs = mp.matrix([c[i] ** (k + 1) / (k + 1) for k in range(s)])
        sol = mp.lu_solve(V, rhs)
        A.append([sol[j] for j in range(s)])
    worst = mpf(0)
    for k in range(1, 2 * s):
        worst = max(worst, abs(mp.fsum(A[s - 1][i] * c[i] ** (k - 1) for i in range(s)) - mpf(1) / k))
    for i in range(s):
        for k in range(1, s + 1):
            worst = max(worst, abs(mp.fsum(A[i][j] * c[j] ** (k - 1) for j in range(s)) - c[i] ** k / k))
    if worst > mpf(10) ** (-(mp.dps - 8)):
        raise RuntimeError('Radau IIA order conditions fail by %s' % mp.nstr(worst, 3))
    return c, A, worst


class Radau:
    def __init__(self, prob, s, newton_digits):
        self.prob = prob
        self.s = s
        self.c, self.A, self.order_residual = tableau(s)
        self.A64 = np.array([[float(v) for v in row] for row in self.A])
        self.newton_tol = mpf(10) ** (-newton_digits)
        self.iterations = 0
        self.solves = 0
        # Interpolation nodes of the collocation polynomial: 0 and the c_i (units of the step).
        self.nodes = [mpf(0)] + self.c

    def solve(self, y0, h, Z):
        """Stage increments Z (s lists of P) of one step of size h from y0, from the predictor Z; None if Newton fails."""
        s, A, prob = self.s, self.A, self.prob
        scale = max(mpf(1), max(abs(v) for v in y0))
        hf = float(h)
        self.solves += 1
        for _ in range(60):
            self.iterations += 1
            Y = [[y0[r] + Z[i][r] for r in range(P)] for i in range(s)]
            G = [prob.grad(Yi) for Yi in Y]
            # Residual of Z_i + h sum_j a_ij grad L(Y_j) = 0 (F = -grad L).
            R = np.empty(s * P)
            Rmp = []
            for i in range(s):
                for r in range(P):
                    v = Z[i][r] + h * mp.fsum(A[i][j] * G[j][r] for j in range(s))
                    Rmp.append(v)
                    R[i * P + r] = float(v)
            M = np.eye(s * P)
            for j in range(s):
                Hj = prob.hess64(Y[j])
                for i in range(s):
                    M[i * P : (i + 1) * P, j * P : (j + 1) * P] += hf * self.A64[i, j] * Hj
            if not np.all(np.isfinite(M)) or not np.all(np.isfinite(R)):
                return None
            dz = np.linalg.solve(M, -R)
            big = mpf(0)
            for i in range(s):
                for r in range(P):
                    d = mpf(float(dz[i * P + r]))
                    Z[i][r] += d
                    big = max(big, abs(d))
            if big <= self.newton_tol * scale:
                return Z
            if big > 10 * scale:
                return None
        return None

    def interpolate(self, y0, Z, taus):
        """The collocation polynomial through (0, y0), (c_i, y0 + Z_i), minus y0, at the step fractions taus."""
        nodes = self.nodes
        vals = [[mpf(0)] * P] + Z
        out = []
        for tau in taus:
            acc = [mpf(0)] * P
            for k, nk in enumerate(nodes):
                L = mpf(1)
                for m, nm in enumerate(nodes):
                    if m != k:
                        L *= (tau - nm) / (nk - nm)
                for r in range(P):
                    acc[r] += L * vals[k][r]
            out.append(acc)
        return out


def end_point(y0, Z):
    return [y0[r] + Z[-1][r] for r in range(P)]


def run(dps, tol_str, times, h0='1e-3', log=sys.stderr):
    mp.dps = dps
    start = time.process_time()
    prob = Problem()
    rk = Radau(prob, S, dps - 6)
    tol = mpf(tol_str)
    y = [mpf(INIT['w'][0]), mpf(INIT['w'][1]), mpf(INIT['a'][0]), mpf(INIT['a'][1])]
    t = mpf(0)
    h = mpf(h0)
    steps = rejected = 0
    prev = None  # (y0, Z, h) of the previous accepted full step, for the predictor
    states = []
    targets = [mpf(T) for T in times]
    k = 0
    last_log = 0.0
    while k < len(targets):
        T = targets[k]
        land = t + mpf('1.05') * h >= T
        hh = T - t if land else h
        if prev is not None:
            py0, pZ, ph = prev
            Zp = rk.interpolate(py0, pZ, [1 + ci * hh / ph for ci in rk.c])
            base = end_point(py0, pZ)
            Zp = [[Zp[i][r] - (base[r] - py0[r]) for r in range(P)] for i in range(S)]
            if hh > 3 * ph:
                Zp = [[mpf(0)] * P for _ in range(S)]
        else:
            Zp = [[mpf(0)] * P for _ in range(S)]
        Zfull = rk.solve(y, hh, [row[:] for row in Zp])
        if Zfull is None:
            Zfull = rk.solve(y, hh, [[mpf(0)] * P for _ in range(S)])
        ok = Zfull is not None
        if ok:
            Z1 = rk.interpolate(y, Zfull, [ci / 2 for ci in rk.c])
            Z1 = rk.solve(y, hh / 2, Z1)
            ok = Z1 is not None
        if ok:
            ymid = end_point(y, Z1)
            Z2 = rk.interpolate(y, Zfull, [(1 + ci) / 2 for ci in rk.c])
            Z2 = [[Z2[i][r] - (ymid[r] - y[r]) for r in range(P)] for i in range(S)]
            Z2 = rk.solve(ymid, hh / 2, Z2)
            ok = Z2 is not None
        if not ok:
            rejected += 1
            h = hh / 4
            continue
        yfull = end_point(y, Zfull)
        ytwo = end_point(ymid, Z2)
        err = max(abs(ytwo[r] - yfull[r]) / max(mpf(1), abs(y[r])) for r in range(P)) / 2**S / tol
        fac = min(mpf(3), max(mpf('0.2'), mpf('0.8') * (1 / max(err, mpf(10) ** -60)) ** (mpf(1) / (2 * S))))
        if err <= 1:
            steps += 1
            prev = (y, Zfull, hh)
            y = ytwo
            t = T if land else t + hh
            if land:
                states.append(state(prob, t, times[k], y))
                k += 1
            h = hh * fac
        else:
            rejected += 1
            h = hh * min(fac, mpf('0.7'))
        now = time.process_time()
        if now - last_log > 10 or land:
            last_log = now
            print(
                'dps %d tol %s: t = %s  h/t = %s  steps %d (rejected %d)  Newton iterations %d  cpu %.0f s'
                % (dps, tol_str, mp.nstr(t, 6), mp.nstr(hh / max(t, mpf(1e-30)), 3), steps, rejected, rk.iterations, now - start),
                file=log,
                flush=True,
            )
    return {
        'dps': dps,
        'tolerance': tol_str,
        'stages': S,
        'steps': steps,
        'rejected': rejected,
        'radauSolves': rk.solves,
        'newtonIterations': rk.iterations,
        'gradientEvaluations': prob.grads,
        'orderConditionResidual': mp.nstr(rk.order_residual, 3),
        'cpuSeconds': round(time.process_time() - start, 1),
        'states': states,
    }


def state(prob, t, label, y):
    g = prob.grad(y)
    digits = mp.dps
    s = lambda v: mp.nstr(v, digits, strip_zeros=False)  # noqa: E731
    return {
        't': label,
        'params': {'w': [s(y[0]), s(y[1])], 'a': [s(y[2]), s(y[3])]},
        'loss': s(prob.loss(y)),
        'gradNorm': s(mp.sqrt(mp.fsum(v * v for v in g))),
    }


def agreeing(u, v, cap):
    """The largest k <= cap such that u and v round to the same k significant digits (0 if none)."""
    mp.dps = 120
    a, b = mpf(u), mpf(v)
    for k in range(cap, 0, -1):
        if mp.nstr(a, k, strip_zeros=False) == mp.nstr(b, k, strip_zeros=False):
            return k
    return 0


def combine(path1, path2, command):
    r1 = json.load(open(path1))
    r2 = json.load(open(path2))
    if r1['dps'] > r2['dps']:
        r1, r2 = r2, r1  # the printed values are the finer run's, rounded to the digits both runs share
    cap = min(r1['dps'], r2['dps']) - 3
    states = []
    for s1, s2 in zip(r1['states'], r2['states']):
        assert s1['t'] == s2['t']
        mp.dps = 120
        out = {'t': s1['t'], 'params': {'w': [], 'a': []}, 'digits': {'w': [], 'a': []}}
        for key in ('w', 'a'):
            for u, v in zip(s1['params'][key], s2['params'][key]):
                k = agreeing(u, v, cap)
                out['params'][key].append(mp.nstr(mpf(v), k, strip_zeros=False))
                out['digits'][key].append(k)
        for key in ('loss', 'gradNorm'):
            k = agreeing(s1[key], s2[key], cap)
            out[key] = mp.nstr(mpf(s2[key]), k, strip_zeros=False)
            out['digits'][key] = k
        states.append(out)
    strip = lambda r: {k: v for k, v in r.items() if k != 'states'}  # noqa: E731
    # The loss and gradient at the initial point, at 60 digits: the test compares them with the toolkit's, so that
    # the reference provably integrates the toolkit's problem (data, targets, loss convention, initial point).
    mp.dps = 60
    prob = Problem()
    y0 = [mpf(INIT['w'][0]), mpf(INIT['w'][1]), mpf(INIT['a'][0]), mpf(INIT['a'][1])]
    at_init = {
        'digits': 50,
        'loss': mp.nstr(prob.loss(y0), 50, strip_zeros=False),
        'gradient': [mp.nstr(v, 50, strip_zeros=False) for v in prob.grad(y0)],
        'targets': [mp.nstr(v, 50, strip_zeros=False) for v in prob.ys],
    }
    return {
        'problem': {**PROBLEM, 'atInit': at_init},
        'generator': {
            'script': 'scripts/flow-reference/glu_teacher_radau.py',
            'commands': command,
            'python': platform.python_version(),
            'mpmath': mpmath.__version__,
            'mpmathBackend': mpmath.libmp.BACKEND,
            'numpy': np.__version__,
            'method': 'Radau IIA, %d stages (order %d), Newton on the stage equations (residual in mpmath, exact '
            'Hessian in float64 for the matrix), step doubling with error = difference / 2^%d relative to '
            'max(1, |theta_i|); two runs at different precision and tolerance' % (S, 2 * S - 1, S),
            'runs': [strip(r1), strip(r2)],
            'digits': 'per value: the significant digits on which both runs agree (both round to the same '
            'k-digit number), at most min(dps) - 3 = %d' % cap,
        },
        'states': states,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    sub = ap.add_subparsers(dest='cmd', required=True)
    r = sub.add_parser('run')
    r.add_argument('--dps', type=int, required=True)
    r.add_argument('--tol', required=True)
    r.add_argument('--times', default=','.join(TIMES))
    r.add_argument('--out', required=True)
    c = sub.add_parser('combine')
    c.add_argument('run1')
    c.add_argument('run2')
    c.add_argument('--commands', default='')
    a = ap.parse_args()
    if a.cmd == 'run':
        if a.dps < 35:
            ap.error('--dps: at least 35 working digits')
        res = run(a.dps, a.tol, a.times.split(','))
        with open(a.out, 'w') as f:
            json.dump(res, f, indent=1)
            f.write('\n')
    else:
        json.dump(combine(a.run1, a.run2, a.commands), sys.stdout, indent=2)
        sys.stdout.write('\n')


if __name__ == '__main__':
    main()

"""Peers of the issue-16 bench rows (bench/peers.bench.ts), as one long-lived python3 process.

The bench starts this script once and sends it one JSON request per line on stdin; each answer is one JSON line on
stdout. A request names a task and how many calls to time; the answer gives the CPU time per call of this process
(time.process_time: user + system of every thread, so it is the same clock as the bench's process.cpuUsage) and
the computed values, so that the bench can check that both sides computed the same thing. Because the bench waits
for each answer (it is blocked, not computing), toolkit and peer batches alternate on the machine in rounds and a
slow phase of the machine hits both alike.

Tasks (each peer optional: a missing module is reported, not fatal):
  {"task": "libs"}                                   which peers are importable, and their versions
  {"task": "glu", "lib": "mpmath"|"flint", "digits": d, "calls": n}
      glu-teacher loss + gradient + Hessian (9 samples, 4 parameters) at d digits (+10 guard), the formulas of
      src/network/loss.ts; the data is built once per (lib, d), outside the timing
  {"task": "odefun", "digits": d}                    two-param gradient flow to t = 1 by mpmath.odefun
  {"task": "newton", "values": [...], "confirm": 20, "start": [w1, w2, a1, a2]}
      glu-teacher valley floors at fixed A by Newton with the exact Hessian, each re-solved at +confirm digits and
      compared. With "start": as followChannel runs it, the start's own floor point at A0 = (a1 − a2)/2 first, then
      each A from the previous floor point with (w, v, c) held fixed (the toolkit's predictor). Without: each A
      alone from the analytic GLU-limit guess w = 1 ± 1/(2A), c = 1/2 (knowledge of the teacher that followChannel
      does not have)
  {"task": "radau", "rtol": r}                       glu-teacher float64 flow to t = 1e8 by scipy's Radau, exact Jacobian
"""
import json
import math
import sys
import time

XS_GLU = ['-3', '-2.25', '-1.5', '-0.75', '0', '0.75', '1.5', '2.25', '3']


def lgh(ws, as_, xs, ys, tanh, zero):
    """L, ∇L, ∇²L (upper triangle) of f = a1 tanh(w1 x) + a2 tanh(w2 x), L = (1/N) Σ r²."""
    N = len(xs)
    P = 4
    L = zero
    g = [zero] * P
    H = [[zero] * P for _ in range(P)]
    for x, y in zip(xs, ys):
        t = [tanh(w * x) for w in ws]
        s1 = [1 - ti * ti for ti in t]
        s2 = [-2 * ti * s for ti, s in zip(t, s1)]
        r = as_[0] * t[0] + as_[1] * t[1] - y
        J = [as_[0] * s1[0] * x, as_[1] * s1[1] * x, t[0], t[1]]
        L += r * r
        for i in range(P):
            g[i] += r * J[i]
            for j in range(i, P):
                H[i][j] += J[i] * J[j]
        for k in range(2):
            H[k][k] += r * as_[k] * s2[k] * x * x
            H[k][2 + k] += r * s1[k] * x
    return L / N, [2 * v / N for v in g], [[2 * v / N for v in row] for row in H]


_glu_cache = {}


def glu_setup(lib, d):
    key = (lib, d)
    if key in _glu_cache:
        return _glu_cache[key]
    if lib == 'mpmath':
        from mpmath import mp, mpf
        mp.dps = d + 10
        xs = [mpf(s) for s in XS_GLU]
        ys = [mpf('0.5') * mp.tanh(x) + x / mp.cosh(x) ** 2 for x in xs]
        args = ([mpf('1.1'), mpf('0.9')], [mpf(5), mpf('-4.5')], xs, ys, mp.tanh, mpf(0))

        def show(v):
            return mp.nstr(v, d)
    else:
        from flint import arb, ctx
        ctx.dps = d + 10
        xs = [arb(s) for s in XS_GLU]
        ys = [arb('0.5') * x.tanh() + x / x.cosh() ** 2 for x in xs]
        args = ([arb('1.1'), arb('0.9')], [arb(5), arb('-4.5')], xs, ys, lambda v: v.tanh(), arb(0))

        def show(v):
            return v.str(d, radius=False)
    _glu_cache[key] = (args, show)
    return _glu_cache[key]


def set_precision(lib, d):
    # Precision is global in both libraries: set it before every batch (the other lib's batch may have changed it).
    if lib == 'mpmath':
        from mpmath import mp
        mp.dps = d + 10
    else:
        from flint import ctx
        ctx.dps = d + 10


def task_glu(req):
    lib, d, n = req['lib'], int(req['digits']), int(req['calls'])
    args, show = glu_setup(lib, d)
    set_precision(lib, d)
    t0 = time.process_time()
    for _ in range(n):
        out = lgh(*args)
    ms = (time.process_time() - t0) * 1e3 / n
    return {'ms': ms, 'loss': show(out[0]), 'g0': show(out[1][0]), 'h00': show(out[2][0][0])}


def task_odefun(req):
    from mpmath import mp, mpf, odefun
    d = int(req['digits'])
    mp.dps = d
    xs = [mpf(-2), mpf(-1), mpf('0.5'), mpf(1), mpf(3)]
    ys = [mpf('1.5') * mp.tanh(mpf('0.8') * x) for x in xs]

    def rhs(t, th):
        w, a = th
        gw = ga = mpf(0)
        for x, y in zip(xs, ys):
            s = mp.tanh(w * x)
            r = a * s - y
            gw += 2 * r * a * (1 - s * s) * x / 5
            ga += 2 * r * s / 5
        return [-gw, -ga]

    t0 = time.process_time()
    f = odefun(rhs, 0, [mpf('0.2'), mpf('0.3')])
    w, a = f(1)
    ms = (time.process_time() - t0) * 1e3
    return {'ms': ms, 'w': mp.nstr(w, d + 5), 'a': mp.nstr(a, d + 5)}


def valley_newton(A, dps, start, max_iter=60):
    """Valley floor of glu-teacher at fixed A = (a1 − a2)/2: ∂L/∂(w1, w2, c) = 0 with a1 = c/2 + A, a2 = c/2 − A, by
    Newton with the exact Hessian (formulas as in src/network/loss.ts, chain rule da_k/dc = 1/2), at dps digits."""
    from mpmath import mp, mpf, matrix, lu_solve
    with mp.workdps(dps):
        A = mpf(A)
        xs = [mpf(s) for s in XS_GLU]
        ys = [mpf('0.5') * mp.tanh(x) + x / mp.cosh(x) ** 2 for x in xs]
        w1, w2, c = (mpf(v) for v in start)
        tol = mpf(10) ** (-(dps - 10))
        floor = mpf(10) ** (-(dps // 2))
        prev = None
        for it in range(max_iter):
            a = [c / 2 + A, c / 2 - A]
            g = [mpf(0)] * 3
            H = [[mpf(0)] * 3 for _ in range(3)]
            for x, y in zip(xs, ys):
                t = [mp.tanh(w1 * x), mp.tanh(w2 * x)]
                s1 = [1 - v * v for v in t]
                r = a[0] * t[0] + a[1] * t[1] - y
                J = [a[0] * s1[0] * x, a[1] * s1[1] * x, (t[0] + t[1]) / 2]
                for i in range(3):
                    g[i] += r * J[i]
                    for j in range(3):
                        H[i][j] += J[i] * J[j]
                for k in range(2):
                    H[k][k] += r * a[k] * (-2 * t[k] * s1[k]) * x * x
                    H[k][2] += r * s1[k] * x / 2
                    H[2][k] += r * s1[k] * x / 2
            step = lu_solve(matrix(H), matrix(g))
            w1, w2, c = w1 - step[0], w2 - step[1], c - step[2]
            size = max(abs(step[0]), abs(step[1]), abs(step[2]))
            # Converged, or at the rounding floor: quadratic convergence has ended when a step below √(working
            # unit) stops shrinking. (Far from the floor a step may grow without that meaning anything.)
            if size <= tol or (prev is not None and size > prev / 4 and size <= floor):
                break
            prev = size
        a = [c / 2 + A, c / 2 - A]
        loss = sum((a[0] * mp.tanh(w1 * x) + a[1] * mp.tanh(w2 * x) - y) ** 2 for x, y in zip(xs, ys)) / 9
        return (w1, w2, c), loss, it + 1


def channel_digits(A):
    # The toolkit's working digits at |A| (channelDigits: 3·log10|A| + 30, at least 30) and the valley floor's own
    # guard of 2·log10|A| + 10 on top (src/landscape/_internals/valley-floor.ts): the same precision for the peer.
    lg = math.ceil(math.log10(float(A)))
    return max(30, 3 * lg + 30) + 2 * lg + 10


def task_newton(req):
    from mpmath import mp, mpf
    report = int(req.get('report', 20))
    confirm = int(req.get('confirm', 20))
    start = req.get('start')
    t0 = time.process_time()
    rows = []
    values = list(req['values'])
    prev = None  # (A, (w1, w2, c)) of the previous floor point
    if start is not None:
        w1, w2, a1, a2 = (mpf(v) for v in start)
        with mp.workdps(60):
            A0 = mp.nstr((a1 - a2) / 2, 50)
        values = [A0] + values
        prev = (A0, (w1, w2, a1 + a2))
    for A in values:
        dps = channel_digits(A)
        with mp.workdps(dps):
            if prev is None:
                guess = (1 + 1 / (2 * mpf(A)), 1 - 1 / (2 * mpf(A)), mpf('0.5'))  # the GLU limit: w = 1, ε = 1/(2A)
            elif mpf(prev[0]) == mpf(A):
                guess = prev[1]
            else:
                # followChannel's predictor: w = (w1 + w2)/2, v = A(w1 − w2) and c held fixed at the new A.
                (pw1, pw2, pc), Ap, An = prev[1], mpf(prev[0]), mpf(A)
                w, v = (pw1 + pw2) / 2, Ap * (pw1 - pw2)
                guess = (w + v / (2 * An), w - v / (2 * An), pc)
        x1, loss1, its1 = valley_newton(A, dps, guess)
        x2, loss2, its2 = valley_newton(A, dps + confirm, x1)
        with mp.workdps(dps + confirm):
            agree = all(abs(u - v) <= abs(v) * mpf(10) ** (-report) for u, v in zip(x1 + (loss1,), x2 + (loss2,)))
            lossA4 = mp.nstr(loss2 * mpf(A) ** 4, report)
        rows.append({'A': A, 'digits': dps, 'iterations': [its1, its2], 'confirmed': agree, 'lossA4': lossA4})
        if start is not None:
            prev = (A, x1)
    ms = (time.process_time() - t0) * 1e3
    return {'ms': ms, 'points': rows}


RADAU = None


def task_radau(req):
    global RADAU
    import numpy as np
    from scipy.integrate import solve_ivp
    if RADAU is None:
        xs = np.linspace(-3.0, 3.0, 9)
        ys = 0.5 * np.tanh(xs) + xs / np.cosh(xs) ** 2
        N = len(xs)

        def grad_hess(th, hess):
            w, a = th[0:2], th[2:4]
            t = np.tanh(np.outer(w, xs))
            s2 = 1 - t * t
            r = a @ t - ys
            J = np.vstack([a[0] * s2[0] * xs, a[1] * s2[1] * xs, t[0], t[1]])
            g = 2 * J @ r / N
            if not hess:
                return g
            H = 2 * J @ J.T / N
            for k in range(2):
                H[k, k] += 2 * np.sum(r * a[k] * (-2 * t[k] * s2[k]) * xs * xs) / N
                cc = 2 * np.sum(r * s2[k] * xs) / N
                H[k, 2 + k] += cc
                H[2 + k, k] += cc
            return H

        RADAU = (lambda t, y: -grad_hess(y, False), lambda t, y: -grad_hess(y, True))
    f, jac = RADAU
    rtol = float(req['rtol'])
    y0 = np.array([1.1, 0.9, 5.0, -4.5])
    t0 = time.process_time()
    sol = solve_ivp(f, (0.0, 1e8), y0, method='Radau', jac=jac, rtol=rtol, atol=rtol)
    ms = (time.process_time() - t0) * 1e3
    return {'ms': ms, 'y': [repr(float(v)) for v in sol.y[:, -1]], 'nfev': int(sol.nfev), 'njev': int(sol.njev),
            'nlu': int(sol.nlu), 'steps': int(len(sol.t) - 1), 'status': int(sol.status)}


def task_libs(_req):
    out = {}
    try:
        import mpmath
        out['mpmath'] = 'mpmath %s (backend %s)' % (mpmath.__version__, mpmath.libmp.BACKEND)
    except ImportError:
        pass
    try:
        import flint
        out['flint'] = 'python-flint %s' % flint.__version__
    except ImportError:
        pass
    try:
        import scipy
        out['scipy'] = 'scipy %s' % scipy.__version__
    except ImportError:
        pass
    return out


TASKS = {'libs': task_libs, 'glu': task_glu, 'odefun': task_odefun, 'newton': task_newton, 'radau': task_radau}


def main():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            req = json.loads(line)
            out = TASKS[req['task']](req)
        except Exception as e:  # reported to the bench, which prints it and skips the peer
            out = {'error': '%s: %s' % (type(e).__name__, e)}
        sys.stdout.write(json.dumps(out) + '\n')
        sys.stdout.flush()


if __name__ == '__main__':
    main()

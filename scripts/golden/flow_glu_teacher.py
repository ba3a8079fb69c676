#!/usr/bin/env python3
"""Independent stiff reference for `flat-channels flow` on glu-teacher (test/fixtures/flow-glu-teacher.json).

Problem: two tanh neurons f(x) = a1 tanh(w1 x) + a2 tanh(w2 x) fitting y = 0.5 tanh(x) + x sech²(x) at the 9 points
of [−3, 3] (step 0.75), L = (1/9) Σ (f − y)², flow dθ/dt = −∇L from (w1, w2, a1, a2) = (1.1, 0.9, 5, −4.5).

Method (deliberately different from the TypeScript Radau IIA of order 5 with simplified Newton at 30+ digits): the
2-stage Radau IIA method (order 3, L-stable) in numpy float64 with FULL Newton (Hessian re-evaluated at every
iterate, hand-derived here), step-doubling error control at a relative tolerance of 1e-10 (and 1e-9 for the agreement column). Steps grow with t. It reports A = (a1 − a2)/2, the loss and ε = |w1 − w2|/2
at t = 1e4, 1e6, 1e8, 1e10, 1e12. Float64 is adequate here: |A| stays below 10³ (numerics.md: float64 fails
beyond |A| ≈ 10⁴–10⁵), and only ≈ 6 digits of A are compared.
Run: python3 scripts/golden/flow_glu_teacher.py > test/fixtures/flow-glu-teacher.json
"""
import json
import sys

import numpy as np

XS = np.linspace(-3.0, 3.0, 9)
YS = 0.5 * np.tanh(XS) + XS / np.cosh(XS) ** 2
N = len(XS)


def grad_hess(th):
    w1, w2, a1, a2 = th
    t1, t2 = np.tanh(w1 * XS), np.tanh(w2 * XS)
    s1, s2 = 1 - t1 * t1, 1 - t2 * t2
    r = a1 * t1 + a2 * t2 - YS
    # ∂f/∂θ per sample
    J = np.stack([a1 * s1 * XS, a2 * s2 * XS, t1, t2])
    g = 2.0 / N * J @ r
    H = 2.0 / N * J @ J.T
    # second derivatives of f: ∂²f/∂w1² = a1 (−2 t1 s1) x², ∂²f/∂w1∂a1 = s1 x (same for neuron 2)
    d11 = 2.0 / N * np.sum(r * a1 * (-2 * t1 * s1) * XS**2)
    d22 = 2.0 / N * np.sum(r * a2 * (-2 * t2 * s2) * XS**2)
    d13 = 2.0 / N * np.sum(r * s1 * XS)
    d24 = 2.0 / N * np.sum(r * s2 * XS)
    H[0, 0] += d11
    H[1, 1] += d22
    H[0, 2] += d13
    H[2, 0] += d13
    H[1, 3] += d24
    H[3, 1] += d24
    return g, H


def loss(th):
    w1, w2, a1, a2 = th
    return float(np.mean((a1 * np.tanh(w1 * XS) + a2 * np.tanh(w2 * XS) - YS) ** 2))


RA = np.array([[5.0 / 12, -1.0 / 12], [3.0 / 4, 1.0 / 4]])


def radau2(y, h):
    z = np.zeros((2, 4))
    prev = np.inf
    for _ in range(30):
        g1, H1 = grad_hess(y + z[0])
        g2, H2 = grad_hess(y + z[1])
        fs = [-g1, -g2]
        Js = [-H1, -H2]
        R = np.concatenate([z[i] - h * (RA[i, 0] * fs[0] + RA[i, 1] * fs[1]) for i in range(2)])
        M = np.eye(8)
        for i in range(2):
            for j in range(2):
                M[4 * i : 4 * i + 4, 4 * j : 4 * j + 4] -= h * RA[i, j] * Js[j]
        dz = np.linalg.solve(M, -R).reshape(2, 4)
        z = z + dz
        d = np.max(np.abs(dz))
        # Converged, or stalled at the rounding level of float64.
        if d <= 1e-14 * max(1.0, np.max(np.abs(y))) or (d >= prev and d <= 1e-11 * max(1.0, np.max(np.abs(y)))):
            return y + z[1]
        prev = d
    return None


def integrate(targets, rtol):
    y = np.array([1.1, 0.9, 5.0, -4.5])
    t, h = 0.0, 1e-4
    out = []
    steps = 0
    for T in targets:
        while t < T:
            hh = min(h, T - t)
            big = radau2(y, hh)
            m = radau2(y, hh / 2)
            e = None if m is None else radau2(m, hh / 2)
            if big is None or e is None:
                h = hh / 4
                continue
            err = np.max(np.abs(e - big)) / 7 / (rtol * max(1.0, np.max(np.abs(y))))
            if err <= 1:
                y = e + (e - big) / 7  # Richardson: order 4
                t = T if hh == T - t else t + hh
                steps += 1
            h = hh * min(4.0, max(0.2, 0.9 * (1 / max(err, 1e-12)) ** 0.25))
        out.append((T, y.copy()))
        print(f"rtol {rtol:g}: t = {T:g} after {steps} steps", file=sys.stderr)
    return out, steps


targets = [1e4, 1e6, 1e8, 1e10, 1e12]
a, steps_a = integrate(targets, 1e-10)
b, steps_b = integrate(targets, 1e-9)
states = []
for (T, y), (_, z) in zip(a, b):
    A, Az = (y[2] - y[3]) / 2, (z[2] - z[3]) / 2
    agree = -np.log10(abs(A - Az) / abs(A))
    states.append(
        {
            "t": "%g" % T,
            "params": [repr(float(v)) for v in y],
            "A": repr(float(A)),
            "loss": repr(loss(y)),
            "digitsAgreeingAtTenTimesTheTolerance": round(float(agree), 2),
        }
    )
    print(f"t={T:g} A={A!r} agree={agree:.2f}", file=sys.stderr)
json.dump(
    {
        "generator": "scripts/golden/flow_glu_teacher.py (numpy float64, 2-stage Radau IIA, full Newton, rtol 1e-10 "
        "with Richardson; rerun at 1e-9 to show the agreement)",
        "problem": "glu-teacher",
        "steps": steps_a,
        "states": states,
    },
    sys.stdout,
    indent=1,
)
print()

#!/usr/bin/env python3
"""Independent reference for `flat-channels flow` on two-param (test/fixtures/flow-two-param.json).

Problem: student a·tanh(w x), loss L = (1/5) Σ (a tanh(w x_n) − y_n)², y = 1.5 tanh(0.8 x), x ∈ {−2, −1, 0.5, 1, 3},
flow dθ/dt = −∇L from (w, a) = (0.2, 0.3). States at t = 1, 5, 20.

Method (deliberately different from the TypeScript Taylor integrator, which uses the ODE recurrence of tanh in
binary fixed point): a Taylor integrator in Python's decimal module (libmpdec) at 90 digits whose tanh series is formed as
tanh z = 1 − 2/(e^{2z} + 1) by power-series exp and division (recurrences for e^{2z} and 2/(e^{2z}+1)); fixed steps h, order 70. It is run twice, with
h = 1/24 and h = 1/32: the two runs must agree to 70 digits before anything is written (they agree to about
75; the h = 1/32 run, whose truncation error is far smaller, is written, to 75 digits).
Run: python3 scripts/golden/flow_two_param.py > test/fixtures/flow-two-param.json
"""
import json
import sys

from decimal import Decimal as mpf, getcontext

getcontext().prec = 90


def tanh(z):
    return 1 - 2 / ((2 * z).exp() + 1)


XS = [mpf(-2), mpf(-1), mpf('0.5'), mpf(1), mpf(3)]
YS = [mpf('1.5') * tanh(mpf('0.8') * x) for x in XS]
ORDER = 70


def ser_mul(a, b, k):
    return sum(a[i] * b[k - i] for i in range(k + 1))


def coefficients(w0, a0):
    # Coefficient k of every series needs only coefficients < k of θ, so all series grow one order at a time.
    w, a = [w0], [a0]
    per = []
    for x, y in zip(XS, YS):
        per.append({"x": x, "y": y, "z": [], "e": [], "frac": [], "th": [], "sech2": [], "r": [], "asech": []})
    for k in range(ORDER):
        gw = mpf(0)
        ga = mpf(0)
        for s in per:
            x = s["x"]
            s["z"].append(2 * x * w[k])
            z, e = s["z"], s["e"]
            e.append(z[0].exp() if k == 0 else sum(j * z[j] * e[k - j] for j in range(1, k + 1)) / k)
            # frac = 2/(e + 1): (e + 1)·frac = 2.
            ep1 = lambda i: e[i] + (1 if i == 0 else 0)
            f = s["frac"]
            f.append(((2 if k == 0 else 0) - sum(ep1(j) * f[k - j] for j in range(1, k + 1))) / ep1(0))
            th = s["th"]
            th.append(1 - f[0] if k == 0 else -f[k])
            s["sech2"].append((1 if k == 0 else 0) - ser_mul(th, th, k))
            s["r"].append(ser_mul(a, th, k) - (s["y"] if k == 0 else 0))
            s["asech"].append(ser_mul(a, s["sech2"], k))
            gw += 2 * x * ser_mul(s["r"], s["asech"], k) / 5
            ga += 2 * ser_mul(s["r"], th, k) / 5
        w.append(-gw / (k + 1))
        a.append(-ga / (k + 1))
    return w, a


def horner(c, h):
    s = mpf(0)
    for v in reversed(c):
        s = s * h + v
    return s


def run(h, times):
    w, a = mpf('0.2'), mpf('0.3')
    t = mpf(0)
    out = {}
    for T in times:
        while t < T - h / 2:
            cw, ca = coefficients(w, a)
            w, a = horner(cw, h), horner(ca, h)
            t += h
        out[T] = (w, a)
    return out


def fmt(x):
    return format(+x.normalize(), 'f') if False else str(x.quantize(mpf(10) ** (x.adjusted() - 74)))


def loss(w, a):
    return sum((a * tanh(w * x) - y) ** 2 for x, y in zip(XS, YS)) / 5


times = [1, 5, 20]
coarse = run(mpf(1) / 24, times)
fine = run(mpf(1) / 32, times)
states = []
for T in times:
    (w1, a1), (w2, a2) = coarse[T], fine[T]
    for u, v in ((w1, w2), (a1, a2)):
        if abs(u - v) > mpf(10) ** -70 * max(1, abs(v)):
            sys.exit(f"runs disagree at t={T}: {u} vs {v}")
    states.append({"t": str(T), "w": fmt(w2), "a": fmt(a2), "loss": fmt(loss(w2, a2))})
json.dump(
    {
        "generator": "scripts/golden/flow_two_param.py (Python decimal, 90 digits, Taylor order 70, h = 1/24 and 1/32 agree to 70+ digits, the finer run written)",
        "problem": "two-param",
        "init": {"w": "0.2", "a": "0.3"},
        "digits": 75,
        "states": states,
    },
    sys.stdout,
    indent=1,
)
print()

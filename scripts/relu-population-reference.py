#!/usr/bin/env python3
"""Reference values for src/landscape/relu-population.ts (docs/relu-population.md), by quadrature, independent of the
closed forms: for x ~ N(0, I_2) and F positively homogeneous of degree 2, E[F(x)] = (1/pi) * int_0^{2pi} F(cos p, sin p) dp
(the radial integral int r^3 e^{-r^2/2} dr / (2 pi) = 1/pi). The integrand is smooth between the angles where a gate
switches; mpmath.quad integrates piecewise between them. Writes test/fixtures/relu-population-reference.json.
Run: python3 scripts/relu-population-reference.py  (mpmath 1.3, 60 digits; values printed to 40)."""
import json
import mpmath as mp

mp.mp.dps = 60
TEACHER = {"gate": [1, 0], "c": 1, "v": [0, -1]}


def relu(z):
    return z if z > 0 else mp.mpf(0)


def breakpoints(gates):
    pts = {mp.mpf(0), 2 * mp.pi}
    for g in gates:
        phi = mp.atan2(g[1], g[0])
        for k in (-1, 1):
            t = (phi + k * mp.pi / 2) % (2 * mp.pi)
            pts.add(t)
    return sorted(pts)


def expect(F, gates):
    return mp.quad(F, breakpoints(gates)) / mp.pi


def case(theta):
    th = [mp.mpf(t) for t in theta]
    w = [th[0:2], th[2:4]]
    a = th[4:6]
    g = [mp.mpf(x) for x in TEACHER["gate"]]
    v = [mp.mpf(x) for x in TEACHER["v"]]
    gates = w + [g]

    def e(p):
        return (mp.cos(p), mp.sin(p))

    def dot(u, x):
        return u[0] * x[0] + u[1] * x[1]

    def resid(x):
        f = a[0] * relu(dot(w[0], x)) + a[1] * relu(dot(w[1], x))
        y = TEACHER["c"] * relu(dot(g, x)) + (dot(v, x) if dot(g, x) > 0 else 0)
        return f - y

    loss = expect(lambda p: resid(e(p)) ** 2, gates)
    grad = []
    for i in range(2):
        for k in range(2):
            grad.append(expect(lambda p: 2 * resid(e(p)) * a[i] * (e(p)[k] if dot(w[i], e(p)) > 0 else 0), gates))
    for i in range(2):
        grad.append(expect(lambda p: 2 * resid(e(p)) * relu(dot(w[i], e(p))), gates))
    return {"theta": theta, "loss": mp.nstr(loss, 40), "gradient": [mp.nstr(x, 40) for x in grad]}


def kernel(u, v):
    U = [mp.mpf(x) for x in u]
    V = [mp.mpf(x) for x in v]
    k = expect(lambda p: relu(U[0] * mp.cos(p) + U[1] * mp.sin(p)) * relu(V[0] * mp.cos(p) + V[1] * mp.sin(p)), [U, V])
    return {"u": u, "v": v, "kernel": mp.nstr(k, 40)}


out = {
    "generator": "scripts/relu-population-reference.py (mpmath %s, %d digits, piecewise quad)" % (mp.__version__, mp.mp.dps),
    "teacher": TEACHER,
    "cases": [
        case(["1", "0", "1", "0.00001", "100000", "-100000"]),
        case(["0.8", "0.3", "-0.2", "1.1", "0.7", "-1.3"]),
        case(["1", "0.01", "1.001", "0.0105", "300", "-299.5"]),
        case(["-0.4", "0.9", "0.5", "-0.6", "-1.2", "2.5"]),
    ],
    "kernels": [kernel(["1", "0"], ["1", "0.00001"]), kernel(["0.3", "-1.2"], ["-0.7", "0.4"]), kernel(["2", "1"], ["-2", "-1.0001"])],
}
with open("test/fixtures/relu-population-reference.json", "w") as fh:
    json.dump(out, fh, indent=1)
    fh.write("\n")
print(json.dumps(out, indent=1))

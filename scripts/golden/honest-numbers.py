"""Reference digits for test/cli/honest-numbers.test.ts (issue 22), computed with mpmath at high precision.

Run: python3 scripts/golden/honest-numbers.py
"""
from mpmath import mp, mpf, sin, cos, cosh, sinh, exp, nstr

mp.dps = 700
x = mpf(10) ** 300  # exact at 700 digits
print("sin(1e300)", nstr(sin(x), 30), "cos(1e300)", nstr(cos(x), 30))
with mp.workdps(1300):
    x = mpf(10) ** 600
    print("sin(1e600)", nstr(sin(x), 30), "cos(1e600)", nstr(cos(x), 30))

# glu --activation tanh --order 2 --at z=1e8,delta=1,c=1,a=2 (hung before): ε⁰ and ε² coefficients.
from mpmath import tanh, sech
mp.dps = 60
for z in [mpf(10) ** 8, mpf("0.5")]:
    c, a, d = 1, 2, 1
    s2, t = sech(z) ** 2, tanh(z)
    e0 = a * d * s2 + c * t
    e2 = mpf(1) / 2 * c * d**2 * (-2 * s2 * t) + mpf(1) / 6 * a * d**3 * (-2 * (-2 * s2 * t**2 + s2**2))
    print("glu tanh z =", z, nstr(e0, 20), nstr(e2, 20))
# glu with σ = cosh² − sinh² (≡ 1) at z = 100: ε⁰ = c·σ(z) + a·δ·σ′(z) = c = 1.
with mp.workdps(300):
    print("cosh^2-sinh^2 at 100:", nstr(cosh(mpf(100)) ** 2 - sinh(mpf(100)) ** 2, 20))
    x = mpf(10) ** -100
    print("(1+x)-1 at 1e-100:", nstr((1 + x) - 1, 20))

# loss --problem paper-toy (quadrature.step 0.5) at the initial point: the exact population values.
from mpmath import erf, sqrt, pi, quad, inf

mp.dps = 30
a1, a2, w1, w2 = mpf("0.5"), mpf("0.5"), mpf("0.8"), mpf("1.2")
s = lambda z: erf(z / sqrt(2))
ds = lambda z: sqrt(2 / pi) * exp(-z * z / 2)
y = lambda x: erf((5 * x + mpf("2.5")) / sqrt(2)) + erf((5 * x - mpf("2.5")) / sqrt(2))
phi = lambda x: exp(-x * x / 2) / sqrt(2 * pi)
r = lambda x: a1 * s(w1 * x) + a2 * s(w2 * x) - y(x)
E = lambda g: quad(lambda x: g(x) * phi(x), [-inf, -0.5, 0, 0.5, inf])
print("loss", nstr(E(lambda x: r(x) ** 2), 20))
print("gradient w1", nstr(E(lambda x: 2 * r(x) * a1 * ds(w1 * x) * x), 20))
print("gradient w2", nstr(E(lambda x: 2 * r(x) * a2 * ds(w2 * x) * x), 20))
print("gradient a1", nstr(E(lambda x: 2 * r(x) * s(w1 * x)), 20))
print("gradient a2", nstr(E(lambda x: 2 * r(x) * s(w2 * x)), 20))
print("hessian a1 a1", nstr(E(lambda x: 2 * s(w1 * x) ** 2), 20))
print("hessian w1 a2", nstr(E(lambda x: 2 * a1 * ds(w1 * x) * x * s(w2 * x)), 20))

# The same with target abs(x − 0.3) (the rule is split at the kink): quad with breakpoints 0 and 0.3.
from mpmath import fabs

y = lambda x: fabs(x - mpf("0.3"))
r = lambda x: a1 * s(w1 * x) + a2 * s(w2 * x) - y(x)
E = lambda g: quad(lambda x: g(x) * phi(x), [-inf, 0, mpf("0.3"), inf])
print("abs loss", nstr(E(lambda x: r(x) ** 2), 20))
print("abs gradient w1", nstr(E(lambda x: 2 * r(x) * a1 * ds(w1 * x) * x), 20))
print("abs gradient w2", nstr(E(lambda x: 2 * r(x) * a2 * ds(w2 * x) * x), 20))
print("abs gradient a1", nstr(E(lambda x: 2 * r(x) * s(w1 * x)), 20))
print("abs gradient a2", nstr(E(lambda x: 2 * r(x) * s(w2 * x)), 20))

"""Reference digits for test/cli/honest-numbers.test.ts (issue 22), computed with mpmath at high precision.

Run: python3 scripts/golden/honest-numbers.py
"""
from mpmath import mp, mpf, sin, cos, cosh, sinh, exp, nstr

mp.dps = 700
x = mpf(10) ** 300  # exact at 700 digits
print("sin(1e300)", nstr(sin(x), 30), "cos(1e300)", nstr(cos(x), 30))

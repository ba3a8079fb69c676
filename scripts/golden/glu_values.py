#!/usr/bin/env python3
"""Golden values of the ε-expansion coefficients for concrete activations, from SymPy + mpmath.

For each activation and each point (z, δ, c, a) chosen here (independently of the TypeScript tests' seeds),
SymPy takes the series in ε of the concrete pair (c/2 + a/(2ε)) σ(z+εδ) + (c/2 − a/(2ε)) σ(z−εδ) with the point
substituted as exact rationals, and evaluates each coefficient with 80 significant digits.
test/symbolic/glu-golden.test.ts compares `gluValuesAt` at 50 digits with these values.

Usage: python3 scripts/golden/glu_values.py > test/fixtures/glu-values-golden.json
"""
import json
import sys

import sympy as sp

ORDER = 4
DIGITS = 80
eps = sp.Symbol("eps")
sig = lambda u: 1 / (1 + sp.exp(-u))
ACTIVATIONS = {
    "tanh": sp.tanh,
    "sigmoid": sig,
    "softplus": lambda u: sp.log(1 + sp.exp(u)),
    "erf": lambda u: sp.erf(u / sp.sqrt(2)),
    "gelu": lambda u: u * (1 + sp.erf(u / sp.sqrt(2))) / 2,
    "log(cosh(x))": lambda u: sp.log(sp.cosh(u)),
}
POINTS = [
    {"z": "0.5", "delta": "1", "c": "1", "a": "2"},
    {"z": "-1.3", "delta": "0.75", "c": "-0.4", "a": "1.1"},
]


def main() -> None:
    cases = []
    for name, f in ACTIVATIONS.items():
        for pt in POINTS:
            z, d, c, a = (sp.Rational(pt[k]) for k in ("z", "delta", "c", "a"))
            pair = (c / 2 + a / (2 * eps)) * f(z + eps * d) + (c / 2 - a / (2 * eps)) * f(z - eps * d)
            ser = sp.series(pair, eps, 0, ORDER + 1).removeO()
            ser = sp.expand(ser)
            values = []
            for k in range(-1, ORDER + 1):
                coef = ser.coeff(eps, k)
                v = sp.N(coef, DIGITS)
                values.append("0" if coef == 0 else str(v))
            cases.append({"activation": name, "at": pt, "values": values})
    json.dump(
        {
            "generator": "scripts/golden/glu_values.py",
            "sympy": sp.__version__,
            "order": ORDER,
            "digits": DIGITS,
            "powers": list(range(-1, ORDER + 1)),
            "cases": cases,
        },
        sys.stdout,
        indent=2,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

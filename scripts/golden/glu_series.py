#!/usr/bin/env python3
"""Golden fixture for `glu` with a generic σ: SymPy's own series expansion of the neuron pair.

    F(ε) = (c/2 + a/(2ε)) σ(z + εδ) + (c/2 − a/(2ε)) σ(z − εδ)

is expanded by sympy.series in ε around 0 up to O(ε^9) with σ an undefined function; the derivatives
σ^(n)(z) are renamed s0, s1, … (the grammar of `flat-channels glu`). This is independent of the TypeScript
derivation (which builds the Taylor polynomials itself and lets nerdamer expand them): SymPy differentiates the
undefined function and takes the series. test/symbolic/glu-golden.test.ts compares the coefficients symbolically.

Usage: python3 scripts/golden/glu_series.py > test/fixtures/glu-series-generic.json
"""
import json
import sys

import sympy as sp

ORDER = 8


def main() -> None:
    eps, z, delta, c, a = sp.symbols("eps z delta c a")
    f = sp.Function("f")
    pair = (c / 2 + a / (2 * eps)) * f(z + eps * delta) + (c / 2 - a / (2 * eps)) * f(z - eps * delta)
    series = sp.series(pair, eps, 0, ORDER + 1).removeO().doit()
    # Derivatives arrive as Subs(Derivative(f(ξ), (ξ, n)), ξ, z) or Derivative(f(z), (z, n)); rename them.
    names = {}
    for n in range(ORDER + 3):
        s = sp.Symbol(f"s{n}")
        names[s] = s
    replaced = series
    for n in range(ORDER + 2, 0, -1):
        replaced = replaced.replace(
            lambda e: isinstance(e, (sp.Subs, sp.Derivative)) and _order(e) == n,
            lambda e, n=n: sp.Symbol(f"s{n}"),
        )
    replaced = replaced.subs(f(z), sp.Symbol("s0"))
    expanded = sp.expand(replaced)
    coefficients = []
    for k in range(-1, ORDER + 1):
        coef = sp.expand(expanded.coeff(eps, k))
        if coef.has(sp.Function) or coef.has(eps):
            raise SystemExit(f"unexpected term in ε^{k}: {coef}")
        coefficients.append({"power": k, "expression": sp.sstr(coef).replace("**", "^")})
    json.dump(
        {
            "generator": "scripts/golden/glu_series.py",
            "sympy": sp.__version__,
            "order": ORDER,
            "statement": "(c/2 + a/(2 eps)) f(z + eps delta) + (c/2 - a/(2 eps)) f(z - eps delta), series in eps",
            "coefficients": coefficients,
        },
        sys.stdout,
        indent=2,
    )
    sys.stdout.write("\n")


def _order(e) -> int:
    d = e.expr if isinstance(e, sp.Subs) else e
    if not isinstance(d, sp.Derivative):
        return -1
    return sum(count for _, count in d.variable_count)


if __name__ == "__main__":
    main()

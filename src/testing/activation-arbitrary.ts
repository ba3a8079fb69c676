import fc from 'fast-check';
import { registeredActivations, resolveActivation, type Activation } from '../activations/index.js';

/** Constraints of {@link smoothFormulaArbitrary}. */
export interface SmoothFormulaConstraints {
  /** Largest nesting depth of the grammar. Default 3. */
  readonly maxDepth?: number;
}

/**
 * Random smooth formulas in x, from a grammar whose every production is C^∞ and finite on all of ℝ:
 *   F → x | c·F | F + F | F·F | F^2 | tanh(F) | sigmoid(F) | softplus(F) | erf(F) | sin(F) | cos(F)
 * with constants c on the grid 0.25·{−8, …, 8} \ {0}. Every formula depends on x (the first leaf is x).
 * No exp, log, sqrt, division or abs: they overflow, have poles or kinks somewhere.
 */
export function smoothFormulaArbitrary(constraints: SmoothFormulaConstraints = {}): fc.Arbitrary<string> {
  const { maxDepth = 3 } = constraints;
  const constant = fc
    .integer({ min: -8, max: 8 })
    .filter((k) => k !== 0)
    .map((k) => (k / 4).toString());
  const unary = fc.constantFrom('tanh', 'sigmoid', 'softplus', 'erf', 'sin', 'cos');
  const node: fc.Memo<string> = fc.memo<string>((depth): fc.Arbitrary<string> => {
    if (depth <= 1) return fc.constant('x');
    const sub: fc.Arbitrary<string> = node(depth - 1);
    return fc.oneof(
      { arbitrary: fc.constant('x'), weight: 2 },
      { arbitrary: fc.tuple(unary, sub).map(([f, u]) => `${f}(${u})`), weight: 4 },
      { arbitrary: fc.tuple(constant, sub).map(([c, u]) => `${c}*(${u})`), weight: 2 },
      { arbitrary: fc.tuple(sub, sub).map(([u, v]) => `(${u}) + (${v})`), weight: 2 },
      { arbitrary: fc.tuple(sub, sub).map(([u, v]) => `(${u})*(${v})`), weight: 1 },
      { arbitrary: sub.map((u) => `(${u})^2`), weight: 1 },
    );
  });
  return node(maxDepth);
}

/** Constraints of {@link activationArbitrary}. */
export interface ActivationArbitraryConstraints {
  /** Registered names to draw from. Default: every registered smooth activation (all but relu). */
  readonly registered?: readonly string[];
  /** Also draw random smooth formulas ({@link smoothFormulaArbitrary}). Default true. */
  readonly formulas?: boolean;
  /** Depth of the formulas. Default 2 (cheap to evaluate at high precision). */
  readonly formulaDepth?: number;
}

/** Activations: registered ones (shrinking towards the first, tanh) and random smooth formulas. */
export function activationArbitrary(
  constraints: ActivationArbitraryConstraints = {},
): fc.Arbitrary<Activation> {
  const {
    registered = registeredActivations().filter((n) => resolveActivation(n).smooth),
    formulas = true,
    formulaDepth = 2,
  } = constraints;
  const names = fc.constantFrom(...registered);
  const source = formulas
    ? fc.oneof(
        { arbitrary: names, weight: 3 },
        { arbitrary: smoothFormulaArbitrary({ maxDepth: formulaDepth }), weight: 1 },
      )
    : names;
  return source.map((text) => resolveActivation(text));
}

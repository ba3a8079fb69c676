import type { Activation } from '../activation.js';
import { buildActivation } from '../_internals/build-activation.js';
import { compileFormula64 } from './compile-formula64.js';
import { evaluateFormulaJet } from './evaluate-formula.js';
import { usesAbs } from './formula-node.js';
import { parseFormula } from './parse-formula.js';
import { renderFormula } from './render-formula.js';

/**
 * The activation given by a formula in x (see parseFormula for the language). Its name is the formula as
 * written (trimmed); `formula` is the canonical rendering. It counts as smooth unless it uses abs, whose
 * argument's sign changes are reported as non-smooth points when derivatives are asked for there. Points outside
 * the domain (log of a non-positive number, …) are InputErrors naming the sub-formula and x.
 * Throws InputError when the formula is not in the language.
 */
export function formulaActivation(text: string): Activation {
  const source = text.trim();
  const tree = parseFormula(source);
  const f64 = compileFormula64(tree);
  const activation = buildActivation({
    name: source,
    kind: 'formula',
    formula: renderFormula(tree),
    smooth: !usesAbs(tree),
    jet: (J, u) => evaluateFormulaJet(tree, J, u),
    value64: (x) => {
      const y = f64(x);
      // Outside the domain the closure gives NaN; the jet evaluation names the offending sub-formula instead.
      if (Number.isNaN(y) && !Number.isNaN(x)) activation.derivatives64(x, 0);
      return y;
    },
  });
  return activation;
}

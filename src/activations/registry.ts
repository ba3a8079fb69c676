import { InputError } from '../errors.js';
import type { Activation } from './activation.js';
import { erfActivation } from './builtin/erf.js';
import { gActivation } from './builtin/g.js';
import { geluActivation } from './builtin/gelu.js';
import { reluActivation } from './builtin/relu.js';
import { sigmoidActivation } from './builtin/sigmoid.js';
import { siluActivation } from './builtin/silu.js';
import { softplusActivation } from './builtin/softplus.js';
import { tanhActivation } from './builtin/tanh.js';
import { formulaActivation } from './formula/formula-activation.js';

const REGISTERED: ReadonlyMap<string, Activation> = new Map(
  [
    tanhActivation,
    sigmoidActivation,
    softplusActivation,
    erfActivation,
    gActivation,
    geluActivation,
    siluActivation,
    reluActivation,
  ].map((a) => [a.name, a]),
);

/** Names that read as a formula although they are bare identifiers: the variable and the constants. */
const FORMULA_IDENTIFIERS: ReadonlySet<string> = new Set(['x', 'pi', 'e']);

/** Parsed formulas by text, so that a flow asking for the same formula again does not re-parse it. Bounded: a
 * sweep over many generated formulas must not grow it without limit. */
const formulas = new Map<string, Activation>();
const MAX_CACHED_FORMULAS = 256;

/** The registered activation names, in registry order (tanh, sigmoid, softplus, erf, g, gelu, silu, relu). */
export function registeredActivations(): readonly string[] {
  return [...REGISTERED.keys()];
}

/**
 * The activation called `nameOrFormula` (trimmed): a registered name first, otherwise a formula in x.
 * A bare identifier other than x, pi or e cannot be a useful formula, so it is reported as an unknown name
 * (`unknown activation "nosuch" (registered: tanh, …; or give a formula in x)`); anything else is parsed as a
 * formula, whose errors name the offending part (see parseFormula). Throws InputError.
 */
export function resolveActivation(nameOrFormula: string): Activation {
  const text = nameOrFormula.trim();
  const registered = REGISTERED.get(text);
  if (registered !== undefined) return registered;
  const list = registeredActivations().join(', ');
  if (text === '')
    throw new InputError(`empty activation: give a registered name (${list}) or a formula in x`);
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(text) && !FORMULA_IDENTIFIERS.has(text)) {
    throw new InputError(`unknown activation "${text}" (registered: ${list}; or give a formula in x)`);
  }
  let activation = formulas.get(text);
  if (activation === undefined) {
    activation = formulaActivation(text);
    if (formulas.size >= MAX_CACHED_FORMULAS) formulas.clear();
    formulas.set(text, activation);
  }
  return activation;
}

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a mutant does to the mathematics (the kinds a reviewer plants to test `verify`). */
export type MutantKind =
  | 'wrong-constant'
  | 'wrong-derivative'
  | 'precision-weakened'
  | 'factor-dropped'
  | 'sign-flip'
  | 'off-by-one'
  | 'quadrature-weight'
  | 'integrator-coefficient'
  | 'wrong-branch'
  | 'wrong-formula';

/**
 * One planted bug: the exact text `find` (which must occur exactly once in `file`) becomes `replace`.
 * `equivalent: true` marks a mutant that cannot change any number `verify` reports; it is listed with `why` and
 * is neither run nor counted in the score.
 */
export interface Mutant {
  /** Unique, kebab-case, prefixed by the area (`act-`, `loss-`, `glu-`, …). */
  readonly id: string;
  /** Path from the repository root. */
  readonly file: string;
  readonly find: string;
  readonly replace: string;
  readonly kind: MutantKind;
  /** One line: what the bug changes numerically. */
  readonly description: string;
  readonly equivalent?: true;
  /** Why an equivalent mutant cannot change a reported number (required when `equivalent`). */
  readonly why?: string;
}

/** Non-overlapping occurrences of `needle` in `text`. */
export function occurrences(text: string, needle: string): number {
  if (needle === '') return 0;
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Why `mutant` cannot be applied to the tree at `root` (its snippet is missing or ambiguous), or undefined. */
export function applicationProblem(root: string, mutant: Mutant): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(root, mutant.file), 'utf8');
  } catch {
    return `${mutant.file} does not exist`;
  }
  const n = occurrences(text, mutant.find);
  if (n !== 1) return `its snippet occurs ${n} times in ${mutant.file} (must be exactly once)`;
  if (mutant.find === mutant.replace) return 'its replacement equals its snippet';
  return undefined;
}

/** Plants `mutant` in the tree at `root` (a copy: never the working tree); throws if it does not apply. */
export function applyMutant(root: string, mutant: Mutant): void {
  const problem = applicationProblem(root, mutant);
  if (problem !== undefined) throw new Error(`mutant ${mutant.id}: ${problem}`);
  const path = join(root, mutant.file);
  const text = readFileSync(path, 'utf8');
  const at = text.indexOf(mutant.find);
  writeFileSync(path, text.slice(0, at) + mutant.replace + text.slice(at + mutant.find.length));
}

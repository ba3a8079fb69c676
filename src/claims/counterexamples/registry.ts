import { InputError } from '../../errors.js';
import { float64ChannelLossSearch } from './float64-channel-loss.js';
import { gluLimitSearch } from './glu-limit.js';
import { plateauClassificationSearch } from './plateau-classification.js';
import { plateauTheorem3Search } from './plateau-theorem-3.js';
import type { SearchableClaim } from './searchable-claim.js';

/** The claims `flat-channels counterexample` can search, in the order `--help` lists them. */
export const SEARCHABLE_CLAIMS: readonly SearchableClaim[] = [
  gluLimitSearch,
  float64ChannelLossSearch,
  plateauClassificationSearch,
  plateauTheorem3Search,
];

/** The searchable claim with this id (an InputError lists the known ids otherwise). */
export function searchableClaim(id: string): SearchableClaim {
  const claim = SEARCHABLE_CLAIMS.find((c) => c.id === id);
  if (claim === undefined) {
    throw new InputError(
      `counterexample: unknown claim "${id}" (searchable: ${SEARCHABLE_CLAIMS.map((c) => c.id).join(', ')})`,
    );
  }
  return claim;
}

import { InputError } from '../errors.js';
import { activationDerivatives } from './activation-derivatives.js';
import type { Claim } from './claim.js';
import { precisionOnChannel } from './precision-on-channel.js';
import { channelScalings } from './channel-scalings.js';
import { paperToyInfinity } from './paper-toy-infinity.js';
import { finiteDifferenceIdentity } from './finite-difference-identity.js';
import { gluLimit } from './glu-limit.js';
import { lossDerivatives } from './loss-derivatives.js';
import { flowIntegrators } from './flow-integrators.js';
import { gluExpansionClaim } from './glu-expansion.js';
import { lossExpansionClaim } from './loss-expansion.js';
import { saddleLineCriticality } from './saddle-line-criticality.js';
import { saddleLineCurvature } from './saddle-line-curvature.js';
import { saddleLineZeroEigenvalue } from './saddle-line-zero-eigenvalue.js';
import { flowTimeLaws } from './flow-time-laws.js';
import { asymptoticParallelism } from './asymptotic-parallelism.js';
import { naiveConvergenceTrap } from './naive-convergence-trap.js';
import { subspaceCounts } from './subspace-counts.js';
import { symmetryInducedCritical } from './symmetry-induced-critical.js';
import { certifiedCriticalPoint } from './certified-critical-point.js';
import { certifiedSaddleLine } from './certified-saddle-line.js';
import { certifiedChannel } from './certified-channel.js';
import { expansionConnectsMinima } from './expansion-connects-minima.js';
import { edgeOfStability } from './edge-of-stability.js';
import { plateauSaddleFrequency } from './plateau-saddle-frequency.js';
import { fig5JumpConvergence } from './fig5-jump-convergence.js';
import { reluPopulationChannel } from './relu-population-channel.js';
import { fortGanguliOutliers } from './fort-ganguli-outliers.js';
import { fortGanguliConfinement } from './fort-ganguli-confinement.js';
import { fortGanguliCurvatureTransient } from './fort-ganguli-curvature-transient.js';
import { fortGanguliSubspace } from './fort-ganguli-subspace.js';
import { multiOutputChannel } from './multi-output-channel.js';
import { gpChannelFrequency } from './gp-channel-frequency.js';
import { threeNeuronChannel } from './three-neuron-channel.js';

/** Every claim `verify` knows, in the order it runs them. */
export const CLAIMS: readonly Claim[] = [
  activationDerivatives,
  lossDerivatives,
  flowIntegrators,
  finiteDifferenceIdentity,
  gluLimit,
  gluExpansionClaim,
  lossExpansionClaim,
  saddleLineCriticality,
  saddleLineCurvature,
  paperToyInfinity,
  channelScalings,
  precisionOnChannel,
  saddleLineZeroEigenvalue,
  flowTimeLaws,
  asymptoticParallelism,
  naiveConvergenceTrap,
  subspaceCounts,
  symmetryInducedCritical,
  expansionConnectsMinima,
  certifiedCriticalPoint,
  certifiedSaddleLine,
  certifiedChannel,
  edgeOfStability,
  plateauSaddleFrequency,
  fig5JumpConvergence,
  reluPopulationChannel,
  threeNeuronChannel,
  gpChannelFrequency,
  fortGanguliOutliers,
  fortGanguliConfinement,
  fortGanguliCurvatureTransient,
  fortGanguliSubspace,
  multiOutputChannel,
];

/** The claims `verify` runs when none are named: every claim but the opt-in ones ({@link Claim.optIn}). */
export const DEFAULT_CLAIMS: readonly Claim[] = CLAIMS.filter((c) => c.optIn === undefined);

/**
 * The claims with the given ids (the default set, {@link DEFAULT_CLAIMS}, when `ids` is undefined); an unknown id
 * is an input error. A named opt-in claim runs.
 */
export function selectClaims(ids: readonly string[] | undefined): readonly Claim[] {
  if (ids === undefined) return DEFAULT_CLAIMS;
  return ids.map((id) => {
    const claim = CLAIMS.find((c) => c.id === id);
    if (claim === undefined) {
      throw new InputError(`unknown claim "${id}" (claims: ${CLAIMS.map((c) => c.id).join(', ')})`);
    }
    return claim;
  });
}

// The claims layer: the registry and the Claim / Verdict / Evidence model. Explicit exports only.
export { CLAIMS, selectClaims } from './registry.js';
export {
  isPassing,
  type Claim,
  type ClaimContext,
  type Evidence,
  type Verdict,
  type VerdictKind,
} from './claim.js';

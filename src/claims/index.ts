// The claims layer: the registry and the Claim / Verdict / Evidence model. Explicit exports only.
export { CLAIMS, DEFAULT_CLAIMS, selectClaims } from './registry.js';
export {
  isPassing,
  VERDICT_KINDS,
  type Claim,
  type ClaimContext,
  type Evidence,
  type Verdict,
  type VerdictKind,
} from './claim.js';
export {
  CERTIFIED_CERTIFICATE_IDS,
  certifiedCertificates,
  type CertifiedCertificate,
} from './certified-certificates.js';

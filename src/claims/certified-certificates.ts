import type { CertifiedCertificate } from './_internals/certified-certificate.js';
import { certifiedCriticalPointResult } from './certified-critical-point.js';
import { certifiedSaddleLineResult } from './certified-saddle-line.js';
import { certifiedChannelResult } from './certified-channel.js';

export type { CertifiedCertificate } from './_internals/certified-certificate.js';

/** The ids of the certificates {@link certifiedCertificates} returns (known without computing them). */
export const CERTIFIED_CERTIFICATE_IDS: readonly string[] = [
  'certified-critical-point',
  'certified-saddle-line',
  'certified-channel',
];

/**
 * The certificates of the `certified` claims, at the digits of issue 17's bar (60), in registry order; written to
 * proofs/ by `npm run proofs` beside the symbolic certificates (src/report/write-certificates.ts).
 */
export function certifiedCertificates(): readonly CertifiedCertificate[] {
  return [
    certifiedCriticalPointResult().certificate,
    certifiedSaddleLineResult().certificate,
    certifiedChannelResult().certificate,
  ];
}

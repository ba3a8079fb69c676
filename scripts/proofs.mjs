// `npm run proofs` (run with tsx): regenerates the certificates in proofs/. Content is deterministic (fixed seeds,
// no times), so test/symbolic/proofs.test.ts regenerates them in memory and fails on any difference.
import { join } from 'node:path';
import process from 'node:process';
import { writeCertificates } from '../src/report/write-certificates.ts';

let failed = 0;
for (const c of writeCertificates(join(import.meta.dirname, '..', 'proofs'))) {
  if (c.verdict !== 'proved') failed++;
  process.stdout.write(`${c.verdict.padEnd(8)} ${c.id}\n`);
}
process.exitCode = failed > 0 ? 1 : 0;

// `npm run proofs` (run with tsx): regenerates the certificates in proofs/. Content is deterministic (fixed seeds,
// no times), so test/symbolic/proofs.test.ts regenerates them in memory and fails on any difference.
import { join } from 'node:path';
import process from 'node:process';
import { writeCertificates } from '../src/report/write-certificates.ts';

let failed = 0;
for (const c of writeCertificates(join(import.meta.dirname, '..', 'proofs'))) {
  // Symbolic certificates must be proved, those of the certified claims certified (their verdict is one or the other).
  if (c.verdict !== 'proved' && c.verdict !== 'certified') failed++;
  process.stdout.write(`${c.verdict.padEnd(9)} ${c.id}\n`);
}
process.exitCode = failed > 0 ? 1 : 0;

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The long tier (`npm run test:long`): only the tests named `[long] …` (see test/_support/tier.ts), and only the
 * files that declare some, so that the default tier is not collected a second time.
 */
function filesWithLongTests(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.test.ts')) continue;
    const path = join(entry.parentPath, entry.name);
    if (/\b(itLong|itScaled)\(/.test(readFileSync(path, 'utf8'))) out.push(path);
  }
  return out;
}

// Not mergeConfig: it would concatenate `include` with the default tier's.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [...filesWithLongTests('test'), ...filesWithLongTests('property-tests')],
    testNamePattern: /\[long\] /,
    env: { FLAT_CHANNELS_LONG: '1' },
  },
});

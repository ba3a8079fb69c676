import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import base, { tierProjects } from './vitest.config.js';
import { testFiles } from './test/_support/test-files.js';

const ROOT = fileURLToPath(new URL('.', import.meta.url));

/**
 * The long tier (`npm run test:long`): only the tests named `[long] …` (see test/_support/tier.ts), and only the
 * files that declare some, so that the default tier is not collected a second time; in the same two projects as
 * the default tier (shared process, or a process of its own).
 */
const files = testFiles(ROOT)
  .filter((f) => /\b(itLong|itScaled)\(/.test(f.text))
  .map((f) => f.path);

// Not mergeConfig: it would concatenate the projects with the default tier's.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    projects: tierProjects(files),
    testNamePattern: /\[long\] /,
    env: { FLAT_CHANNELS_LONG: '1' },
  },
});

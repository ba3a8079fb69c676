import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'property-tests/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // TEST_CPU_OUT=file: one JSON line of CPU seconds per test file (test/_support/cpu-probe.ts), to budget the tier.
    setupFiles: process.env['TEST_CPU_OUT'] ? ['test/_support/cpu-probe.ts'] : [],
    // No wall-clock limits: a correctness test must not fail because the machine is loaded (a fixed 120 s once
    // failed `--help works for every command` on a busy 2-core machine). A hang is found by CI's own time limit.
    testTimeout: 0,
    hookTimeout: 0,
    pool: 'forks',
    // One test file per core. Vitest's default for `run` is one worker fewer than the cores: on a 2-core machine
    // that ran every file one after the other (measured: never two files at once in a full run), so `npm test` took
    // its whole CPU time as wall time. The files share no fixed paths or ports (temporary directories, free ports).
    maxWorkers: availableParallelism(),
  },
});

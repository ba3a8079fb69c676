import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { needsOwnProcess, testFiles } from './test/_support/test-files.js';

const ROOT = fileURLToPath(new URL('.', import.meta.url));

/**
 * The test files in two projects: `shared`, whose files run one after another in a worker process that keeps its
 * imported modules (vitest `isolate: false`), and `own-process`, the files that replace modules or stub globals and
 * so need a fresh process each (test/_support/test-files.ts says which). Both share one pool of workers with no
 * barrier between them (one `groupOrder`); vitest's sequencer queues the own-process files first, so the shared
 * workers, once started, are not stopped and restarted between them. The long tier (vitest.long.config.ts) builds
 * the same projects from its own file list.
 */
export function tierProjects(files: readonly string[]): TestProjectInlineConfiguration[] {
  const all = testFiles(ROOT).filter((f) => files.includes(f.path));
  const own = all.filter((f) => needsOwnProcess(f.text)).map((f) => f.path);
  const shared = all.filter((f) => !needsOwnProcess(f.text)).map((f) => f.path);
  return [
    {
      extends: true,
      test: { name: 'own-process', include: own, isolate: true },
    },
    { extends: true, test: { name: 'shared', include: shared, isolate: false } },
  ];
}

export default defineConfig({
  test: {
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
    projects: tierProjects(testFiles(ROOT).map((f) => f.path)),
  },
});

import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/write-file-atomic.js';
import { RUN_FORMAT, type RunResult } from './run-sweep-job.js';

/**
 * Finished runs stored by content address: `DIR/runs/<key>.json`, each written atomically (a temporary file, then
 * a rename), so a run is either completely there or not at all, and writing the same key twice leaves one file.
 */
export class ResultStore {
  readonly runsDir: string;

  constructor(readonly dir: string) {
    this.runsDir = join(dir, 'runs');
    mkdirSync(this.runsDir, { recursive: true });
  }

  path(key: string): string {
    return join(this.runsDir, `${key}.json`);
  }

  has(key: string): boolean {
    return existsSync(this.path(key));
  }

  /** The stored result of `key`, or undefined if it is missing or unreadable (then it is recomputed). */
  read(key: string): RunResult | undefined {
    try {
      const r = JSON.parse(readFileSync(this.path(key), 'utf8')) as RunResult;
      return r.format === RUN_FORMAT && r.key === key ? r : undefined;
    } catch {
      return undefined;
    }
  }

  write(result: RunResult): void {
    writeFileAtomic(this.path(result.key), JSON.stringify(result, null, 2) + '\n');
  }

  /** Keys of all stored runs (temporary files of interrupted writes are not runs). */
  keys(): string[] {
    return readdirSync(this.runsDir)
      .filter((f) => /^[0-9a-f]+\.json$/.test(f))
      .map((f) => f.slice(0, -'.json'.length));
  }
}

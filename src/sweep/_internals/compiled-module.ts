import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The file URL of a compiled sibling module (`./_internals/pool-worker.js`) for worker threads and child processes,
 * which load plain JavaScript. From dist/ that is the sibling itself; when this code runs from the TypeScript
 * sources (tests, tsx) the sibling is taken from dist/, which the build (and the test setup) produces.
 */
export function compiledModule(relative: string, base: string): URL {
  const url = new URL(relative, base);
  if (existsSync(fileURLToPath(url))) return url;
  const dist = new URL(url.href.replace(/\/src\//, '/dist/'));
  if (existsSync(fileURLToPath(dist))) return dist;
  throw new Error(`compiledModule: ${fileURLToPath(url)} not found (run npm run build)`);
}

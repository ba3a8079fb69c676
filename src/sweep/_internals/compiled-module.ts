import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The file URL of a compiled sibling module (`./_internals/pool-worker.js`) for worker threads and child processes,
 * which load plain JavaScript. From dist/ that is the sibling itself; when this code runs from the TypeScript
 * sources (tests, tsx) the sibling is taken from dist/, which the build (and the test setup) produces. A dist/
 * older than any source file is refused: its workers would compute with old code while the results are keyed and
 * reported as if by the new.
 */
export function compiledModule(relative: string, base: string): URL {
  const url = new URL(relative, base);
  if (existsSync(fileURLToPath(url))) return url;
  const dist = new URL(url.href.replace(/\/src\//, '/dist/'));
  if (!existsSync(fileURLToPath(dist)))
    throw new Error(`compiledModule: ${fileURLToPath(url)} not found (run npm run build)`);
  const srcRoot = fileURLToPath(new URL(url.href.slice(0, url.href.lastIndexOf('/src/') + 5)));
  const built = statSync(fileURLToPath(dist)).mtimeMs;
  const newer = newestSource(srcRoot);
  if (newer !== undefined && newer.mtimeMs > built) {
    throw new Error(
      `compiledModule: dist/ is older than ${newer.path} (worker code would be stale): run npm run build`,
    );
  }
  return dist;
}

function newestSource(dir: string): { path: string; mtimeMs: number } | undefined {
  let best: { path: string; mtimeMs: number } | undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const found = entry.isDirectory()
      ? newestSource(path)
      : entry.name.endsWith('.ts')
        ? { path, mtimeMs: statSync(path).mtimeMs }
        : undefined;
    if (found !== undefined && (best === undefined || found.mtimeMs > best.mtimeMs)) best = found;
  }
  return best;
}

/**
 * Runs every bench/*.bench.ts in turn (`npm run bench`, i.e. `tsx bench/run.ts`). Each benchmark module exports
 * a default async function; an optional name filter is the first argument (`npm run bench -- special`).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface BenchModule {
  readonly default: () => Promise<void> | void;
}

async function main(): Promise<void> {
  const filter = process.argv[2] ?? '';
  const dir = import.meta.dirname;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
    .sort();
  const t0 = performance.now();
  for (const file of files) {
    console.log(`\n== ${file} ==`);
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as BenchModule;
    await mod.default();
  }
  console.log(`\n${files.length} benchmark file(s) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

await main();

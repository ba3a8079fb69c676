import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../docs/run-cli.js';

/** A running `node bin/flat-channels.js …` in its own process group (so a kill takes its children with it). */
export interface CliProcess {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with the exit code (or the signal name) when the process ends. */
  readonly exited: Promise<number | string>;
}

export function startCli(args: readonly string[]): CliProcess {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'flat-channels.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, FORCE_COLOR: '0' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** SIGKILLs the whole process group of a started CLI (worker threads and sandboxed children die with it). */
export function killGroup(p: CliProcess): void {
  try {
    if (p.child.pid !== undefined) process.kill(-p.child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

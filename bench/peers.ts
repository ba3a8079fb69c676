/**
 * The python3 peers of the issue-16 rows (bench/peers/peers.py) as one long-lived child process, asked one JSON
 * request at a time. While a request runs this process only waits, so a round "ours, then each peer" puts the two
 * sides on the machine one after the other, never competing for a core; each side reports its own CPU time.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export type PeerAnswer = Readonly<Record<string, unknown>> & {
  readonly ms?: number;
  readonly error?: string;
};

export class Peers {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #pending: ((line: string) => void)[] = [];
  #failure: string | undefined;

  private constructor(child: ChildProcessWithoutNullStreams) {
    this.#child = child;
    createInterface({ input: child.stdout }).on('line', (line) => this.#pending.shift()?.(line));
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const fail = (why: string): void => {
      this.#failure = why;
      for (const resolve of this.#pending.splice(0)) resolve(JSON.stringify({ error: why }));
    };
    child.on('error', (e) => fail(`python3 not available (${e.message})`));
    child.on('exit', (code) =>
      fail(`python3 peers exited (${code}): ${stderr.trim().split('\n').pop() ?? ''}`),
    );
  }

  /** Starts bench/peers/peers.py. */
  static start(): Peers {
    const script = join(import.meta.dirname, 'peers', 'peers.py');
    return new Peers(spawn('python3', ['-u', script], { stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  /** One request; the answer, or `{ error }` when the peer failed (a missing module, no python3). */
  async ask(request: Readonly<Record<string, unknown>>): Promise<PeerAnswer> {
    if (this.#failure !== undefined) return { error: this.#failure };
    const line = await new Promise<string>((resolve) => {
      this.#pending.push(resolve);
      this.#child.stdin.write(`${JSON.stringify(request)}\n`);
    });
    return JSON.parse(line) as PeerAnswer;
  }

  close(): void {
    this.#child.stdin.end();
  }
}

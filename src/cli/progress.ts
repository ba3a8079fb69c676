import type { Io } from './command.js';

/** A one-line progress display on stderr: shown only on a terminal and never with --json. */
export interface Progress {
  /** Replaces the line (at most every 100 ms, except the first). */
  readonly update: (text: string) => void;
  /** Clears the line (call before printing results or errors). */
  readonly done: () => void;
}

/**
 * The progress line of a long-running command: `\r<text>ESC[K` on stderr when `io.isTTY` and not `json`,
 * nothing at all otherwise (so piped output and --json stay exactly the results).
 *
 * Syntax: `progressLine(io, json)`
 *
 * Example: `const pr = progressLine(io, json); pr.update('loss: 10⁶ samples at 60 digits…'); …; pr.done();`
 */
export function progressLine(io: Io, json: boolean, now: () => number = Date.now): Progress {
  if (!io.isTTY || json) return { update: () => undefined, done: () => undefined };
  let last = -Infinity;
  let shown = false;
  return {
    update(text) {
      const t = now();
      if (shown && t - last < 100) return;
      last = t;
      shown = true;
      io.stderr(`\r${text}\u001b[K`);
    },
    done() {
      if (shown) io.stderr('\r\u001b[K');
      shown = false;
    },
  };
}

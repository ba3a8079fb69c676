import type { OptionSpecs, ParsedValues } from './options.js';

/** Where a command writes: stdout for results (one JSON object with --json), stderr for progress and errors. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** True when stderr is a terminal (progress display is shown only then, and never with --json). */
  readonly isTTY: boolean;
}

/** What `--help` and option parsing need of a subcommand: no mathematics, so it costs nothing to load. */
export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly examples: readonly string[];
  readonly options: OptionSpecs;
}

/** A subcommand. `run` returns the exit code: 0 success, 1 a claim refuted or a check failed; input errors are
 * thrown as InputError (exit 2). */
export interface Command extends CommandSpec {
  readonly run: (values: ParsedValues, io: Io) => Promise<number>;
}

/**
 * A row of the CLI's command table (src/cli/command-table.ts): the command's spec, and its module, imported only
 * when the command runs (the modules import the mathematics; `--help` and a wrong option must not pay for it).
 */
export interface CommandEntry extends CommandSpec {
  readonly load: () => Promise<Command>;
}

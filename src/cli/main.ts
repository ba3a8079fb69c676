import { InputError } from '../errors.js';
import type { CommandEntry, Io } from './command.js';
import { COMMAND_TABLE } from './command-table.js';
import { commandHelp, mainHelp } from './help.js';
import { parseOptions, type ParsedValues } from './options.js';
import { toolVersion } from './version.js';

/**
 * Every command, with its spec; a command's module (and the mathematics it imports) is loaded only when the
 * command runs, so `--help` and option errors start in a fraction of a second.
 */
export const COMMANDS: readonly CommandEntry[] = COMMAND_TABLE;

const defaultIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: process.stderr.isTTY,
};

/**
 * Runs the CLI and returns the exit code: 0 success, 1 a claim refuted or a check failed, 2 a usage or input
 * error (one line on stderr, no stack trace), 3 an internal error (a bug: the stack is printed to report it).
 */
export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      // Without a command this is a usage error: help goes to stderr and the exit code is 2.
      (name === undefined ? io.stderr : io.stdout)(mainHelp(COMMANDS, toolVersion()));
      return name === undefined ? 2 : 0;
    }
    if (name === '--version') {
      io.stdout(`${toolVersion()}\n`);
      return 0;
    }
    const cmd = COMMANDS.find((c) => c.name === name);
    if (cmd === undefined) {
      throw new InputError(
        `unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(', ')}; see flat-channels --help)`,
      );
    }
    let values: ParsedValues | undefined;
    try {
      values = parseOptions(cmd.name, rest, cmd.options);
    } catch (e) {
      // The table is generated from the modules; should it lag behind one, the module's own options decide.
      if (!(e instanceof InputError)) throw e;
    }
    if (values?.['help'] === true) {
      io.stdout(commandHelp(cmd));
      return 0;
    }
    const loaded = await cmd.load();
    return await loaded.run(parseOptions(loaded.name, rest, loaded.options), io);
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr(`flat-channels: ${e.message.replace(/\s*\n\s*/g, ' ')}\n`);
      return 2;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    io.stderr(
      `flat-channels: internal error (a bug, please report it): ${err.message}\n${err.stack ?? ''}\n`,
    );
    return 3;
  }
}

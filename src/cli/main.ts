import { InputError } from '../errors.js';
import type { Command, Io } from './command.js';
import { activationCommand } from './commands/activation.js';
import { counterexampleCommand } from './commands/counterexample.js';
import { gluCommand } from './commands/glu.js';
import { flowCommand } from './commands/flow.js';
import { lossCommand } from './commands/loss.js';
import { problemCommand } from './commands/problem.js';
import { verifyCommand } from './commands/verify.js';
import { saddleLineCommand } from './commands/saddle-line.js';
import { followCommand } from './commands/follow.js';
import { infinityCommand } from './commands/infinity.js';
import { sweepCommand } from './commands/sweep.js';
import { workerCommand } from './commands/worker.js';
import { detectCommand } from './commands/detect.js';
import { commandHelp, mainHelp } from './help.js';
import { parseOptions } from './options.js';
import { toolVersion } from './version.js';

export const COMMANDS: readonly Command[] = [
  verifyCommand,
  activationCommand,
  problemCommand,
  lossCommand,
  sweepCommand,
  workerCommand,
  gluCommand,
  counterexampleCommand,
  flowCommand,
  infinityCommand,
  followCommand,
  saddleLineCommand,
  detectCommand,
];

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
    const values = parseOptions(cmd.name, rest, cmd.options);
    if (values['help'] === true) {
      io.stdout(commandHelp(cmd));
      return 0;
    }
    return await cmd.run(values, io);
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

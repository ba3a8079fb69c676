import type { CommandSpec } from './command.js';
import { GLOBAL_OPTIONS, type OptionSpecs } from './options.js';

function optionLines(specs: OptionSpecs): string[] {
  const rows = Object.entries(specs).map(
    ([name, s]) => [`--${name}${s.value ? ` ${s.value}` : ''}`, s.help] as const,
  );
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, help]) => `  ${left.padEnd(width)}  ${help}`);
}

/** The `--help` text of one command. */
export function commandHelp(cmd: CommandSpec): string {
  return [
    `flat-channels ${cmd.name} — ${cmd.summary}`,
    '',
    `Usage: ${cmd.usage}`,
    '',
    'Options:',
    ...optionLines({ ...cmd.options, ...GLOBAL_OPTIONS }),
    '',
    'Examples:',
    ...cmd.examples.map((e) => `  ${e}`),
    '',
  ].join('\n');
}

/** The top-level help: every command with its summary. */
export function mainHelp(commands: readonly CommandSpec[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `flat-channels ${version} — verify the mathematics of flat channels to infinity in two-layer networks`,
    '',
    'Usage: flat-channels <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes --digits N, --json and --help; verify and sweep also write files with --out DIR.',
    'Exit codes: 0 success, 1 a claim was refuted or a check failed, 2 usage or input error, 3 internal error (a bug).',
    '',
    'Example: flat-channels activation --name tanh --derivatives 3 --at 0.5 --digits 50 --json',
    '',
  ].join('\n');
}

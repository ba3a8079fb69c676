import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/main.js';
import { runCli } from '../docs/run-cli.js';

/** A user error: exit 2, exactly one line on stderr that names the problem, nothing on stdout, no stack trace. */
function expectInputError(args: readonly string[], mentions: string): void {
  const r = runCli(args);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(mentions);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('flat-channels CLI conventions', () => {
  it('--help works for the tool and for every command, with an example', () => {
    const top = runCli(['--help']);
    expect(top.status).toBe(0);
    for (const c of COMMANDS) expect(top.stdout).toContain(c.name);
    for (const c of COMMANDS) {
      const r = runCli([c.name, '--help']);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Examples:');
      expect(r.stdout).toContain(`flat-channels ${c.name}`);
      expect(r.stdout).toContain('--digits N');
    }
  });

  it('no command is a usage error (exit 2, help on stderr)', () => {
    const r = runCli([]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage:');
  });

  it('rejects bad input with exit 2 and one line naming the problem', () => {
    expectInputError(['activation', '--name', 'tanh', '--at', '1', '--digits', 'abc'], '--digits');
    expectInputError(['activation', '--name', 'tanh', '--at', '1', '--digits', '9'], '--digits');
    expectInputError(['activation', '--name', 'tanh', '--at', '1', '--digits', '1001'], '--digits');
    expectInputError(['activation', '--name', 'tanh', '--at', '1', '--digits', '40.5'], '--digits');
    expectInputError(['activation', '--name', 'nosuch', '--at', '1'], 'nosuch');
    expectInputError(['activation', '--name', 'tanh', '--at', 'one'], '--at');
    expectInputError(['activation', '--name', 'tanh', '--at', 'Infinity'], '--at');
    expectInputError(['activation', '--name', 'tanh', '--at', 'NaN'], '--at');
    expectInputError(['activation', '--name', 'tanh'], '--at');
    expectInputError(['activation', '--name', 'tanh', '--at', '1', '--derivatives', '-1'], '--derivatives');
    expectInputError(['activation', '--name', 'tanh', '--at', '1', '--bogus'], '--bogus');
    expectInputError(['activation', '--name', 'tanh', '--at', '1', 'extra'], 'extra');
    expectInputError(['activation', '--name', 'foo(x)', '--at', '1'], 'foo');
    expectInputError(['nosuch-command'], 'nosuch-command');
    expectInputError(['verify', '--claims', 'no-such-claim'], 'no-such-claim');
  });

  it('--json prints exactly one JSON object whose numbers are decimal strings', () => {
    const r = runCli([
      'activation',
      '--name',
      'sigmoid',
      '--derivatives',
      '2',
      '--at',
      '0.25',
      '--digits',
      '25',
      '--json',
    ]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0] ?? '') as {
      name: string;
      x: string;
      digits: number;
      derivatives: unknown[];
    };
    expect(out.name).toBe('sigmoid');
    expect(out.x).toBe('0.25');
    expect(out.digits).toBe(25);
    expect(out.derivatives).toHaveLength(3);
    for (const d of out.derivatives) expect(typeof d).toBe('string');
  });
});

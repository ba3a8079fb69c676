import { describe, expect, it } from 'vitest';
import { COMMAND_TABLE } from '../../src/cli/command-table.js';
import { COMMAND_MODULES, loadCommands } from '../../scripts/command-table.js';

describe('the CLI command table (src/cli/command-table.ts, generated)', () => {
  it('holds every command module, in order, with its spec unchanged (else: npm run command-table)', async () => {
    const commands = await loadCommands();
    expect(COMMAND_TABLE.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    expect(COMMAND_TABLE).toHaveLength(COMMAND_MODULES.length);
    for (const [i, command] of commands.entries()) {
      const row = COMMAND_TABLE[i];
      const { run: _run, ...spec } = command;
      const { load: _load, ...tableSpec } = row ?? { load: undefined };
      expect(
        tableSpec,
        `src/cli/command-table.ts is stale for ${command.name}: run npm run command-table`,
      ).toEqual(spec);
      expect(await row?.load()).toBe(command);
    }
  });
});

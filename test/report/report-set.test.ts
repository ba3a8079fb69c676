import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { InputError } from '../../src/errors.js';
import { openReportSet } from '../../src/report/report-set.js';
import { verifyHtml } from '../../src/report/verify-html.js';
import { verifyMarkdown, type VerifyReport } from '../../src/report/verify-report.js';
import { itScaled } from '../_support/tier.js';
import { ROOT } from '../docs/run-cli.js';

const NAMES = ['report.json', 'report.md', 'report.html'];
const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'fc-report-set-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) {
    spawnSync('chattr', ['-R', '-i', d]);
    rmSync(d, { recursive: true, force: true });
  }
});

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(r.stdout);
}

function set(label: string): Record<string, string> {
  return Object.fromEntries(NAMES.map((n) => [n, `${label} ${n}\n`]));
}

function contents(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((n) => [n, readFileSync(join(dir, n), 'utf8')]));
}

describe('openReportSet', () => {
  it('writes a fresh set with one rename and leaves no temporary beside or inside it', () => {
    const parent = tmp();
    const dir = join(parent, 'a', 'b', 'report');
    const s = openReportSet(dir, NAMES);
    s.commit(set('new'));
    expect(contents(dir)).toEqual(set('new'));
    expect(readdirSync(dirname(dir))).toEqual(['report']);
  });

  it('replaces an earlier set whole (the directory is swapped, not the files one by one)', () => {
    const parent = tmp();
    const dir = join(parent, 'report');
    openReportSet(dir, NAMES).commit(set('old'));
    const before = statSync(dir).ino;
    openReportSet(dir, NAMES).commit(set('new'));
    expect(contents(dir)).toEqual(set('new'));
    expect(statSync(dir).ino).not.toBe(before);
    expect(readdirSync(parent)).toEqual(['report']);
  });

  it('cleans what a killed run left: stale staging, an orphaned per-file temporary; puts back a set cut off mid-swap', () => {
    const parent = tmp();
    const dir = join(parent, 'report');
    const dead = deadPid();
    // Killed between the swap's two renames: no report/, the whole old set aside.
    mkdirSync(join(parent, `.report.report-set-${dead}-abc123.old`));
    for (const [n, c] of Object.entries(set('old')))
      writeFileSync(join(parent, `.report.report-set-${dead}-abc123.old`, n), c);
    // Killed while staging, and a per-file temporary of the older writer.
    mkdirSync(join(parent, `.report.report-set-${dead}-def456`));
    const s = openReportSet(dir, NAMES);
    // The old set is back in place, complete, before the new run has written anything.
    expect(contents(dir)).toEqual(set('old'));
    writeFileSync(join(dir, `.report.json.${dead}.1700000000000.tmp`), 'half');
    // A writability probe of a run killed before it removed it: not a foreign file, and cleaned.
    writeFileSync(join(dir, `.flat-channels-probe-${dead}-k3x9q`), '');
    s.abandon();
    const t = openReportSet(dir, NAMES);
    expect(readdirSync(dir).sort()).toEqual([...NAMES].sort());
    t.commit(set('new'));
    expect(contents(dir)).toEqual(set('new'));
    expect(readdirSync(parent)).toEqual(['report']);
  });

  it('never touches the staging directory of a live run', () => {
    const parent = tmp();
    const live = join(parent, `.report.report-set-${process.ppid}-zz`);
    mkdirSync(live);
    openReportSet(join(parent, 'report'), NAMES).commit(set('new'));
    expect(existsSync(live)).toBe(true);
  });

  it('refuses, with one line, what cannot hold a report set', () => {
    const parent = tmp();
    const file = join(parent, 'file');
    writeFileSync(file, 'x');
    const foreign = join(parent, 'mine');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'thesis.tex'), 'x');
    const cases: readonly [string, RegExp][] = [
      [file, /exists and is not a directory \(a file\)/],
      ['/dev/null', /not a directory/],
      [join(file, 'sub'), /is not a directory/],
      ['/proc/self/report', /\/proc is not a place/],
      ['/sys/kernel/report', /\/sys is not a place/],
      [foreign, /holds a file other than a report \(thesis\.tex\)/],
    ];
    for (const [path, message] of cases) {
      expect(() => openReportSet(path, NAMES), path).toThrow(InputError);
      expect(() => openReportSet(path, NAMES), path).toThrow(message);
    }
    // Nothing was created or left behind.
    expect(readdirSync(parent).sort()).toEqual(['file', 'mine']);
    expect(readdirSync(foreign)).toEqual(['thesis.tex']);
  });
});

describe('verify --out: checked before any claim runs', () => {
  function readOnlyDir(): string {
    const d = join(tmp(), 'ro');
    mkdirSync(d);
    // Root ignores permission bits: the immutable attribute stops it too.
    const r =
      process.getuid?.() === 0 ? spawnSync('chattr', ['+i', d]) : (chmodSync(d, 0o555), { status: 0 });
    if (r.status !== 0) throw new Error('cannot make a read-only directory here');
    return d;
  }

  it('exit 2 with one line for a file, /dev/null, /proc, /sys and a read-only directory; no progress line', async () => {
    const parent = tmp();
    const file = join(parent, 'file.txt');
    writeFileSync(file, 'keep me');
    for (const out of [file, '/dev/null', '/proc/self/report', '/sys/report', readOnlyDir()]) {
      let stderr = '';
      const code = await main(['verify', '--claims', 'flow-time-laws', '--out', out], {
        stdout: () => undefined,
        stderr: (t) => (stderr += t),
        isTTY: true,
      });
      expect(code, out).toBe(2);
      expect(stderr.trim().split('\n'), out).toHaveLength(1);
      expect(stderr, out).not.toContain('[1/');
      expect(stderr, out).toContain('--out');
      // On a TTY the first claim would have drawn its progress line ('[1/1] …') before running: none did.
    }
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });
});

describe('verify --out under SIGKILL: never a mixed set', () => {
  itScaled(
    'after kills at several moments the directory holds either the whole old set or a whole new one; the next run cleans up',
    async (long) => {
      const parent = tmp();
      const dir = join(parent, 'report');
      const old = set('old');
      mkdirSync(dir);
      for (const [n, c] of Object.entries(old)) writeFileSync(join(dir, n), c);
      const args = [
        join(ROOT, 'bin', 'flat-channels.js'),
        'verify',
        '--claims',
        'glu-limit',
        '--activation',
        'tanh',
        '--out',
        dir,
      ];
      const consistent = (): 'old' | 'new' | 'none' => {
        if (!existsSync(dir)) return 'none';
        const c = contents(dir);
        if (NAMES.every((n) => c[n] === old[n]) && Object.keys(c).length === NAMES.length) return 'old';
        expect(Object.keys(c).sort()).toEqual([...NAMES].sort());
        const report = JSON.parse(c['report.json'] ?? '') as VerifyReport;
        expect(c['report.md']).toBe(verifyMarkdown(report));
        expect(c['report.html']).toBe(verifyHtml(report));
        return 'new';
      };
      const restoreOld = (): void => {
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir);
        for (const [n, c] of Object.entries(old)) writeFileSync(join(dir, n), c);
      };
      // One whole run measures how long a run takes here; the kills then aim at its end, where the set is written.
      const began = performance.now();
      expect(spawnSync(process.execPath, args).status).toBe(0);
      const whole = performance.now() - began;
      expect(consistent()).toBe('new');
      const seen: string[] = [];
      for (const f of long ? [0.85, 0.9, 0.95, 0.98, 1.0, 1.05] : [0.95, 1.0]) {
        restoreOld();
        const child = spawn(process.execPath, args, { stdio: 'ignore' });
        const exited = new Promise((r) => child.on('exit', r));
        await new Promise((r) => setTimeout(r, f * whole));
        child.kill('SIGKILL');
        await exited;
        seen.push(consistent());
      }
      restoreOld();
      // 'none' would only be seen between the two renames of a swap (microseconds); it must then be restorable.
      const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(consistent()).toBe('new');
      expect(readdirSync(parent)).toEqual(['report']);
      console.log(
        `a run takes ${(whole / 1000).toFixed(1)} s; states after kills at ${long ? '0.85–1.05' : '0.95 and 1.0'} of it: ${seen.join(', ')}`,
      );
    },
  );
});

describe('screenshots/ beside a report (the browser test with REPORT_DIR)', () => {
  it('is not a foreign entry, and goes with the set it shows when a new set is swapped in', () => {
    const dir = join(tmp(), 'report');
    openReportSet(dir, NAMES).commit({ 'report.json': '{}', 'report.md': 'old', 'report.html': 'old' });
    mkdirSync(join(dir, 'screenshots', 'figures'), { recursive: true });
    writeFileSync(join(dir, 'screenshots', 'figures', 'f.png'), 'png');
    openReportSet(dir, NAMES).commit({ 'report.json': '{}', 'report.md': 'new', 'report.html': 'new' });
    expect(readdirSync(dir).sort()).toEqual(NAMES.slice().sort());
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toBe('new');
    // Anything else is still refused.
    writeFileSync(join(dir, 'notes.txt'), 'x');
    expect(() => openReportSet(dir, NAMES)).toThrow(InputError);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { ClaimResult, VerifyReport } from '../../src/report/verify-report.js';
import { ROOT, runCli } from '../docs/run-cli.js';

/** Significant digits a decimal string shows ("0.04711602750" → 10, "0.0471160275" → 9, "0" → 0). */
function shownDigits(s: string): number {
  const mantissa = s.replace(/^-/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '');
  return mantissa.length;
}

/**
 * Whether a printed value `a` is right to its last digit against the reference `b` (22 digits of mpmath): |a − b| ≤
 * one unit in the last digit of a (½ for the rounding to the digits shown and ½ for the certification that chose
 * them: the claim's own error model, src/claims/paper-toy-infinity.ts) plus ½ unit in the last digit of b.
 */
function agree(a: string, b: string): boolean {
  const unit = (s: string): Decimal => {
    const x = new Decimal(s);
    if (x.isZero()) return new Decimal(0);
    return new Decimal(10).pow(x.abs().log(10).floor().toNumber() - shownDigits(s) + 1);
  };
  return new Decimal(a)
    .minus(b)
    .abs()
    .lte(unit(a).plus(unit(b).div(2)));
}

interface InfinityJson {
  readonly criticalPoints: readonly {
    w: string;
    loss: string;
    h: string;
    c: string;
    a: string;
    kind: string;
  }[];
  readonly oneNeuron: readonly { w: string; loss: string }[];
}

/**
 * The independent reference: mpmath's values (scripts/golden/infinity.py). `flat-channels infinity` is checked
 * against the same file digit for digit (test/cli/infinity.test.ts), and the claim's embedded copy is this file
 * (test/claims/paper-toy-reference.test.ts); comparing the report with it rather than with a second run of the
 * command (about 7 s of CPU) checks the same agreement of report and command, through the reference.
 */
const golden = JSON.parse(
  readFileSync(join(ROOT, 'test', 'fixtures', 'infinity-paper-toy.json'), 'utf8'),
) as {
  criticalPoints: InfinityJson['criticalPoints'];
  oneNeuron: InfinityJson['oneNeuron'][number];
};

describe('the report prints the numbers the commands print (paper-toy loss at infinity)', () => {
  it('every printed digit of w, loss, h in the verify report agrees with mpmath, as `flat-channels infinity`’s do', () => {
    const v = runCli(['verify', '--claims', 'paper-toy-infinity', '--json']);
    expect(v.stderr).toBe('');
    const report = JSON.parse(v.stdout) as VerifyReport;
    const row = report.claims.find((c) => c.id === 'paper-toy-infinity');
    expect(row?.verdict, row?.summary).toBe('verified');
    // The claim's shape (minimum, saddle, minimum) and its figure: both minima inside the shaded h > 0 interval.
    // (This row is the test's one run of the claim, ≈ 12 s of CPU; test/claims/channel-claims.test.ts relies on it.)
    expect(row?.evidence['kinds']).toEqual(['minimum', 'saddle', 'minimum']);
    const band = row?.figures.find((f) => f.id === 'loss-at-infinity')?.bands?.[0];
    expect(band).toBeDefined();
    const ws = (row?.evidence['w'] as readonly string[]).map(Number);
    for (const w of [ws[0], ws[2]]) {
      expect(w).toBeGreaterThan(Number(band?.from));
      expect(w).toBeLessThan(Number(band?.to));
    }
    const cmd: InfinityJson = { criticalPoints: golden.criticalPoints, oneNeuron: [golden.oneNeuron] };
    expect(cmd.criticalPoints.map((p) => p.kind)).toEqual(['minimum', 'saddle', 'minimum']);

    const { checked, bad } = compare(row, cmd);
    expect(bad).toEqual([]);
    // The comparison can fail: a report with one number 2 units off in its last digit is caught, wherever it is.
    const off = (x: string): string => {
      const d = new Decimal(x);
      return d
        .plus(new Decimal(10).pow(d.abs().log(10).floor().toNumber() - shownDigits(x) + 1).times(2))
        .toString();
    };
    const evidence = row?.evidence ?? {};
    const h = evidence['h'] as readonly string[];
    const doctored: ClaimResult[] = [
      { ...(row as ClaimResult), evidence: { ...evidence, h: [h[0] ?? '', h[1] ?? '', off(h[2] ?? '')] } },
      {
        ...(row as ClaimResult),
        summary: (row?.summary ?? '').replace(`h = ${h[2] ?? ''})`, `h = ${off(h[2] ?? '')})`),
      },
    ];
    for (const d of doctored) expect(compare(d, cmd).bad).toHaveLength(1);
    expect(checked.length).toBe(9 + 2 + 8 + 6 + 2);
  });
});

/** Every printed w, loss and h of the claim's row against the reference values: the disagreements, and what was compared. */
function compare(row: ClaimResult | undefined, cmd: InfinityJson): { checked: string[]; bad: string[] } {
  const checked: string[] = [];
  const bad: string[] = [];
  const check = (where: string, printed: string, command: string): void => {
    checked.push(where);
    if (shownDigits(printed) < 8) bad.push(`${where}: ${printed} shows too few digits to compare`);
    else if (!agree(printed, command)) bad.push(`${where}: report ${printed} vs mpmath ${command}`);
  };
  const ev = row?.evidence ?? {};
  for (const field of ['w', 'loss', 'h'] as const) {
    const printed = ev[field] as readonly string[];
    expect(printed).toHaveLength(3);
    printed.forEach((x, k) => check(`evidence.${field}[${k}]`, x, cmd.criticalPoints[k]?.[field] ?? 'NaN'));
  }
  (ev['oneNeuronW'] as readonly string[]).forEach((x, k) =>
    check('evidence.oneNeuronW', x, cmd.oneNeuron[k]?.w ?? 'NaN'),
  );
  (ev['oneNeuronLoss'] as readonly string[]).forEach((x, k) =>
    check('evidence.oneNeuronLoss', x, cmd.oneNeuron[k]?.loss ?? 'NaN'),
  );

  // The summary: "w = … (ℓ = …, h = …)" for both minima, "w = …, ℓ = …" for the saddle.
  const summary = row?.summary ?? '';
  const minima = [...summary.matchAll(/w = (\S+) \(ℓ = (\S+), h = (\S+)\)/g)];
  expect(minima, summary).toHaveLength(2);
  minima.forEach((m, i) => {
    const p = cmd.criticalPoints[i === 0 ? 0 : 2];
    check(`summary w${i}`, m[1] ?? '', p?.w ?? 'NaN');
    check(`summary ℓ${i}`, m[2] ?? '', p?.loss ?? 'NaN');
    check(`summary h${i}`, m[3] ?? '', p?.h ?? 'NaN');
  });
  const saddle = /critical point w = (\S+), ℓ = (\S+);/.exec(summary);
  expect(saddle, summary).not.toBeNull();
  check('summary saddle w', saddle?.[1] ?? '', cmd.criticalPoints[1]?.w ?? 'NaN');
  check('summary saddle ℓ', saddle?.[2] ?? '', cmd.criticalPoints[1]?.loss ?? 'NaN');

  // The figure: the critical points it marks and the one-neuron level it draws.
  const fig = row?.figures.find((f) => f.id === 'loss-at-infinity');
  const pts = fig?.series.find((s) => s.label === 'critical points');
  expect(pts?.x).toHaveLength(3);
  pts?.x.forEach((x, k) => check(`figure w[${k}]`, x, cmd.criticalPoints[k]?.w ?? 'NaN'));
  pts?.y.forEach((y, k) => check(`figure ℓ[${k}]`, y, cmd.criticalPoints[k]?.loss ?? 'NaN'));
  const level = fig?.series.find((s) => s.label === 'one-neuron critical loss');
  level?.y.forEach((y) => check('figure one-neuron level', y, cmd.oneNeuron[0]?.loss ?? 'NaN'));
  // The curve is a float64 evaluation: it may not print more digits than its caption says it earned.
  const curve = fig?.series.find((s) => s.label === 'ℓ(w, 0)');
  expect(curve?.y.length).toBeGreaterThan(20);
  for (const y of curve?.y ?? []) expect(shownDigits(y), y).toBeLessThanOrEqual(6);
  expect(fig?.caption).toContain('plotted to 6 digits');
  return { checked, bad };
}

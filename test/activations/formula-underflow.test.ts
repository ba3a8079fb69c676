import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { InputError } from '../../src/errors.js';
import { precision } from '../../src/precision/context.js';

// A formula's value or derivative below the Decimal range (|v| < 1e-9e15) came out of decimal.js as an exact 0 and
// was used as one (issue 22: tanh(x)+0*x at an input of 1e17 gave ∂L/∂w = 0 with exit 0). References: decimal.js's
// own exp at 80 digits, not the jet code under test.
const R = Decimal.clone({ precision: 80, minE: -9e15, maxE: 9e15 });

describe('formula activations at extreme arguments', () => {
  it('an underflowed σ, σ′ or σ″ is refused (an InputError naming the entry), not returned as 0', () => {
    const p = precision(20);
    for (const [formula, x, order, entry] of [
      ['tanh(x)+0*x', '1e17', 1, 'σ′'],
      ['tanh(x)', '-1e17', 2, 'σ′'],
      ['1/(1+exp(-x))', '1e17', 1, 'σ′'],
      ['exp(x)/(1+exp(x))', '-1e17', 0, 'σ'],
      ['exp(-x^2)', '1e9', 2, 'σ'],
      ['x*exp(-x^2)', '-1e9', 1, 'σ'],
      ['log(1+exp(x))', '-1e17', 0, 'σ'],
    ] as const) {
      const a = resolveActivation(formula);
      const call = (): unknown => a.derivatives(x, order, p);
      expect(call, `${formula} at ${x}`).toThrow(InputError);
      expect(call, `${formula} at ${x}`).toThrow(new RegExp(`${entry} underflows the Decimal range`));
    }
  });

  it('an overflowed σ (or a NaN made of overflows) is refused, not returned as Infinity', () => {
    const p = precision(20);
    // 2^(10^20) = 10^(3.0e19) and 1e17^2·e^(1e17) are beyond 1e9e15.
    for (const [formula, x] of [
      ['x^(10^20)', '2'],
      ['exp(x)*exp(x)', '1.5e16'],
    ] as const) {
      const call = (): unknown => resolveActivation(formula).derivatives(x, 2, p);
      expect(call, `${formula} at ${x}`).toThrow(InputError);
      expect(call, `${formula} at ${x}`).toThrow(/overflows the Decimal range/);
    }
  });

  it('the same formulas keep their values where the Decimal range holds them (checked against exp at 80 digits)', () => {
    const p = precision(20);
    const close = (got: Decimal, want: Decimal.Value, what: string): void => {
      // 20 significant digits: relative error below 1e-19 (one unit of the 20th digit, rounding included).
      const w = new R(want);
      expect(new R(got.toString()).minus(w).abs().div(w.abs()).lt('1e-19'), `${what}: ${got} vs ${w}`).toBe(
        true,
      );
    };
    // exp(−x²) at 1e4: e^(−1e8) ≈ 10^(−4.3e7); σ′ = −2x·σ, σ″ = (4x² − 2)·σ.
    const g = resolveActivation('exp(-x^2)').derivatives('1e4', 2, p);
    const e = new R(-1e8).exp();
    close(g[0]!, e, 'exp(-x^2)');
    close(g[1]!, e.times(-2e4), "exp(-x^2)'");
    close(g[2]!, e.times(new R(4e8).minus(2)), "exp(-x^2)''");
    // 1/(1 + e^(−x)) at x = −1e4, with t = e^(−1e4): σ = t/(1+t), σ′ = t/(1+t)², σ″ = t(1−t)/(1+t)³.
    const t = new R(-1e4).exp();
    const s = resolveActivation('1/(1+exp(-x))').derivatives('-1e4', 2, p);
    close(s[0]!, t.div(t.plus(1)), 'sigmoid');
    close(s[1]!, t.div(t.plus(1).pow(2)), "sigmoid'");
    close(s[2]!, t.times(new R(1).minus(t)).div(t.plus(1).pow(3)), "sigmoid''");
    // tanh at 1e17: σ = 1 to 20 digits is printed (1 − 2e^(−2e17) rounds to 1); only σ′ underflows.
    expect(resolveActivation('tanh(x)+0*x').derivatives('1e17', 0, p)[0]!.toString()).toBe('1');
  });

  it('exact zeros are kept: a polynomial’s vanishing derivative, an identity that cancels', () => {
    const p = precision(20);
    expect(resolveActivation('x^2').derivatives('1e17', 3, p).map(String)).toEqual([
      '1e+34',
      '200000000000000000',
      '2',
      '0',
    ]);
    // No underflow anywhere: the 0 (a cancellation) is the certifying ladder's business, not refused here.
    expect(resolveActivation('tanh(x)+0*x').derivatives('0', 2, p).map(String)).toEqual(['0', '1', '0']);
  });
});

import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { fitLine, fitPowerLaw } from '../../src/landscape/power-law-fit.js';
import { SeededRandom } from '../../src/precision/random.js';

describe('fitPowerLaw', () => {
  it('recovers an exact power law (exponent and prefactor, zero residual)', () => {
    const xs = [0.065, 0.1, 0.2, 0.35];
    const fit = fitPowerLaw(
      xs,
      xs.map((x) => 0.45 * x ** 0.5),
    );
    expect(fit.exponent).toBeCloseTo(0.5, 13);
    expect(Math.exp(fit.intercept)).toBeCloseTo(0.45, 13);
    expect(fit.standardError).toBeLessThan(1e-13);
  });

  it('matches scipy.stats.linregress on log–log data, with the t(4) 97.5 % quantile', () => {
    // python3: stats.linregress(log x, log y); t.ppf(0.975, 4) = 2.7764 (values copied, 12+ digits).
    const fit = fitPowerLaw(
      [0.065, 0.09, 0.12, 0.17, 0.25, 0.35],
      [0.101, 0.122, 0.139, 0.167, 0.204, 0.239],
    );
    expect(fit.exponent).toBeCloseTo(0.5098678564890365, 12);
    expect(fit.intercept).toBeCloseTo(-0.8887221192199891, 12);
    expect(fit.standardError).toBeCloseTo(0.006826710640784299, 12);
    // scipy: [0.4909138691458293, 0.5288218438322438]; the table's t = 2.776 (4 digits) moves the ends by 3e-6.
    expect(fit.interval[0]).toBeCloseTo(0.4909138691458293, 5);
    expect(fit.interval[1]).toBeCloseTo(0.5288218438322438, 5);
  });

  it('its 95 % interval covers the true exponent in about 95 % of 400 seeded noisy data sets', () => {
    const rng = new SeededRandom(3);
    const normal = (): number =>
      Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    const xs = [0.065, 0.086, 0.114, 0.151, 0.2, 0.265, 0.35];
    let covered = 0;
    for (let k = 0; k < 400; k++) {
      const ys = xs.map((x) => 0.5 * x ** 0.5 * Math.exp(0.02 * normal()));
      const fit = fitPowerLaw(xs, ys);
      if (fit.interval[0] <= 0.5 && 0.5 <= fit.interval[1]) covered++;
    }
    // Binomial(400, 0.95): 380 ± 4.4; [364, 394] is ±3.5 sd. A z quantile (1.96) for 5 dof would cover ~89 %.
    expect(covered).toBeGreaterThanOrEqual(364);
    expect(covered).toBeLessThanOrEqual(394);
  });

  it('fitLine matches scipy.stats.linregress (slope, intercept and both standard errors)', () => {
    // python3: r = stats.linregress(x, y): slope, intercept, stderr, intercept_stderr (values copied).
    const fit = fitLine([0.0223, 0.0303, 0.0413, 0.0566, 0.0766], [0.392, 0.401, 0.413, 0.427, 0.438]);
    expect(fit.slope).toBeCloseTo(0.8538716076424321, 12);
    expect(fit.intercept).toBeCloseTo(0.37541715158088074, 12);
    expect(fit.slopeStandardError).toBeCloseTo(0.07305879875096392, 12);
    expect(fit.interceptStandardError).toBeCloseTo(0.003607683133295598, 12);
    // t.ppf(0.975, 3) = 3.1824 (table 3.182).
    expect(fit.interceptInterval[1] - fit.intercept).toBeCloseTo(3.182 * 0.003607683133295598, 12);
  });

  it('refuses too few points, non-positive values and a single x', () => {
    expect(() => fitPowerLaw([1, 2], [1, 2])).toThrow(InputError);
    expect(() => fitPowerLaw([1, 2, 3], [1, 0, 2])).toThrow(/positive/);
    expect(() => fitPowerLaw([2, 2, 2], [1, 2, 3])).toThrow(/distinct/);
  });
});

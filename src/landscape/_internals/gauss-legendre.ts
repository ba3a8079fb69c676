import type { Decimal } from 'decimal.js';
import { withGuard, roundTo, type Precision } from '../../precision/context.js';

/**
 * Gauss–Legendre nodes and weights on [−1, 1] (n ≥ 1), by Newton on P_n from the Chebyshev-like guesses
 * cos(π(k − 1/4)/(n + 1/2)), at p.digits + 10 and rounded to p.
 */
export function gaussLegendre(n: number, p: Precision): { nodes: Decimal[]; weights: Decimal[] } {
  const g = withGuard(p, 10);
  const tol = new g.D(10).pow(-(g.digits - 3));
  const nodes: Decimal[] = [];
  const weights: Decimal[] = [];
  for (let k = 1; k <= n; k++) {
    let x = new g.D(Math.cos((Math.PI * (k - 0.25)) / (n + 0.5)));
    let dp = new g.D(0);
    for (let it = 0; it < 200; it++) {
      // Three-term recurrence: (j+1)P_{j+1} = (2j+1)xP_j − jP_{j−1}; P_n′ = n(xP_n − P_{n−1})/(x² − 1).
      let p0 = new g.D(1);
      let p1 = x;
      for (let j = 1; j < n; j++) {
        const p2 = x
          .times(p1)
          .times(2 * j + 1)
          .minus(p0.times(j))
          .div(j + 1);
        p0 = p1;
        p1 = p2;
      }
      dp = x.times(p1).minus(p0).times(n).div(x.times(x).minus(1));
      const dx = p1.div(dp);
      x = x.minus(dx);
      if (dx.abs().lte(tol)) break;
    }
    nodes.push(roundTo(p, x));
    weights.push(roundTo(p, new g.D(2).div(new g.D(1).minus(x.times(x)).times(dp.times(dp)))));
  }
  return { nodes, weights };
}

import type { Decimal } from 'decimal.js';
import { resolveActivation } from '../../src/activations/index.js';
import { networkObjective, type Objective } from '../../src/flow/objective.js';
import { precision, type Precision } from '../../src/precision/context.js';

/** two-param (problems.ts) built by hand: a·tanh(w x) fitting 1.5·tanh(0.8 x) at x = −2, −1, 0.5, 1, 3. */
export function twoParam(): Objective {
  const tanh = resolveActivation('tanh');
  const xs = ['-2', '-1', '0.5', '1', '3'];
  return networkObjective(
    { layout: { width: 1, inputDimension: 1, hiddenBias: false, outputBias: false }, activation: tanh },
    (p: Precision) => ({
      inputs: xs.map((x) => [new p.D(x)]),
      targets: xs.map((x) => tanh.value(new p.D(x).times('0.8'), p).times('1.5')),
    }),
  );
}

/** glu-teacher built by hand: two tanh neurons fitting 0.5·tanh(x) + x·sech²(x) at 9 points of [−3, 3]. */
export function gluTeacher(): Objective {
  const tanh = resolveActivation('tanh');
  const xs = ['-3', '-2.25', '-1.5', '-0.75', '0', '0.75', '1.5', '2.25', '3'];
  return networkObjective(
    { layout: { width: 2, inputDimension: 1, hiddenBias: false, outputBias: false }, activation: tanh },
    (p: Precision) => {
      const g = precision(p.digits + 10);
      return {
        inputs: xs.map((x) => [new p.D(x)]),
        targets: xs.map((x) => {
          const [t, t1] = tanh.derivatives(x, 1, g) as [Decimal, Decimal];
          return new p.D(t.times('0.5').plus(t1.times(x)).toSignificantDigits(p.digits));
        }),
      };
    },
  );
}

/** |a − b| / |b| as a number of agreeing digits (Infinity when equal). */
export function agreeingDigits(a: Decimal.Value, b: Decimal.Value): number {
  const w = precision(200);
  const x = new w.D(a);
  const y = new w.D(b);
  const err = x.minus(y).abs();
  if (err.isZero()) return Infinity;
  return -err.div(y.abs()).log(10).toNumber();
}

import { resolveActivation } from '../activations/index.js';
import { precision } from '../precision/context.js';
import { MULTI_OUTPUT_PROBLEM_VERSION, PROBLEM_FORMAT, type MultiOutputProblemSpec } from './spec.js';

/**
 * The vector gated linear unit the problem {@link multiOutputGluTeacher} is fitted to: f*(x) = c* tanh(w*·x) +
 * a* (Δ*·x) sech²(w*·x) with C = 2 outputs in d = 2 dimensions.
 */
export const GLU_TEACHER_C2 = {
  c: ['0.5', '-0.3'],
  a: ['1', '-0.5'],
  w: ['1', '0.5'],
  delta: ['0.6', '0.8'],
} as const;

/** Digits of the targets (each the teacher's value rounded to this many significant digits). */
const TARGET_DIGITS = 50;

/**
 * A small multi-output channel problem (version-2 spec, squared error): two tanh neurons with C = 2 outputs, no
 * biases, fitting the vector GLU {@link GLU_TEACHER_C2} at the 25 inputs {−2, −1, 0, 1, 2}²; the targets are the
 * teacher's values rounded to 50 significant digits. A width-2 network reaches the teacher only at infinity, along
 * a channel: w_i,j = w* ± εΔ*, a_i,j = ½c* ± a* / (2ε), ε → 0. The initial point is that channel at ε = 0.1, moved by
 * a few hundredths.
 */
export function multiOutputGluTeacher(): MultiOutputProblemSpec {
  const p = precision(TARGET_DIGITS + 20);
  const tanh = resolveActivation('tanh');
  const grid = [-2, -1, 0, 1, 2];
  const inputs = grid.flatMap((x1) => grid.map((x2) => [x1, x2]));
  const targets = inputs.map(([x1, x2]) => {
    const z = new p.D(GLU_TEACHER_C2.w[0])
      .times(x1 as number)
      .plus(new p.D(GLU_TEACHER_C2.w[1]).times(x2 as number));
    const delta = new p.D(GLU_TEACHER_C2.delta[0])
      .times(x1 as number)
      .plus(new p.D(GLU_TEACHER_C2.delta[1]).times(x2 as number));
    const [s0, s1] = tanh.derivatives(z, 1, p) as [typeof z, typeof z];
    return GLU_TEACHER_C2.c.map((c, k) =>
      new p.D(c)
        .times(s0)
        .plus(new p.D(GLU_TEACHER_C2.a[k] as string).times(delta).times(s1))
        .toSignificantDigits(TARGET_DIGITS)
        .toString(),
    );
  });
  return {
    format: PROBLEM_FORMAT,
    version: MULTI_OUTPUT_PROBLEM_VERSION,
    name: 'glu-teacher-c2',
    description:
      'Two tanh neurons with 2 outputs fitting the vector gated linear unit c* tanh(w*·x) + a* (Δ*·x) sech²(w*·x), ' +
      'c* = (0.5, −0.3), a* = (1, −0.5), w* = (1, 0.5), Δ* = (0.6, 0.8), at the 25 points {−2, …, 2}²; reachable ' +
      'only at infinity, along a channel.',
    activation: 'tanh',
    hiddenBias: false,
    outputBias: false,
    inputDimension: 2,
    outputs: 2,
    loss: 'mse',
    data: { kind: 'samples', inputs, targets },
    student: {
      width: 2,
      init: {
        kind: 'explicit',
        params: {
          w: [
            ['1.07', '0.56'],
            ['0.93', '0.43'],
          ],
          a: [
            ['5.3', '-4.7'],
            ['-2.6', '2.3'],
          ],
        },
      },
    },
  };
}

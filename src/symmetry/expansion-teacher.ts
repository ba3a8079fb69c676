import { problemFromSpec, type Problem } from '../network/problem.js';
import { PROBLEM_FORMAT, PROBLEM_VERSION, type ProblemSpec } from '../network/spec.js';

/**
 * The realisable problem of the expansion path (issue 18, item 4; docs/subspaces.md): the width-2 tanh teacher
 * f*(x) = 2·tanh(x − 1) − tanh(2x + 1) (hidden biases, no output bias) on 9 points of [−3, 3], with the student
 * started at the teacher, so that the width-2 student has zero loss there. Chosen so that the zero-loss minimum is
 * nondegenerate: 9 samples for 6 parameters, the Hessian (2/N)·JᵀJ has smallest eigenvalue 2.0e−3 (largest 4.3),
 * and the Krawczyk test certifies it at 60 digits in the first box tried (docs/subspaces.md).
 */
export const EXPANSION_TEACHER_SPEC: ProblemSpec = {
  format: PROBLEM_FORMAT,
  version: PROBLEM_VERSION,
  name: 'tanh-teacher-2',
  description:
    'The width-2 tanh teacher 2·tanh(x − 1) − tanh(2x + 1) (hidden biases) at 9 points of [−3, 3]; the student ' +
    'of width 2 starts at the teacher (zero loss). The realisable problem of the expansion path (flat-channels ' +
    'subspaces --connect).',
  activation: 'tanh',
  hiddenBias: true,
  outputBias: false,
  inputDimension: 1,
  data: {
    kind: 'teacher',
    inputs: ['-3', '-2', '-1', '-0.5', '0', '0.5', '1', '2', '3'],
    teacher: {
      hiddenBias: true,
      outputBias: false,
      params: {
        w: [
          ['1', '-1'],
          ['2', '1'],
        ],
        a: ['2', '-1'],
      },
    },
  },
  student: {
    width: 2,
    init: {
      kind: 'explicit',
      params: {
        w: [
          ['1', '-1'],
          ['2', '1'],
        ],
        a: ['2', '-1'],
      },
    },
  },
};

/** The problem of {@link EXPANSION_TEACHER_SPEC} (student width 2, at the teacher). */
export function expansionTeacher(): Problem {
  return problemFromSpec(EXPANSION_TEACHER_SPEC);
}

import { InputError } from '../errors.js';
import { loadProblem, problemFromSpec, type Problem } from '../network/problem.js';
import { DataSpec, PROBLEM_FORMAT, PROBLEM_VERSION, parseWith, type ProblemSpec } from '../network/spec.js';
import type { ImportedNetwork } from './detect-import.js';

/** Where the data of a detection come from. */
export type DetectData =
  | { readonly kind: 'json'; readonly json: unknown; readonly what: string }
  | { readonly kind: 'problem'; readonly ref: string };

/**
 * The problem of an imported network on data: a problem spec whose student is the imported network (its layout,
 * `activation`, the parameters as the explicit initial point) and whose data are
 * - a dataset JSON `{"x": [[…]] or […], "y": […], "weights"?: […]}` (a `samples` data spec), or any data spec of
 *   a problem file (`{"kind": "samples" | "teacher" | "formula" | "population", …}`, see docs/problem.md);
 * - or the data of a problem (`--problem NAME|FILE`), whose input dimension must match.
 * Errors are InputErrors naming the field.
 */
export function detectionProblem(net: ImportedNetwork, activation: string, data: DetectData): Problem {
  let dataSpec: DataSpec;
  let name: string;
  if (data.kind === 'problem') {
    const problem = loadProblem(data.ref);
    if (problem.spec.inputDimension !== net.layout.inputDimension)
      throw new InputError(
        `--problem ${data.ref}: its inputs have dimension ${problem.spec.inputDimension}, the network's ${net.layout.inputDimension}`,
      );
    dataSpec = problem.spec.data;
    name = data.ref;
  } else {
    const j = data.json;
    if (j !== null && typeof j === 'object' && !Array.isArray(j) && 'x' in j && 'y' in j) {
      const { x, y, weights, ...rest } = j as { x: unknown; y: unknown; weights?: unknown };
      if (Object.keys(rest).length > 0)
        throw new InputError(
          `${data.what}: unexpected field ${Object.keys(rest)[0] ?? ''} (expected x, y, weights)`,
        );
      dataSpec = parseWith(
        DataSpec,
        { kind: 'samples', inputs: x, targets: y, ...(weights === undefined ? {} : { weights }) },
        data.what,
      );
    } else dataSpec = parseWith(DataSpec, j, data.what);
    name = data.what;
  }
  const spec: ProblemSpec = {
    format: PROBLEM_FORMAT,
    version: PROBLEM_VERSION,
    name: 'detect',
    description: '',
    activation,
    hiddenBias: net.layout.hiddenBias,
    outputBias: net.layout.outputBias,
    inputDimension: net.layout.inputDimension,
    data: dataSpec,
    student: { width: net.layout.width, init: { kind: 'explicit', params: net.params } },
  };
  return problemFromSpec(spec, name);
}

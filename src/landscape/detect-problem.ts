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
  return detectionProblemChecked(net, activation, data).problem;
}

/**
 * {@link detectionProblem} with what the data could not rule out: `warnings` name an input column that is
 * constant 1 (a bias column: the same model as a hidden bias, but `--data` inputs are meant without it). Data
 * whose inputs do not fit the network are refused with what to do: rows of w one entry longer than the inputs
 * without `--hidden-bias` (the last entry is the hidden bias: pass it), or a constant-1 last column with
 * `--hidden-bias` (drop it: the bias is already the last entry of each row).
 */
export function detectionProblemChecked(
  net: ImportedNetwork,
  activation: string,
  data: DetectData,
): { problem: Problem; warnings: string[] } {
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
  const warnings = dataSpec.kind === 'samples' ? checkInputs(net, dataSpec.inputs, data) : [];
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
  return { problem: problemFromSpec(spec, name), warnings };
}

/** The explicit input rows of a samples spec (a bare number is a 1-D input); undefined for a grid. */
function inputRows(inputs: unknown): string[][] | undefined {
  if (!Array.isArray(inputs)) return undefined;
  return (inputs as unknown[]).map((x) => (Array.isArray(x) ? x.map(String) : [String(x)]));
}

function checkInputs(net: ImportedNetwork, inputs: unknown, data: DetectData): string[] {
  const rows = inputRows(inputs);
  if (rows === undefined || rows.length === 0) return [];
  const what = data.kind === 'json' ? data.what : `--problem ${data.ref}`;
  const dx = rows[0]?.length ?? 0;
  const { inputDimension: d, hiddenBias } = net.layout;
  const m = d + (hiddenBias ? 1 : 0);
  const constantOne = (c: number): boolean => rows.every((r) => Number(r[c]) === 1);
  if (dx !== d) {
    if (!hiddenBias && dx === d - 1)
      throw new InputError(
        `${what}: the inputs have ${dx} entr${dx === 1 ? 'y' : 'ies'}, the rows of w ${m}: if the last entry of ` +
          'each row is the hidden bias, pass --hidden-bias (--data inputs never include a bias column)',
      );
    if (hiddenBias && dx === d + 1 && constantOne(dx - 1))
      throw new InputError(
        `${what}: the last input column is constant 1, a bias column: --data inputs do not include it (with ` +
          '--hidden-bias the bias is the last entry of each row of w); drop that column',
      );
    throw new InputError(`${what}: the inputs have ${dx} entries, the network ${d} inputs`);
  }
  const ones = Array.from({ length: dx }, (_, c) => c).filter(constantOne);
  return ones.map(
    (c) =>
      `input ${c + 1} of ${what} is constant 1 at every sample: if it is a bias column, drop it and pass ` +
      '--hidden-bias (the model is the same, but --data inputs are meant without the bias column)' +
      (hiddenBias
        ? '; with --hidden-bias as well the bias is counted twice (a flat direction of the loss)'
        : ''),
  );
}

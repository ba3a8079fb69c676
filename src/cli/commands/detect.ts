import { resolveActivation } from '../../activations/index.js';
import { InputError } from '../../errors.js';
import {
  detectChannels,
  type DetectedGroup,
  type DetectedPair,
  type Detection,
  type GluLimit,
  type NoGluReason,
} from '../../landscape/detect-channels.js';
import { importNetwork, type ImportedNetwork, type WeightLayout } from '../../landscape/detect-import.js';
import { detectionProblemChecked } from '../../landscape/detect-problem.js';
import { networkSymmetries } from '../../network/channel-criteria.js';
import { isMultiOutputProblem } from '../../network/multi-output-problem.js';
import type { Command } from '../command.js';
import { decimalString, digitsOption, optionalString, requiredString } from '../options.js';
import { readJsonOption } from '../problem-options.js';
import { runMultiOutputDetect } from './multi-output-channel.js';

/** Pairs listed (most channel-like first); the JSON says how many more there were. */
const MAX_PAIRS = 50;

function describeNetwork(net: ImportedNetwork, activation: string): string {
  const l = net.layout;
  const biases = [l.hiddenBias ? 'hidden biases' : '', l.outputBias ? 'an output bias' : '']
    .filter((x) => x !== '')
    .join(' and ');
  return (
    `network: ${l.width} neurons, ${l.inputDimension} input${l.inputDimension === 1 ? '' : 's'}, ${activation}, ` +
    `${biases === '' ? 'no biases' : biases} (${net.format}, ${net.sourcePrecision})`
  );
}

/** Why a pair or group carries no GLU, in words. */
const NO_GLU: Readonly<Record<NoGluReason, string>> = {
  weightsApart: 'input weights apart',
  sameSignReadouts: 'same-sign readouts, a finite duplicate',
  identicalWeights: 'identical input weights',
  flowNotChannel: 'the flow did not follow a channel',
  inGroup: 'part of a group, see below',
};

function gluText(glu: GluLimit | undefined, noGlu: NoGluReason | undefined): string {
  if (glu !== undefined) return `; GLU c = ${glu.c}, w = (${glu.w.join(', ')}), v = (${glu.v.join(', ')})`;
  return noGlu === undefined ? '' : `; no GLU (${NO_GLU[noGlu]})`;
}

function pairLine(q: DetectedPair): string {
  return (
    `  pair ${q.i},${q.j}${q.mirrored === true ? ` (mirrored: neuron ${q.j} as (−w, −a))` : ''}: cosine distance ${q.cosineDistance}, |a_i|+|a_j| = ${q.sumAbsA}, readouts ` +
    `${q.signsOpposite ? 'opposite' : 'same sign'}, A = ${q.divergence}` +
    `${q.updateFraction === undefined ? '' : `, update in subspace ${q.updateFraction}`}${gluText(q.glu, q.noGlu)} → ${q.verdict}`
  );
}

function groupLine(g: DetectedGroup): string {
  return (
    `  group {${g.neurons.join(', ')}}: max cosine distance ${g.maxCosineDistance}, Σ|a_k| = ${g.sumAbsA}, readouts ` +
    `${g.signsMixed ? 'of both signs' : 'of one sign'}` +
    `${g.updateFraction === undefined ? '' : `, update in subspace ${g.updateFraction}`}${gluText(g.glu, g.noGlu)}` +
    `${g.secondOrder === undefined ? '' : ` (σ″ coefficient ‖Σa_kδ_kδ_kᵀ‖ = ${g.secondOrder})`} → ${g.verdict}`
  );
}

function confirmationLines(q: DetectedPair): string[] {
  const c = q.confirmation;
  if (c === undefined) return [];
  const k =
    c.divergencePower === undefined
      ? `k undetermined (${c.lawPoints} late records)`
      : `k = ${c.divergencePower} (extrapolated to ε → 0 from ${c.lawPoints} late records, slope ${c.slopeExponent ?? '?'}; ` +
        `interval [${c.exponentInterval?.join(', ') ?? '?'}])`;
  return [
    `    flow continued to t = ${c.t} at ${c.digits} digits (${c.stop}): A ${c.A0} → ${c.A1}, ε ${c.eps0} → ${c.eps1}, ` +
      `loss ${c.lossStart} → ${c.lossEnd}`,
    `    A^k linear in t with ${k}: ${c.law} (4 generic, 6 realisable GLU), update in subspace ≥ ${c.updateFraction}` +
      (c.glu === undefined
        ? ''
        : `, GLU c = ${c.glu.c}, w = (${c.glu.w.join(', ')}), v = (${c.glu.v.join(', ')})`),
  ];
}

function pairJson(q: DetectedPair): Record<string, unknown> {
  const { confirmation, ...rest } = q;
  return {
    ...rest,
    glu: q.glu ?? null,
    ...(confirmation === undefined
      ? {}
      : { confirmation: { ...confirmation, glu: confirmation.glu ?? null } }),
  };
}

function groupJson(g: DetectedGroup): Record<string, unknown> {
  return { ...g, glu: g.glu ?? null };
}

/** `--layout`: torch (k × d) or sklearn (d × k; `jax` is the same). */
function weightLayout(raw: string): WeightLayout {
  if (raw === 'torch') return 'torch';
  if (raw === 'sklearn' || raw === 'jax') return 'sklearn';
  throw new InputError(
    `--layout: expected torch (w is k × d, one row per neuron) or sklearn (d × k, one column per neuron; jax is the same), got "${raw}"`,
  );
}

/**
 * The activation: `--activation`, or the one a scikit-learn JSON file names (`logistic` is `sigmoid`), or tanh.
 * A file's activation contradicted by `--activation` is refused.
 */
function activationOf(net: ImportedNetwork, option: string | undefined): string {
  if (net.activation === undefined) return option ?? 'tanh';
  if (option !== undefined && resolveActivation(option).name !== net.activation)
    throw new InputError(
      `--activation ${option}: the network file says its activation is ${net.activation}; remove --activation`,
    );
  return net.activation;
}

export const detectCommand: Command = {
  name: 'detect',
  summary: 'apply the paper’s channel criteria to a trained network (JSON, .npy, state dict, safetensors)',
  usage:
    'flat-channels detect --network FILE [--activation NAME|FORMULA] [--hidden-bias] [--layout torch|sklearn] [--data FILE | --problem P] [--confirm] [--json]',
  examples: [
    'flat-channels detect --network test/fixtures/detect/glu-channel.params.json',
    'flat-channels detect --network test/fixtures/detect/teacher-minimum.f64.safetensors --data test/fixtures/detect/teacher-data.json',
    'flat-channels detect --network w.npy,a.npy --activation erf --data data.json --confirm --json',
    'flat-channels detect --problem test/fixtures/multi-output/glu-teacher-c2.json --network test/fixtures/multi-output/glu-teacher-c2-at-1e4.json',
  ],
  options: {
    network: {
      type: 'string',
      value: 'FILE',
      help: 'scikit-learn JSON, parameters JSON, state dict (.json or .safetensors), w.npy,a.npy[,b.npy] or a directory of them',
    },
    activation: {
      type: 'string',
      value: 'NAME|FORMULA',
      help: 'the hidden activation (default: the file’s, for scikit-learn JSON; else tanh)',
    },
    layout: {
      type: 'string',
      value: 'torch|sklearn',
      help: '.npy / parameters JSON: w is k × d, one row per neuron (torch) or d × k, one column per neuron (sklearn, also jax); required for a square .npy',
    },
    'hidden-bias': {
      type: 'boolean',
      help: 'parameters JSON / .npy: the last entry of each row of w is the hidden bias',
    },
    data: {
      type: 'string',
      value: 'FILE',
      help: 'dataset {"x": [[…]], "y": […]} (or a data spec of a problem file), inline or a file',
    },
    problem: { type: 'string', value: 'P', help: 'use the data of a built-in problem or problem file' },
    confirm: {
      type: 'boolean',
      help: 'continue the gradient flow at high precision from the point to confirm candidate pairs (needs data)',
    },
    growth: {
      type: 'string',
      value: 'G',
      help: 'confirmation stops once |A| has grown by this factor (default 1.1)',
    },
  },
  async run(values, io) {
    // A problem with C outputs (issue 19): the criteria with vector readouts (multi-output-channel.ts).
    const multi = optionalString(values, 'problem');
    if (multi !== undefined && isMultiOutputProblem(multi)) return runMultiOutputDetect(values, io);
    const digits = digitsOption(values);
    const layoutRaw = optionalString(values, 'layout');
    const net = importNetwork(requiredString(values, 'network'), {
      hiddenBias: values['hidden-bias'] === true,
      ...(layoutRaw === undefined ? {} : { layout: weightLayout(layoutRaw) }),
    });
    const activationRaw = activationOf(net, optionalString(values, 'activation'));
    const activation = resolveActivation(activationRaw).name;
    const dataRaw = optionalString(values, 'data');
    const problemRaw = optionalString(values, 'problem');
    if (dataRaw !== undefined && problemRaw !== undefined)
      throw new InputError('detect: give --data or --problem, not both');
    const confirm = values['confirm'] === true;
    if (confirm && dataRaw === undefined && problemRaw === undefined)
      throw new InputError(
        'detect: --confirm continues the gradient flow and needs data (--data or --problem)',
      );
    const growthRaw = optionalString(values, 'growth');
    const growth = growthRaw === undefined ? 1.1 : Number(decimalString('--growth', growthRaw));
    if (!(growth > 1 && growth <= 100))
      throw new InputError(`--growth: expected a factor in (1, 100], got ${growthRaw ?? ''}`);
    const checked =
      dataRaw !== undefined
        ? detectionProblemChecked(net, activationRaw, {
            kind: 'json',
            json: readJsonOption('--data', dataRaw),
            what: '--data',
          })
        : problemRaw !== undefined
          ? detectionProblemChecked(net, activationRaw, { kind: 'problem', ref: problemRaw })
          : undefined;
    const problem = checked?.problem;
    const warnings = [...(net.warnings ?? []), ...(checked?.warnings ?? [])];
    const flat = [
      ...net.params.w.flat(),
      ...net.params.a,
      ...(net.params.b === undefined ? [] : [net.params.b]),
    ];
    const symmetries = networkSymmetries(resolveActivation(activationRaw));
    const result: Detection = detectChannels(net.layout, flat, problem, {
      confirm,
      growth,
      digits,
      symmetries,
    });
    const shown = result.pairs.slice(0, MAX_PAIRS);
    if (values['json'] === true) {
      io.stdout(
        JSON.stringify({
          format: net.format,
          sourcePrecision: net.sourcePrecision,
          layout: net.layout,
          ...(net.weightLayout === undefined ? {} : { weightLayout: net.weightLayout }),
          ...(warnings.length === 0 ? {} : { warnings }),
          activation,
          symmetries: {
            permutations: true,
            signFlip: symmetries.signFlip,
            affineFlip: symmetries.affineFlip,
          },
          verdict: result.verdict,
          parameterNorm: result.parameterNorm,
          normLarge: result.normLarge,
          ...(result.loss === undefined ? {} : { loss: result.loss }),
          ...(result.gradNorm === undefined ? {} : { gradNorm: result.gradNorm }),
          digits: result.digits,
          pairs: shown.map(pairJson),
          ...(result.pairs.length > shown.length ? { pairsOmitted: result.pairs.length - shown.length } : {}),
          groups: result.groups.map(groupJson),
        }) + '\n',
      );
      return 0;
    }
    const lines = [
      describeNetwork(net, activation),
      ...warnings.map((w) => `warning: ${w}`),
      `pairs compared modulo permutations${symmetries.signFlip ? ' and the sign flip (w, a) → (−w, −a) of the odd σ' : ''}` +
        ` (the cosine criterion; in one input dimension also the relative distance)`,
      `‖θ‖ = ${result.parameterNorm} (${result.normLarge ? 'above' : 'not above'} the paper's norm threshold 10³)` +
        (result.loss === undefined ? '' : `; loss ${result.loss}, ‖∇L‖ = ${result.gradNorm ?? ''}`),
      ...shown.slice(0, 5).flatMap((q) => [pairLine(q), ...confirmationLines(q)]),
      ...(result.pairs.length > 5 ? [`  (${result.pairs.length - 5} more pairs; see --json)`] : []),
      ...result.groups.map(groupLine),
      `verdict: ${result.verdict}`,
    ];
    io.stdout(lines.join('\n') + '\n');
    return 0;
  },
};

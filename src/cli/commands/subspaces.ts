import type { Decimal } from 'decimal.js';
import { InputError } from '../../errors.js';
import { paramsToJson, rowLength, unflatten } from '../../network/params.js';
import type { Problem } from '../../network/problem.js';
import { precision } from '../../precision/context.js';
import {
  checkCriticalSubspaces,
  refineParent,
  ZERO_TYPE_NOTE,
  type CriticalSubspacesResult,
} from '../../symmetry/critical-subspaces.js';
import { countTable, crossover } from '../../symmetry/subspace-counts.js';
import { ZERO_TYPE } from '../../symmetry/symmetry-subspaces.js';
import type { Command, Io } from '../command.js';
import { digitsOption, integerInRange, optionalString, requiredString } from '../options.js';
import { problemAtWidth, readJsonOption } from '../problem-options.js';

function printTable(rStar: number, hMax: number, json: boolean, io: Io): number {
  const rows = countTable(rStar, hMax);
  const cross = crossover(rStar, hMax);
  if (json) {
    io.stdout(
      JSON.stringify({
        rStar,
        convention: 'units labelled, parents distinguishable',
        T: `r*!·S(m+1, r*+1)`,
        G: `(r*−1)!·S(m, r*−1)`,
        rows: rows.map((r) => ({ h: r.h, m: r.m, T: r.T.toString(), G: r.G.toString(), ratio: r.ratio })),
        crossover: cross ?? null,
      }) + '\n',
    );
    return 0;
  }
  const lines = [
    `subspace counts for r* = ${rStar} (units labelled, parents distinguishable):`,
    `  T(r*, m) = r*!·S(m+1, r*+1)  global-minimum subspaces of one zero-loss width-r* minimum`,
    `  G(r*−1, m) = (r*−1)!·S(m, r*−1)  replication subspaces of one irreducible width-(r*−1) critical point`,
    '  h    m  T                      G                      G/T',
    ...rows.map(
      (r) =>
        `  ${String(r.h).padEnd(4)} ${String(r.m).padEnd(2)} ${r.T.toString().padEnd(22)} ${r.G.toString().padEnd(22)} ${r.ratio}`,
    ),
    cross === undefined
      ? `G ≥ T for every h ≤ ${hMax}`
      : cross === 0
        ? 'G < T already at h = 0: the global-minimum subspaces dominate from the start'
        : `crossover: G < T from h = ${cross} on (saddle subspaces dominate below, minima above)`,
  ];
  io.stdout(lines.join('\n') + '\n');
  return 0;
}

function body(problem: Problem, parent: ReturnType<typeof refineParent>, res: CriticalSubspacesResult) {
  const layout = problem.network.layout;
  const shown = Math.max(res.digits - 10, 6);
  return {
    problem: problem.name,
    parent: {
      width: layout.width,
      params: paramsToJson(
        unflatten(
          layout,
          parent.point.map((x) => x.toSignificantDigits(shown)),
        ),
      ),
      loss: parent.loss.toSignificantDigits(shown).toString(),
      gradNorm: parent.gradNormInf.toExponential(2),
      type: parent.type,
      zeroLoss: parent.zeroLoss,
    },
    width: res.width,
    digits: res.digits,
    tolerance: res.tolerance.toExponential(0),
    counts: {
      total: res.total.toString(),
      formula: res.zeroType
        ? `${layout.width}!·S(${res.width + 1}, ${layout.width + 1})`
        : `${layout.width}!·S(${res.width}, ${layout.width})`,
      checked: res.subspaces.length,
      complete: res.complete,
    },
    zeroType: res.zeroType,
    ...(res.zeroType ? {} : { zeroTypeNote: ZERO_TYPE_NOTE }),
    subspaces: res.subspaces.map((s) => ({
      // 1-based parents; 0 marks a zero-type unit.
      parentOf: s.subspace.parentOf.map((p) => (p === ZERO_TYPE ? 0 : p + 1)),
      copies: s.subspace.copies,
      dimension: s.subspace.dimension,
      coordinates: s.coordinateNames,
      points: s.points.map((pt) => ({
        coordinates: pt.coordinates.map((x) => x.toSignificantDigits(shown).toString()),
        gradNorm: pt.gradNormInf.toExponential(2),
        lossDifference: pt.lossDifference.toExponential(2),
        critical: pt.critical,
        ...(pt.inertia === undefined ? {} : { inertia: pt.inertia, type: pt.type }),
      })),
    })),
    allCritical: res.allCritical,
  };
}

export const subspacesCommand: Command = {
  name: 'subspaces',
  summary:
    'symmetry-induced critical subspaces (Şimşek et al. 2021): replications of a width-r critical point at width m, each checked critical with its Hessian inertia; or the G/T count table',
  usage:
    'flat-channels subspaces --problem NAME|FILE --width M [--from R] [--init JSON|FILE] [--cap N] [--samples K] ' +
    '[--seed S] [--digits N] [--json]  |  flat-channels subspaces --table RSTAR [--hmax H] [--json]',
  examples: [
    'flat-channels subspaces --problem paper-toy --from 1 --init \'{"w": [[1.4]], "a": [2.15]}\' --width 3',
    'flat-channels subspaces --problem rosenbrock-2d --from 2 --init parent.json --width 3 --json',
    'flat-channels subspaces --table 8 --hmax 12',
  ],
  options: {
    problem: { type: 'string', value: 'NAME|FILE', help: 'a built-in problem or a problem spec file' },
    width: { type: 'string', value: 'M', help: 'the wide width m at which the subspaces are enumerated' },
    from: {
      type: 'string',
      value: 'R',
      help: "width r of the parent critical point (default: the problem's student width)",
    },
    init: {
      type: 'string',
      value: 'JSON|FILE',
      help: 'start of the parent refinement {"w": [[…]], "a": […]} (default: the problem\'s initial point at width R)',
    },
    cap: {
      type: 'string',
      value: 'N',
      help: 'check every subspace up to N of them, a seeded random sample of N beyond (default 100)',
    },
    samples: {
      type: 'string',
      value: 'K',
      help: 'points per subspace (default 2: equal shares, then random)',
    },
    seed: { type: 'string', value: 'S', help: 'seed of the random points (default 1)' },
    table: {
      type: 'string',
      value: 'RSTAR',
      help: 'print the exact counts T(r*, r*+h), G(r*−1, r*+h) and G/T for h = 0…H instead (no problem needed)',
    },
    hmax: { type: 'string', value: 'H', help: 'last h of --table (default 12)' },
  },
  async run(values, io) {
    const json = values['json'] === true;
    const tableRaw = optionalString(values, 'table');
    if (tableRaw !== undefined) {
      for (const other of ['problem', 'width', 'from', 'init', 'cap', 'samples', 'seed']) {
        if (values[other] !== undefined)
          throw new InputError(`--table prints counts only; --${other} does not apply`);
      }
      const rStar = integerInRange('--table', tableRaw, 2, 200);
      const hRaw = optionalString(values, 'hmax');
      return printTable(rStar, hRaw === undefined ? 12 : integerInRange('--hmax', hRaw, 0, 500), json, io);
    }
    if (values['hmax'] !== undefined) throw new InputError('--hmax needs --table');
    const digits = digitsOption(values, 50);
    const ref = requiredString(values, 'problem');
    const width = integerInRange('--width', requiredString(values, 'width'), 1, 1000);
    const fromRaw = optionalString(values, 'from');
    const from = fromRaw === undefined ? undefined : integerInRange('--from', fromRaw, 1, 1000);
    const capRaw = optionalString(values, 'cap');
    const cap = capRaw === undefined ? 100 : integerInRange('--cap', capRaw, 1, 100_000);
    const samplesRaw = optionalString(values, 'samples');
    const samples = samplesRaw === undefined ? 2 : integerInRange('--samples', samplesRaw, 1, 100);
    const seedRaw = optionalString(values, 'seed');
    const seed = seedRaw === undefined ? 1 : integerInRange('--seed', seedRaw, 0, 2 ** 31 - 1);
    const initRaw = optionalString(values, 'init');
    const initJson = initRaw === undefined ? undefined : readJsonOption('--init', initRaw);
    const problem = problemAtWidth(ref, from, '--from');
    const r = problem.network.layout.width;
    if (width < r) throw new InputError(`--width: ${width} is below the parent width ${r} (see --from)`);
    const q0 = precision(digits + 10);
    const start = initJson === undefined ? problem.initial(q0) : problem.parseParams(initJson, q0, '--init');
    let parent;
    try {
      parent = refineParent(problem, start, digits);
    } catch (e) {
      if (e instanceof InputError) throw new InputError(`subspaces: ${e.message}`);
      throw e;
    }
    const res = checkCriticalSubspaces(problem.network, (q) => problem.dataset(q), parent, width, digits, {
      cap,
      samples,
      seed,
    });
    const out = body(problem, parent, res);
    if (json) {
      io.stdout(JSON.stringify(out) + '\n');
      return res.allCritical ? 0 : 1;
    }
    const short = (x: Decimal): string => x.toSignificantDigits(12).toString();
    const one = res.total === 1n;
    const kind = res.zeroType
      ? `subspace${one ? '' : 's'} (replication and zero-type units)`
      : `replication subspace${one ? '' : 's'}`;
    const lines = [
      `parent: ${problem.name} at width ${r} (${parent.type}, irreducible): loss ${short(parent.loss)}, ` +
        `‖∇L‖∞ ${parent.gradNormInf.toExponential(1)}`,
      `width ${width}: ${res.total} ${kind} = ${out.counts.formula} (units labelled, parents distinguishable); ` +
        (res.complete ? 'all checked' : `${res.subspaces.length} checked (seeded sample, --cap)`),
      ...(res.zeroType ? [] : [`note: ${ZERO_TYPE_NOTE}`]),
      `each point: critical when ‖∇L‖∞ ≤ ${out.tolerance} and |L − L*| ≤ ${out.tolerance}·max(1, L*) at ${digits} digits`,
      ...out.subspaces.map((s, i) => {
        const pts = s.points
          .map(
            (pt) =>
              `${pt.critical ? 'critical' : 'NOT CRITICAL'} ‖∇L‖∞ ${pt.gradNorm}` +
              (pt.inertia === undefined
                ? ''
                : ` inertia (${pt.inertia.negative}, ${pt.inertia.zero}, ${pt.inertia.positive}) ${pt.type}`),
          )
          .join('; ');
        return `  #${i + 1} parents (${s.parentOf.join(',')}) dim ${s.dimension} [${s.coordinates.join(', ')}]: ${pts}`;
      }),
      `inertia = (negative, zero, positive) Hessian eigenvalues; rows of w have ${rowLength(problem.network.layout)} entries`,
      res.allCritical
        ? `${res.subspaces.length === 1 ? 'the checked subspace is' : `all ${res.subspaces.length} checked subspaces are`} critical with the parent's loss`
        : 'SOME POINTS ARE NOT CRITICAL',
    ];
    io.stdout(lines.join('\n') + '\n');
    return res.allCritical ? 0 : 1;
  },
};

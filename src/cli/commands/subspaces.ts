import type { Decimal } from 'decimal.js';
import {
  checkExpansionConnection,
  connectivityFigure,
  countRatioFigure,
  type ExpansionConnection,
} from '../../claims/expansion-connects-minima.js';
import { InputError } from '../../errors.js';
import { checkOutputPath } from '../../io/check-output-path.js';
import { writeFileAtomic } from '../../io/write-file-atomic.js';
import { networkSymmetries } from '../../network/channel-criteria.js';
import { paramsToJson, rowLength, unflatten } from '../../network/params.js';
import type { Problem } from '../../network/problem.js';
import { precision } from '../../precision/context.js';
import { renderFigureSvg } from '../../report/plot/render-figure-svg.js';
import type { Figure } from '../../report/plot/figure.js';
import {
  checkCriticalSubspaces,
  refineParent,
  ZERO_TYPE_NOTE,
  type CriticalSubspacesResult,
} from '../../symmetry/critical-subspaces.js';
import { countTable, crossover } from '../../symmetry/subspace-counts.js';
import { ZERO_TYPE } from '../../symmetry/symmetry-subspaces.js';
import { checkSignedPermutation, type SignedPermutation } from '../../symmetry/expansion-path.js';
import { expansionTeacher } from '../../symmetry/expansion-teacher.js';
import { zeroLossParent } from '../../symmetry/zero-loss-parent.js';
import type { Command, Io } from '../command.js';
import {
  digitsOption,
  integerInRange,
  optionalString,
  requiredString,
  type ParsedValues,
} from '../options.js';
import { problemAtWidth, readJsonOption } from '../problem-options.js';

/** Writes `figure` as an SVG file (`--svg`). */
function writeSvg(path: string, figure: Figure): void {
  writeFileAtomic(checkOutputPath('--svg', path, 'file'), renderFigureSvg(figure) + '\n');
}

function printTable(rStar: number, hMax: number, json: boolean, io: Io, svg: string | undefined): number {
  const rows = countTable(rStar, hMax);
  const rStars = [...new Set([2, 3, 4, 6, 8, rStar])].sort((a, b) => a - b);
  if (svg !== undefined) writeSvg(svg, countRatioFigure(rStars, hMax));
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
    ...(svg === undefined ? [] : [`plot of G/T against h for r* = ${rStars.join(', ')} written to ${svg}`]),
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

/** `--to 2,-1` → a signed permutation (0-based parents); an InputError says what is wrong. */
function parseTarget(raw: string, r: number, odd: boolean): SignedPermutation {
  const parts = raw.split(',').map((x) => x.trim());
  const target = parts.map((x) => {
    if (!/^[-−]?[0-9]+$/.test(x))
      throw new InputError(`--to: expected comma-separated unit numbers such as "2,1", got "${raw}"`);
    const neg = x.startsWith('-') || x.startsWith('−');
    return { parent: Number(neg ? x.slice(1) : x) - 1, sign: (neg ? -1 : 1) as 1 | -1 };
  });
  const why = checkSignedPermutation(target, r);
  if (why !== undefined) throw new InputError(`--to: not a signed permutation of 1…${r}: ${why}`);
  if (!odd && target.some((t) => t.sign < 0)) {
    throw new InputError('--to: a sign flip is a symmetry only for an odd activation (tanh, erf, …)');
  }
  return target;
}

/** The largest parent width of --connect: the graph has r!·S(r + 2, r + 1) nodes (360 at r = 4). */
const CONNECT_MAX_WIDTH = 4;

function connectJson(c: ExpansionConnection, problem: Problem, parentSource: string) {
  const cert = c.certificate;
  const layout = problem.network.layout;
  const shown = (x: Decimal): string => x.toSignificantDigits(Math.max(c.digits - 10, 6)).toString();
  return {
    problem: problem.name,
    width: c.width,
    digits: c.digits,
    parent: {
      source: parentSource,
      params: paramsToJson(
        unflatten(
          layout,
          c.parent.map((x) => x.toSignificantDigits(c.digits + 5)),
        ),
      ),
    },
    certificate:
      cert.kind === 'certified'
        ? {
            kind: cert.kind,
            type: cert.type.kind,
            radius: cert.radius.toExponential(0),
            enclosureRadius: cert.enclosureRadius.toExponential(2),
            loss: { mid: cert.loss.mid.toExponential(2), rad: cert.loss.rad.toExponential(2) },
            symmetry: cert.symmetry.statement,
          }
        : { kind: cert.kind, reason: cert.reason },
    images: {
      permutations: c.images.permutations.toString(),
      withSignFlips: c.images.withSignFlips.toString(),
    },
    wider:
      c.wideCertificate.kind === 'certified'
        ? { kind: 'certified', type: c.wideCertificate.type.kind }
        : { kind: 'not-certified', reason: c.wideCertificate.reason },
    target: c.path.target.map((t) => (t.sign < 0 ? -(t.parent + 1) : t.parent + 1)),
    start: c.path.start.map(shown),
    end: c.path.end.map(shown),
    segments: c.path.segments.map((s, k) => ({
      kind: s.kind,
      subspace: s.subspace.label,
      description: s.description,
      units: s.units.map((u) => u + 1),
      inSubspace: c.exact.segments[k] === undefined,
      maxLoss: c.loss.segments[k]?.maxLoss.toExponential(2),
      ballBound: c.ballBounds[k]?.bound.toExponential(2),
      ballMethod: c.ballBounds[k]?.method,
    })),
    exact: { holds: c.exact.holds, joined: c.exact.joined },
    loss: {
      points: c.loss.points,
      max: c.loss.maxLoss.toExponential(2),
      maxGradNorm: c.loss.maxGradNorm?.toExponential(2) ?? null,
      threshold: c.loss.threshold.toExponential(0),
      zero: c.loss.allZero,
    },
    ballBound: c.maxBallBound.toExponential(2),
    graph: {
      subspaces: c.graph.nodes.length,
      edges: c.graph.edges.length,
      components: c.graph.components,
      componentsAtWidth: c.componentsAtWidth,
      walk: c.walk,
      walkInGraph: c.walkInGraph,
      shortest: c.shortest ?? null,
    },
    holds: c.holds,
  };
}

/** `--connect`: the expansion path between the permuted zero-loss minima (docs/subspaces.md). */
function connect(values: ParsedValues, json: boolean, io: Io): number {
  for (const other of ['width', 'cap', 'seed']) {
    if (values[other] !== undefined) throw new InputError(`--connect: --${other} does not apply`);
  }
  const digits = digitsOption(values, 50);
  const ref = optionalString(values, 'problem');
  const fromRaw = optionalString(values, 'from');
  const from = fromRaw === undefined ? undefined : integerInRange('--from', fromRaw, 1, CONNECT_MAX_WIDTH);
  const samplesRaw = optionalString(values, 'samples');
  const samples = samplesRaw === undefined ? 20 : integerInRange('--samples', samplesRaw, 1, 10_000);
  const initRaw = optionalString(values, 'init');
  const initJson = initRaw === undefined ? undefined : readJsonOption('--init', initRaw);
  const svg = optionalString(values, 'svg');
  if (svg !== undefined) checkOutputPath('--svg', svg, 'file');
  const problem = ref === undefined ? expansionTeacher() : problemAtWidth(ref, from, '--from');
  if (ref === undefined && from !== undefined && from !== 2) {
    throw new InputError('--from: the default teacher has width 2 (give --problem for another width)');
  }
  if (problem.population) {
    throw new InputError(
      `--connect: ${problem.name} is a population problem; the certificates need finite data`,
    );
  }
  const r = problem.network.layout.width;
  if (r > CONNECT_MAX_WIDTH) {
    throw new InputError(
      `--connect: width ${r} above ${CONNECT_MAX_WIDTH} (see --from); the graph would be too large`,
    );
  }
  const toRaw = optionalString(values, 'to');
  const odd = networkSymmetries(problem.network.activation).signFlip;
  const target = toRaw === undefined ? undefined : parseTarget(toRaw, r, odd);
  const q = precision(digits + 10);
  const start = initJson === undefined ? problem.initial(q) : problem.parseParams(initJson, q, '--init');
  const found = zeroLossParent(problem, start, digits);
  if (found.kind === 'none') throw new InputError(`subspaces --connect: ${found.reason}`);
  const parent = found.point;
  const source =
    found.source === 'start'
      ? `= the start, kept exactly (its loss ≤ 10^−${2 * digits - 10})`
      : `refined by Newton at ${digits + 5} digits`;
  const c = checkExpansionConnection(problem, parent, {
    digits,
    samples,
    ...(target === undefined ? {} : { target }),
  });
  if (svg !== undefined) writeSvg(svg, connectivityFigure(c.graph, c.walk));
  if (json) {
    io.stdout(JSON.stringify(connectJson(c, problem, source)) + '\n');
    return c.holds ? 0 : 1;
  }
  const cert = c.certificate;
  // Upper bounds and maxima printed rounded up, so that '≤' stays true.
  const e2 = (x: Decimal): string => x.toExponential(1, 0);
  const targetText = c.path.target.map((t) => `${t.sign < 0 ? '−' : ''}${t.parent + 1}`).join(',');
  const lines = [
    `problem: ${problem.name} (${problem.network.activation.name}, width ${r}); θ* ${source}`,
    cert.kind === 'certified'
      ? `width ${r}: θ* is a ${cert.type.kind}, certified at ${digits + 10} digits: exactly one critical point in θ* ± ${cert.radius.toExponential(0)} (Krawczyk; enclosure radius ${cert.enclosureRadius.toExponential(1)}), loss ∈ ${cert.loss.mid.toExponential(1)} ± ${cert.loss.rad.toExponential(1)}`
      : `width ${r}: θ* NOT CERTIFIED: ${cert.reason}`,
    `  its images: ${c.images.permutations} = ${r}! permutations` +
      (c.signFlip ? ` (${c.images.withSignFlips} with the sign flips of the odd σ)` : '') +
      ', each certified with it (a symmetry of L maps the box to a box)',
    c.wideCertificate.kind === 'not-certified'
      ? `width ${r + 1}: θ* with an idle unit (readout 0, row 0) is not certified isolated (${c.wideCertificate.reason})`
      : `width ${r + 1}: θ* with an idle unit certified isolated (UNEXPECTED)`,
    `path at width ${r + 1} to (${targetText}) with the idle unit: ${c.path.segments.length} segments, each inside one affine subspace of the zero-loss manifold`,
    ...c.path.segments.map((s, k) => {
      const ok = c.exact.segments[k] === undefined ? '' : ` OUTSIDE: ${c.exact.segments[k]}`;
      const b = c.ballBounds[k];
      return `  ${String(k + 1).padStart(2)}. ${s.subspace.label.padEnd(r * 3 + 4)} ${s.description.padEnd(42)} sampled ≤ ${e2(c.loss.segments[k]?.maxLoss ?? new q.D(0))}, ball ≤ ${b === undefined ? '?' : e2(b.bound)} (${b?.method ?? ''})${ok}`;
    }),
    c.exact.holds
      ? 'exact: both ends of every segment lie in its subspace (exact arithmetic) and the segments join, so the network function is f_θ* at every point of the path'
      : `exact: FAILS (${c.exact.joined ? 'a segment leaves its subspace' : 'the segments do not join'})`,
    `sampled loss: ${c.loss.points} points at ${digits + 10} digits, max ${e2(c.loss.maxLoss)} ${c.loss.allZero ? '≤' : '>'} ${c.loss.threshold.toExponential(0)} (zero at ${digits} digits); ‖∇L‖∞ ≤ ${e2(c.loss.maxGradNorm ?? new q.D(0))}`,
    `ball bound of the loss over every whole segment: ≤ ${e2(c.maxBallBound)} (box: the segment's box; convex: the larger end, the loss being a convex quadratic in t there)`,
    `graph: ${c.graph.nodes.length} = T(${r}, ${r + 1}) subspaces, ${c.graph.edges.length} intersecting pairs, ${c.graph.components === 1 ? 'connected' : `${c.graph.components} components`} (at width ${r}: ${c.componentsAtWidth} isolated points)` +
      (c.shortest === undefined ? '' : `; shortest walk between the ends ${c.shortest.length - 1} steps`),
    ...(svg === undefined ? [] : [`intersection graph written to ${svg}`]),
    c.holds ? 'the expansion connects the permuted minima' : 'SOME CHECK FAILED',
  ];
  io.stdout(lines.join('\n') + '\n');
  return c.holds ? 0 : 1;
}

export const subspacesCommand: Command = {
  name: 'subspaces',
  summary:
    'symmetry-induced critical subspaces (Şimşek et al. 2021): replications of a width-r critical point at width m, each checked critical with its Hessian inertia; the G/T count table; or the zero-loss path between permuted minima (--connect)',
  usage:
    'flat-channels subspaces --problem NAME|FILE --width M [--from R] [--init JSON|FILE] [--cap N] [--samples K] ' +
    '[--seed S] [--digits N] [--json]  |  flat-channels subspaces --table RSTAR [--hmax H] [--svg FILE] [--json]  |  ' +
    'flat-channels subspaces --connect [--problem NAME|FILE] [--from R] [--init JSON|FILE] [--to PERM] [--samples K] ' +
    '[--digits N] [--svg FILE] [--json]',
  examples: [
    'flat-channels subspaces --problem paper-toy --from 1 --init \'{"w": [[1.4]], "a": [2.15]}\' --width 3',
    'flat-channels subspaces --problem rosenbrock-2d --from 2 --init parent.json --width 3 --json',
    'flat-channels subspaces --table 8 --hmax 12 --svg g-over-t.svg',
    'flat-channels subspaces --connect --svg graph.svg',
    "flat-channels subspaces --connect --to='-2,1' --json",
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
    connect: {
      type: 'boolean',
      help:
        'the expansion path instead (Şimşek et al. item 4): certify the zero-loss width-R minimum (Krawczyk), build the ' +
        'piecewise-linear path at width R + 1 to its permutation --to inside the zero-loss manifold, check it exactly and ' +
        'sample its loss (default problem: the width-2 tanh teacher 2·tanh(x − 1) − tanh(2x + 1) at 9 points)',
    },
    to: {
      type: 'string',
      value: 'PERM',
      help: 'with --connect: what each unit carries at the end, 1-based, a minus sign for a sign flip (odd σ): "2,1" (default), "-1,2"',
    },
    svg: {
      type: 'string',
      value: 'FILE',
      help: 'with --table: plot G/T against h; with --connect: plot the intersection graph of the subspaces (SVG)',
    },
  },
  async run(values, io) {
    const json = values['json'] === true;
    const tableRaw = optionalString(values, 'table');
    if (tableRaw !== undefined) {
      for (const other of ['problem', 'width', 'from', 'init', 'cap', 'samples', 'seed', 'connect', 'to']) {
        if (values[other] !== undefined)
          throw new InputError(`--table prints counts only; --${other} does not apply`);
      }
      const rStar = integerInRange('--table', tableRaw, 2, 200);
      const hRaw = optionalString(values, 'hmax');
      return printTable(
        rStar,
        hRaw === undefined ? 12 : integerInRange('--hmax', hRaw, 0, 500),
        json,
        io,
        optionalString(values, 'svg'),
      );
    }
    if (values['hmax'] !== undefined) throw new InputError('--hmax needs --table');
    if (values['connect'] === true) return connect(values, json, io);
    for (const only of ['to', 'svg']) {
      if (values[only] !== undefined)
        throw new InputError(`--${only} needs --connect${only === 'svg' ? ' or --table' : ''}`);
    }
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

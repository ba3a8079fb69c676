import type { Decimal } from 'decimal.js';
import { resolveActivation } from '../activations/index.js';
import {
  evaluateLimit,
  limitCriticalPoints,
  limitH,
  type LimitModel,
} from '../landscape/loss-at-infinity.js';
import type { Dataset } from '../network/dataset.js';
import { precision, type Precision } from '../precision/context.js';
import { gaussHermite } from '../precision/quadrature/index.js';
import type { Claim, Verdict } from './claim.js';
import { fixedProblemCheck } from './_internals/not-smooth.js';
import { figureSeries, type Figure, type FigureBand } from './figure.js';

/** Gauss–Hermite nodes for the quick check: positions to ~5 digits; the structure does not depend on them. */
const NODES = 120;

function toyData(): (q: Precision) => Dataset {
  const act = resolveActivation('erf');
  const cache = new Map<number, Dataset>();
  return (q) => {
    let d = cache.get(q.digits);
    if (d === undefined) {
      const rule = gaussHermite(NODES, q);
      const half = new q.D('2.5');
      d = {
        inputs: rule.nodes.map((x) => [x]),
        weights: rule.weights.map((w) => w.times(NODES)),
        targets: rule.nodes.map((x) =>
          act.value(x.times(5).plus(half), q).plus(act.value(x.times(5).minus(half), q)),
        ),
      };
      cache.set(q.digits, d);
    }
    return d;
  };
}

function compute(): Verdict {
  const p = precision(20);
  const data = toyData();
  const base = {
    activation: resolveActivation('erf'),
    layout: { width: 2, inputDimension: 1, hiddenBias: false, outputBias: false },
    data,
  };
  const glu = limitCriticalPoints({ ...base, glu: true } as LimitModel, p);
  const one = limitCriticalPoints({ ...base, glu: false } as LimitModel, p);
  const fmt = (x: Decimal): string => x.toSignificantDigits(8).toString();
  const evidence = {
    problem: 'paper-toy (erf neurons, target erf(5x+2.5)+erf(5x−2.5), x ~ N(0, 1))',
    quadrature: `${NODES}-point Gauss–Hermite at ${p.digits} digits (for certified digits run flat-channels infinity)`,
    kinds: glu.map((c) => c.kind),
    w: glu.map((c) => fmt(c.w)),
    loss: glu.map((c) => fmt(c.loss)),
    h: glu.map((c) => fmt(c.h)),
    oneNeuronLoss: one.map((c) => fmt(c.loss)),
  };
  const kinds = glu.map((c) => c.kind).join(',');
  if (kinds !== 'minimum,saddle,minimum' || one.length !== 1) {
    return {
      kind: 'refuted',
      summary: `critical points of ℓ(w, 0) for w > 0: ${kinds}; expected minimum, saddle, minimum`,
      evidence,
    };
  }
  const [m1, s, m2] = glu as [(typeof glu)[0], (typeof glu)[0], (typeof glu)[0]];
  const single = one[0]!;
  const gap = s.loss.minus(single.loss).abs();
  const ok = m1.h.gt(0) && m2.h.gt(0) && gap.lte('1e-15') && s.a.abs().lte('1e-15');
  const full = { ...evidence, saddleMinusOneNeuron: gap.toExponential(2), saddleA: s.a.toExponential(2) };
  const figures = [lossAtInfinityFigure({ ...base, glu: true } as LimitModel, glu, single.loss)];
  return ok
    ? {
        kind: 'verified',
        summary: `two minima at infinity (w ≈ ${fmt(m1.w)}, ${fmt(m2.w)}) with h > 0, a saddle between at the one-neuron loss (|Δ| = ${gap.toExponential(1)})`,
        evidence: full,
        figures,
      }
    : {
        kind: 'refuted',
        summary: 'h ≤ 0 at a minimum, or the saddle is not the one-neuron critical point',
        evidence: full,
        figures,
      };
}

/**
 * ℓ(w, 0) on a grid of w (at 20 digits) with the intervals where h > 0 shaded (there the point at infinity attracts
 * in ε), the critical points marked, and the one-neuron critical loss as a horizontal line.
 */
function lossAtInfinityFigure(
  model: LimitModel,
  critical: readonly { readonly w: Decimal; readonly loss: Decimal }[],
  oneNeuron: Decimal,
): Figure {
  const p = precision(20);
  const ws = Array.from({ length: 27 }, (_, k) => 0.1 + (3.9 * k) / 26);
  const pts = ws.map((w) => {
    const e = evaluateLimit(model, String(w), p);
    return { w, loss: e.loss, h: limitH(model, e, p) };
  });
  const bands: FigureBand[] = [];
  let from: number | undefined;
  pts.forEach((pt, k) => {
    const mid = (a: number, b: number): string => String((a + b) / 2);
    const prev = pts[k - 1];
    if (pt.h.gt(0) && from === undefined) from = prev === undefined ? pt.w : (prev.w + pt.w) / 2;
    if (!pt.h.gt(0) && from !== undefined && prev !== undefined) {
      bands.push({ label: 'h > 0', from: String(from), to: mid(prev.w, pt.w) });
      from = undefined;
    }
  });
  if (from !== undefined)
    bands.push({ label: 'h > 0', from: String(from), to: String(pts[pts.length - 1]?.w ?? from) });
  return {
    id: 'loss-at-infinity',
    title: 'paper-toy: the loss at infinity ℓ(w, 0) (GLU limit, optimal readouts)',
    caption:
      'Shaded: h > 0, where a point at infinity attracts in ε. Two minima of ℓ (two channels) with a saddle between ' +
      'them at the one-neuron critical loss (dashed level).',
    x: { label: 'w' },
    y: { label: 'ℓ(w, 0)', scale: 'log' },
    series: [
      figureSeries(
        'ℓ(w, 0)',
        ws,
        pts.map((pt) => pt.loss),
        'line',
      ),
      figureSeries(
        'critical points',
        critical.map((c) => c.w),
        critical.map((c) => c.loss),
        'points',
      ),
      figureSeries(
        'one-neuron critical loss',
        [ws[0] ?? 0, ws[ws.length - 1] ?? 4],
        [oneNeuron, oneNeuron],
        'line',
      ),
    ],
    bands,
  };
}

/** The check does not depend on the activation under test (its problem fixes one): computed once per process. */
const check = fixedProblemCheck(compute);

/** The paper's figure 6c: the loss at infinity of its two-erf-neuron toy. */
export const paperToyInfinity: Claim = {
  id: 'paper-toy-infinity',
  ownActivation: 'erf',
  title: 'Two channels at infinity in the paper’s toy problem',
  statement:
    'For the paper-toy problem, ℓ(w, 0) = min over (c, a) of the GLU-limit loss has, for w > 0, two local minima with ' +
    'h > 0 (two channels) and one saddle between them whose loss equals the one-neuron network’s critical loss.',
  latex:
    "\\ell(w,0)=\\min_{c,a}\\mathbb{E}\\big[(c\\,\\sigma(wx)+a\\,x\\,\\sigma'(wx)-y)^2\\big]:\\ \\text{min, saddle, min};\\ h>0",
  hypotheses: ['σ(x) = erf(x/√2)', 'population loss under x ~ N(0, 1)', 'one input dimension, no biases'],
  source: 'Martinelli et al. 2025, §5 and figure 6c; mathematics.md §2, §5',
  check,
};

// One extra neuron connects the permuted zero-loss minima (Şimşek et al. 2021; docs/subspaces.md, issue 18).
//
// A width-2 tanh teacher f*(x) = 2·tanh(x − 1) − tanh(2x + 1) is fitted exactly by the width-2 student at the
// teacher's parameters θ*, and at its permutation (the two neurons swapped). At width 2 these are isolated: the
// Krawczyk test certifies exactly one critical point, a strict minimum, in a small box around θ*. At width 3 the
// two are joined by a straight-segment path of zero loss: an idle third unit (readout 0) moves its input weights
// onto neuron 1, takes over neuron 1's readout, and so on round the swap. This program builds that path, checks
// exactly that each segment stays in an affine subspace where the network computes f*, samples the loss at 50
// digits, and checks that the 12 subspaces of the zero-loss manifold at width 3 are connected while the 2 at
// width 2 are not. Run: npx tsx examples/expansion-connects-minima.ts
import {
  certifyCriticalPoint,
  checkPathExact,
  expansionCount,
  expansionGraph,
  expansionPath,
  expansionTeacher,
  precision,
  samplePathLoss,
  shortestSubspaceWalk,
  nodeIndex,
} from '../src/index.js';

const digits = 50;
const problem = expansionTeacher();
const p = precision(digits + 10);
const teacher = problem.initial(p); // the student starts at the teacher: loss exactly 0 on the data

// Width 2: an isolated strict minimum (and so is its permutation, the image under a symmetry of the loss).
const cert = certifyCriticalPoint(problem, teacher, p);
if (cert.kind !== 'certified' || cert.type.kind !== 'strict local minimum') {
  throw new Error(
    `width 2: not certified a strict minimum (${cert.kind === 'certified' ? cert.type.kind : cert.reason})`,
  );
}
console.log(
  `width 2: θ* certified a strict local minimum at ${p.digits} digits (one critical point in θ* ± ${cert.radius.toExponential(0)})`,
);

// Width 3: the path from (θ*, idle unit) to (θ* with neurons swapped, idle unit).
const layout = problem.network.layout;
const path = expansionPath(layout, teacher);
for (const [k, s] of path.segments.entries()) console.log(`  ${k + 1}. ${s.subspace.label} ${s.description}`);
const exact = checkPathExact(layout, teacher, path);
if (!exact.holds) throw new Error('a segment leaves the zero-loss manifold');
const loss = samplePathLoss(problem.network, (q) => problem.dataset(q), path, digits, { samples: 10 });
if (!loss.allZero) throw new Error(`loss ${loss.maxLoss.toExponential(2)} along the path`);
console.log(
  `width 3: ${path.segments.length} segments, each exactly inside one subspace; loss at ${loss.points} points ≤ ` +
    `${loss.maxLoss.toExponential(1, 0)} (zero at ${digits} digits: below ${loss.threshold.toExponential(0)})`,
);

// The subspaces of the zero-loss manifold and where they meet.
const at2 = expansionGraph(2, 2, 2);
const at3 = expansionGraph(2, 3, 2);
if (BigInt(at3.nodes.length) !== expansionCount(2, 3) || at3.components !== 1 || at2.components !== 2) {
  throw new Error('unexpected connectivity');
}
const walk = shortestSubspaceWalk(at3, nodeIndex(at3, '(1,2,0)'), nodeIndex(at3, '(2,1,0)')) ?? [];
console.log(
  `subspaces: ${at2.nodes.length} isolated points at width 2; ${at3.nodes.length} at width 3, ${at3.edges.length} ` +
    `intersecting pairs, one component; the swap is ${walk.length - 1} steps: ${walk.map((i) => at3.labels[i]).join(' → ')}`,
);

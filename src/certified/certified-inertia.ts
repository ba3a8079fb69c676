import type { Decimal } from 'decimal.js';
import type { Precision } from '../precision/context.js';
import {
  type Ball,
  ballAdd,
  ballDiv,
  ballMul,
  ballSub,
  ballToString,
  exactBall,
} from '../precision/ball/index.js';
import { symmetricEigen } from '../precision/linalg/index.js';

/**
 * The certified inertia of every symmetric matrix in a ball matrix, or why it is undecided.
 * `decided` pivots of a congruent matrix are listed either way (their balls, in order).
 */
export type CertifiedInertia =
  | {
      readonly kind: 'decided';
      readonly negative: number;
      readonly positive: number;
      /** The pivots d_k of the ball LDLᵀ of VᵀHV (each excludes 0). */
      readonly pivots: readonly Ball[];
    }
  | { readonly kind: 'undecided'; readonly reason: string; readonly pivots: readonly Ball[] };

/** A ball's sign when it excludes 0, else 0. */
function signOf(b: Ball): -1 | 0 | 1 {
  if (b.mid.abs().lte(b.rad)) return 0;
  return b.mid.isNeg() ? -1 : 1;
}

/**
 * The inertia shared by every real symmetric matrix H whose entries lie in the balls of `H` (a ball Hessian over
 * a box contains the Hessian at every point of the box).
 *
 * Method: V = approximate eigenvectors of the midpoint matrix (Jacobi at p; any V works, it need not be
 * orthogonal), M = VᵀHV in ball arithmetic (for every such H, VᵀHV lies in M entrywise), then LDLᵀ without
 * pivoting in ball arithmetic, d_k = M_kk − Σ_{j<k} L_kj² d_j, L_ik = (M_ik − Σ_{j<k} L_ij L_kj d_j)/d_k. If every
 * pivot ball excludes 0, then for every such H the elimination runs with nonzero pivots inside those balls, so
 * VᵀHV = LDLᵀ with D = diag(d_k) of the signs found, VᵀHV is nonsingular (hence so is V), and by Sylvester's law of
 * inertia H has as many negative and positive eigenvalues as D has negative and positive entries. Since M is
 * nearly diagonal, d_k ≈ λ_k and the balls stay tight. A pivot ball containing 0 leaves the inertia undecided.
 */
export function certifiedInertia(H: readonly (readonly Ball[])[], p: Precision): CertifiedInertia {
  const n = H.length;
  const mid: Decimal[][] = H.map((row) => row.map((b) => b.mid));
  const eig = symmetricEigen(mid, p);
  if (eig.kind !== 'converged') {
    return { kind: 'undecided', reason: 'the Jacobi iteration for V did not converge', pivots: [] };
  }
  const V = eig.vectors.map((row) => row.map((v) => exactBall(p, v)));
  const dot = (terms: Ball[]): Ball => terms.reduce((s, t) => ballAdd(s, t, p), exactBall(p, 0));
  // T = H V, then M = Vᵀ T (lower triangle used).
  const T = H.map((row) =>
    Array.from({ length: n }, (_, k) => dot(row.map((h, b) => ballMul(h, (V[b] as Ball[])[k] as Ball, p)))),
  );
  const M = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, k) =>
      dot(V.map((row, a) => ballMul(row[i] as Ball, (T[a] as Ball[])[k] as Ball, p))),
    ),
  );
  const L: Ball[][] = Array.from({ length: n }, () => new Array<Ball>(n).fill(exactBall(p, 0)));
  const d: Ball[] = [];
  let negative = 0;
  let positive = 0;
  for (let k = 0; k < n; k++) {
    let dk = (M[k] as Ball[])[k] as Ball;
    for (let j = 0; j < k; j++) {
      const lkj = (L[k] as Ball[])[j] as Ball;
      dk = ballSub(dk, ballMul(ballMul(lkj, lkj, p), d[j] as Ball, p), p);
    }
    d.push(dk);
    const s = signOf(dk);
    if (s === 0) {
      return {
        kind: 'undecided',
        reason: `pivot ${k + 1} of ${n} contains 0 (${ballToString(dk)}): an eigenvalue may be 0`,
        pivots: d,
      };
    }
    if (s < 0) negative++;
    else positive++;
    for (let i = k + 1; i < n; i++) {
      let v = (M[i] as Ball[])[k] as Ball;
      for (let j = 0; j < k; j++) {
        const t = ballMul(
          ballMul((L[i] as Ball[])[j] as Ball, (L[k] as Ball[])[j] as Ball, p),
          d[j] as Ball,
          p,
        );
        v = ballSub(v, t, p);
      }
      (L[i] as Ball[])[k] = ballDiv(v, dk, p);
    }
  }
  return { kind: 'decided', negative, positive, pivots: d };
}

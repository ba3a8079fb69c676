import type { Mutant } from "./mutant.js";

/**
 * The planted bugs `npm run mutants` runs `verify` against (docs/mutants.md). Each is one exact, unique snippet of
 * the numeric core and its replacement: the kind of slip a careful reviewer would plant to see whether `verify`
 * notices. Ids are prefixed by area: act- (activation closed forms, float64 forms, value64), jet- (Taylor-mode
 * jets and their fields), spec- (correctly rounded special functions), prec- (precision rules and guard digits),
 * loss- (loss, gradient, Hessian), glu- (pair output and GLU expansion), inf- (loss at infinity and h), sym- (the
 * symbolic layer), sad- (B and the saddle-line construction), law- (time-law constants), quad- (quadrature),
 * flow- (integrators), lin- (linear algebra).
 */
export const MUTANTS: readonly Mutant[] = [
  // ---- activations: Decimal closed forms of orders ≤ 3 (the fast path of `derivatives`) ----
  {
    id: "act-tanh-closed-d3-coefficient",
    file: "src/activations/_internals/closed-decimal.ts",
    find: "out.push(s2.times(t.times(t).times(6).minus(2)))",
    replace: "out.push(s2.times(t.times(t).times(4).minus(2)))",
    kind: "wrong-derivative",
    description:
      "Decimal closed-form tanh‴ = sech²(6t² − 2) becomes sech²(4t² − 2) (every x ≠ 0)",
  },
  {
    id: "act-tanh-closed-tail-sech2",
    file: "src/activations/_internals/closed-decimal.ts",
    find: "s2 = e.times(4).times(one.minus(e));",
    replace: "s2 = e.times(4);",
    kind: "factor-dropped",
    description:
      "Decimal closed-form sech² for |x| ≥ 1/2 drops the factor (1 − e), e = σ(−2|x|): relative error e (37 % at 1/2, 5e−5 at 5)",
  },
  {
    id: "act-sigmoid-closed-d2-sign",
    file: "src/activations/_internals/closed-decimal.ts",
    find: "if (order >= 2) out.push(sq.times(d));",
    replace: "if (order >= 2) out.push(sq.times(d).neg());",
    kind: "sign-flip",
    description:
      "Decimal closed-form σ″ of the logistic sigmoid has the wrong sign",
  },
  {
    id: "act-softplus-closed-d3-factor",
    file: "src/activations/_internals/closed-decimal.ts",
    find: "if (order >= 3) out.push(sq.times(d));",
    replace: "if (order >= 3) out.push(sq.times(d).times(2));",
    kind: "wrong-derivative",
    description: "Decimal closed-form softplus‴ = σ″ doubled",
  },
  {
    id: "act-logistic-pair-tail-d-sign",
    file: "src/activations/_internals/closed-decimal.ts",
    find: "{ s: small, q: big, d: big.minus(small) }",
    replace: "{ s: small, q: big, d: small.minus(big) }",
    kind: "sign-flip",
    description:
      "logisticPair for x ≤ −1: d = q − s gets the wrong sign (σ″, softplus‴, silu″/‴, g″/‴ wrong for x ≤ −1 only)",
  },
  {
    id: "act-erf-closed-d1-factor2",
    file: "src/activations/_internals/closed-decimal.ts",
    find: "const d = normalPdf(x, g).times(2);",
    replace: "const d = normalPdf(x, g);",
    kind: "factor-dropped",
    description:
      "Decimal closed-form d/dx erf(x/√2) = 2φ(x) loses its factor 2 (orders 1–3 halved)",
  },
  {
    id: "act-gelu-closed-d2-constant",
    file: "src/activations/_internals/closed-decimal.ts",
    find: "out.push(pdf.times(new g.D(2).minus(x2)))",
    replace: "out.push(pdf.times(new g.D(1).minus(x2)))",
    kind: "wrong-constant",
    description: "Decimal closed-form gelu″ = φ(2 − x²) becomes φ(1 − x²)",
  },
  {
    id: "act-silu-closed-d3-factor",
    file: "src/activations/_internals/closed-decimal.ts",
    find: ".minus(sq.times(x).times(2))",
    replace: ".minus(sq.times(x))",
    kind: "factor-dropped",
    description:
      "Decimal closed-form silu‴ drops the factor 2 of its −2x·(sq)² term",
  },
  {
    id: "act-g-closed-d2-constant",
    file: "src/activations/_internals/closed-decimal.ts",
    find: "sq4.times(four.d).times(16)",
    replace: "sq4.times(four.d).times(8)",
    kind: "wrong-constant",
    description:
      "Decimal closed-form g″: the chain-rule factor 4² = 16 of σ(4x)″ becomes 8",
  },
  // ---- activations: float64 closed forms (closed64) and value64 ----
  {
    id: "act-tanh-closed64-d2-factor",
    file: "src/activations/builtin/tanh.ts",
    find: "if (order >= 2) out[2] = -2 * t * s2;",
    replace: "if (order >= 2) out[2] = -t * s2;",
    kind: "factor-dropped",
    description: "float64 tanh″ = −2 tanh·sech² loses its factor 2",
  },
  {
    id: "act-sigmoid-closed64-d3-constant",
    file: "src/activations/builtin/sigmoid.ts",
    find: "if (order >= 3) out[3] = sq * (1 - 6 * sq);",
    replace: "if (order >= 3) out[3] = sq * (1 - 4 * sq);",
    kind: "wrong-constant",
    description: "float64 σ‴ = sq(1 − 6sq) becomes sq(1 − 4sq)",
  },
  {
    id: "act-softplus-closed64-d2",
    file: "src/activations/builtin/softplus.ts",
    find: "if (order >= 2) out[2] = sq;",
    replace: "if (order >= 2) out[2] = s;",
    kind: "wrong-derivative",
    description: "float64 softplus″ returns σ instead of σ′ = σ(1 − σ)",
  },
  {
    id: "act-erf-closed64-d3-sign",
    file: "src/activations/builtin/erf.ts",
    find: "if (order >= 3) out[3] = (x * x - 1) * d;",
    replace: "if (order >= 3) out[3] = (x * x + 1) * d;",
    kind: "sign-flip",
    description: "float64 erf(x/√2)‴ = (x² − 1)·2φ becomes (x² + 1)·2φ",
  },
  {
    id: "act-gelu-closed64-d1-term",
    file: "src/activations/builtin/gelu.ts",
    find: "out[1] = cdf + x * pdf;",
    replace: "out[1] = cdf;",
    kind: "wrong-derivative",
    description:
      "float64 gelu′ = Φ + xφ loses its xφ term (gradients of every float64 gelu flow)",
  },
  {
    id: "act-silu-closed64-d2-constant",
    file: "src/activations/builtin/silu.ts",
    find: "if (order >= 2) out[2] = sq * (2 + x * d);",
    replace: "if (order >= 2) out[2] = sq * (1 + x * d);",
    kind: "wrong-constant",
    description: "float64 silu″ = sq(2 + x(q − s)) becomes sq(1 + x(q − s))",
  },
  {
    id: "act-g-closed64-d1",
    file: "src/activations/builtin/g.ts",
    find: "out[1] = 4 * sq4 + s;",
    replace: "out[1] = 4 * sq4 + sq;",
    kind: "wrong-derivative",
    description: "float64 g′ uses σ′(x) for softplus′ instead of σ(x)",
  },
  {
    id: "act-sigmoid-value64-complement",
    file: "src/activations/builtin/sigmoid.ts",
    find: "value64: (x) => sigmoidPair64(x)[0],",
    replace: "value64: (x) => sigmoidPair64(x)[1],",
    kind: "wrong-formula",
    description: "float64 sigmoid value returns 1 − σ(x) = σ(−x)",
  },
  {
    id: "act-erf-derivative64-constant",
    file: "src/activations/_internals/gauss64.ts",
    find: "const SQRT_2_OVER_PI = 0.7978845608028654;",
    replace: "const SQRT_2_OVER_PI = 0.7978845608;",
    kind: "wrong-constant",
    description:
      "float64 √(2/π) truncated to 10 digits: erf(x/√2)′, ″, ‴ in float64 off by 1e−11 relative",
  },
  {
    id: "act-silu-value64-mirror",
    file: "src/activations/builtin/silu.ts",
    find: "value64: (x) => x * sigmoidPair64(x)[0],",
    replace: "value64: (x) => x * sigmoidPair64(-x)[1],",
    kind: "wrong-formula",
    description:
      "float64 silu value through σ(x) = 1 − σ(−x) taken from the mirrored pair",
    equivalent: true,
    why: "sigmoidPair64(−x)[1] and sigmoidPair64(x)[0] are the same expression 1/(1 + e^(−|x|)) for x ≥ 0 and E/(1 + E) for x < 0: bit-identical",
  },
  // ---- float64 kernels ----
  {
    id: "jet-tanhpair64-sech2-constant",
    file: "src/precision/jet/float64-kernels.ts",
    find: "return [x < 0 ? -t : t, (4 * E) / (den * den)];",
    replace: "return [x < 0 ? -t : t, (2 * E) / (den * den)];",
    kind: "wrong-constant",
    description:
      "float64 sech² = 4E/(2 + m)² halved: float64 tanh′ (closed64 and float64 jets)",
  },
  {
    id: "jet-softplus64-log1p",
    file: "src/precision/jet/float64-kernels.ts",
    find: "return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));",
    replace: "return Math.max(x, 0) + Math.log(1 + Math.exp(-Math.abs(x)));",
    kind: "precision-weakened",
    description:
      "float64 softplus via log(1 + e^−|x|) instead of log1p: relative error ~1e−16/e^−|x| (softplus(−40) = 0 instead of 4.2e−18)",
  },
  // ---- jets (orders > 3 and user formulas) ----
  {
    id: "jet-tanh-recurrence-sign",
    file: "src/precision/jet/jet-arithmetic.ts",
    find: "w[k] = F.neg(this.selfConvolve(y, k));",
    replace: "w[k] = this.selfConvolve(y, k);",
    kind: "sign-flip",
    description:
      "tanh jet: w = 1 − y² updated with +y² (Taylor coefficients of order ≥ 3 wrong)",
  },
  {
    id: "jet-sigmoid-d-sign",
    file: "src/precision/jet/jet-arithmetic.ts",
    find: "const d = F.sub(q0, s0);",
    replace: "const d = F.sub(s0, q0);",
    kind: "sign-flip",
    description:
      "sigmoid jet: d = q₀ − s₀ of w_k = y_k d − Σ… has the wrong sign (coefficients of order ≥ 2)",
  },
  {
    id: "jet-erf-gaussian-sign",
    file: "src/precision/jet/jet-arithmetic.ts",
    find: "for (let k = 1; k < n; k++) v[k] = F.neg(this.selfConvolve(u, k));",
    replace: "for (let k = 1; k < n; k++) v[k] = this.selfConvolve(u, k);",
    kind: "sign-flip",
    description:
      "erf/erfc jet: the companion exp(−u²) is built as exp(+u²) beyond its constant term (orders ≥ 2)",
  },
  {
    id: "jet-selfconvolve-first-term",
    file: "src/precision/jet/jet-arithmetic.ts",
    find: "for (let i = 0; i < k - i; i++) s = F.add(s, F.mul(y[i]!, y[k - i]!));",
    replace:
      "for (let i = 1; i < k - i; i++) s = F.add(s, F.mul(y[i]!, y[k - i]!));",
    kind: "off-by-one",
    description:
      "Σ y_i y_(k−i) starts at i = 1: drops 2y₀y_k (tanh jet, erf companion: orders ≥ 2 wrong)",
  },
  {
    id: "jet-convolve-last-term",
    file: "src/precision/jet/jet-arithmetic.ts",
    find: "for (let j = 2; j <= k; j++) s = F.add(s, F.mul(a[j]!, b[k - j]!));",
    replace:
      "for (let j = 2; j < k; j++) s = F.add(s, F.mul(a[j]!, b[k - j]!));",
    kind: "off-by-one",
    description:
      "convolve drops its last term a_k·b₀ (zero when the inner jet is the variable itself; wrong for nested or Taylor-flow jets)",
  },
  {
    id: "jet-softplus-divisor",
    file: "src/precision/jet/jet-arithmetic.ts",
    find: "for (let k = 1; k < u.length; k++) y[k] = F.divInt(this.convolve(ju, s, k), k);",
    replace:
      "for (let k = 1; k < u.length; k++) y[k] = F.divInt(this.convolve(ju, s, k), k + 1);",
    kind: "off-by-one",
    description:
      "softplus jet: y_k = (1/k)Σ… divided by k + 1 (every derivative of softplus, and of g, by jets)",
  },
  {
    id: "jet-decimal-sigmoid-tail-cancels",
    file: "src/precision/jet/decimal-field.ts",
    find: "const small = E.times(big);",
    replace: "const small = one.minus(big);",
    kind: "precision-weakened",
    description:
      "Decimal jet field: σ(−|x|) formed as 1 − σ(|x|), losing ~|x|/2.3 digits in the tail (σ(−50) keeps 8 of 30 digits)",
  },
  {
    id: "jet-decimal-expnegsquare-guard",
    file: "src/precision/jet/decimal-field.ts",
    find: "const extra = Math.max(0, 2 * (a.e + 1)) + 5;",
    replace: "const extra = 0;",
    kind: "precision-weakened",
    description:
      "Decimal jet field: a² rounded to p digits before e^(−a²) (relative error ~a²·10^−p)",
    equivalent: true,
    why: "the registered activations reach e^(−a²) with a = x/√2 at g = p + 10 + 2(⌊log₁₀(1 + |x|)⌋ + 1) + … digits (guard-digits.ts), so the a²·10^−g error is below 10^−(p+10); flows use O(1) arguments at far looser tolerances. Only a user formula with a huge inner argument (erf(x^8) at x = 100) could see it, and verify runs no such formula",
  },
  // ---- guard digits and correctly rounded special functions ----
  {
    id: "prec-activation-guard-digits",
    file: "src/activations/_internals/guard-digits.ts",
    find: "return 10 + Math.ceil(order / 4) + 2 * (x.abs().plus(1).e + 1);",
    replace: "return 1 + Math.ceil(order / 4);",
    kind: "precision-weakened",
    description:
      "activation guard digits 10 + … + 2·log₁₀ → 1 + ⌈order/4⌉: last printed digits of σ^(k) wrong",
  },
  {
    id: "spec-exp-series-truncated",
    file: "src/precision/special/_internals/exp-ball.ts",
    find: "for (let k = 1n; term !== 0n; k++) {",
    replace: "for (let k = 1n; term !== 0n && k < 12n; k++) {",
    kind: "precision-weakened",
    description:
      "exp series stops after 11 terms without widening the radius: e^x wrong beyond ~40 digits (correct at 30)",
  },
  {
    id: "spec-tanh-small-formula",
    file: "src/precision/special/tanh.ts",
    find: "t = div(u, add(u, TWO, W), W);",
    replace: "t = div(u, add(u, ONE, W), W);",
    kind: "wrong-formula",
    description:
      "Decimal tanh for |x| < 1/4: u/(u + 2) becomes u/(u + 1), u = expm1(2|x|)",
  },
  {
    id: "spec-erf-series-denominator",
    file: "src/precision/binary/binary-kernels.ts",
    find: "const d = 2 * k + 1;",
    replace: "const d = 2 * k + 3;",
    kind: "wrong-formula",
    description:
      "erf series with positive terms Σ X^k/(2k+1)!! with 2k + 3 (Decimal erf wrong for a² ≤ min(600, P/8), and the loss’s binary erf(z/√2) for z² ≤ 0.4·P)",
  },
  {
    id: "spec-erf-series-guard-bits",
    file: "src/precision/special/_internals/erf-ball.ts",
    find: "const W = P + Math.ceil(1.443 * a2d + Math.log2(3 * a2d + P + 8)) + 12;",
    replace:
      "const W = P + Math.ceil(0.5 * a2d + Math.log2(3 * a2d + P + 8)) + 12;",
    kind: "precision-weakened",
    description: "erf series guard bits 1.443a² → 0.5a²",
    equivalent: true,
    why: "the series error is bounded by a running recurrence (errSum), not by the guard estimate: a too-small W widens the ball and correctlyRounded retries at a higher precision, so the rounded value is unchanged (only slower)",
  },
  // ---- loss, gradient, Hessian (Decimal) ----
  {
    id: "loss-hessian-drops-readout",
    file: "src/network/loss.ts",
    find: "const c2 = bfMul(bfMul(rr, aBf[k] as BinaryFloat, W), sk[2] as BinaryFloat, W);",
    replace: "const c2 = bfMul(rr, sk[2] as BinaryFloat, W);",
    kind: "factor-dropped",
    description: "Decimal Hessian: the residual term r·a_k σ″ x̃x̃ᵀ loses a_k",
  },
  {
    id: "loss-gradient-scale-factor2",
    file: "src/network/loss.ts",
    find: "const scale = 2;",
    replace: "const scale = 1;",
    kind: "factor-dropped",
    description: "Decimal gradient and Hessian scaled by 1/N instead of 2/N",
  },
  {
    id: "loss-drops-sample-weights",
    file: "src/network/loss.ts",
    find: "const rr = bfMul(rho, res, W);",
    replace: "const rr = res;",
    kind: "factor-dropped",
    description:
      "Decimal loss and gradient ignore the sample weights ρ (population/quadrature problems only; the Hessian keeps ρ in JJᵀ)",
  },
  {
    id: "loss-cross-term-derivative",
    file: "src/network/loss.ts",
    find: "const c1 = bfMul(rr, sk[1] as BinaryFloat, W);",
    replace: "const c1 = bfMul(rr, sk[2] as BinaryFloat, W);",
    kind: "wrong-derivative",
    description: "Decimal Hessian: ∂²f/∂w∂a uses σ″ instead of σ′",
  },
  {
    id: "loss-guard-digits-zero",
    file: "src/network/loss.ts",
    find: "const { gradient = true, hessian = false, guard = 10 } = options;",
    replace: "const { gradient = true, hessian = false, guard = 0 } = options;",
    kind: "precision-weakened",
    description: "Decimal loss: default guard digits of the sample sums 10 → 0",
  },
  {
    id: "loss-binary-tanh-d2-sign",
    file: "src/network/_internals/binary-activation.ts",
    find: "if (order >= 2) out.push(mul2k(neg(mul(t, s2, P)), 1));",
    replace: "if (order >= 2) out.push(mul2k(mul(t, s2, P), 1));",
    kind: "sign-flip",
    description:
      "the Decimal loss’s binary tanh″ = −2t·sech² loses its sign (the Hessian of every tanh problem)",
  },
  {
    id: "loss-binary-erf-d2-factor",
    file: "src/network/_internals/binary-activation.ts",
    find: "if (order >= 2) out.push(neg(mul(derivative, x, P)));",
    replace: "if (order >= 2) out.push(neg(derivative));",
    kind: "factor-dropped",
    description:
      "the Decimal loss’s binary erf(x/√2)″ = −x·σ′ drops x (the Hessian of paper-toy)",
  },
  // ---- loss, gradient, Hessian (float64) ----
  {
    id: "loss64-hessian-cross-sign",
    file: "src/network/loss64.ts",
    find: "H[row + aOffset + k] = (H[row + aOffset + k] as number) + c1 * (xt[j] as number);",
    replace:
      "H[row + aOffset + k] = (H[row + aOffset + k] as number) - c1 * (xt[j] as number);",
    kind: "sign-flip",
    description:
      "float64 Hessian: the residual part of ∂²L/∂w∂a has the wrong sign (Radau Newton Jacobian)",
  },
  {
    id: "loss64-gradient-a-drops-weight",
    file: "src/network/loss64.ts",
    find: "grad[aOffset + k] = (grad[aOffset + k] as number) + rr * (s0[k] as number);",
    replace:
      "grad[aOffset + k] = (grad[aOffset + k] as number) + res * (s0[k] as number);",
    kind: "factor-dropped",
    description:
      "float64 gradient (no-Hessian pass) w.r.t. readouts ignores the sample weights ρ",
  },
  {
    id: "loss64-hessian-drops-readout",
    file: "src/network/loss64.ts",
    find: "const c2 = rr * (flat[aOffset + k] as number) * (s2[k] as number);",
    replace: "const c2 = rr * (s2[k] as number);",
    kind: "factor-dropped",
    description: "float64 Hessian: the residual term r·a_k σ″ x̃x̃ᵀ loses a_k",
  },
  // ---- pair output and GLU expansion ----
  {
    id: "glu-pair-output-guard",
    file: "src/landscape/pair-expansion.ts",
    find: "const g = withGuard(p, lost + 10);",
    replace: "const g = withGuard(p, 10);",
    kind: "precision-weakened",
    description:
      "pairOutput drops the log₁₀|a/ε| guard digits for the cancelling pair: loses that many digits",
  },
  {
    id: "glu-expansion-factorial",
    file: "src/landscape/pair-expansion.ts",
    find: "const fact1 = fact.times(m + 1);",
    replace: "const fact1 = fact.times(m + 2);",
    kind: "off-by-one",
    description:
      "pairExpansion: the a-term a σ^(m+1) δ^(m+1)/(m+1)! divided by (m+2)·m! (f₀ = cσ + aδσ′/2: GLU limit halved)",
  },
  {
    id: "glu-pair-output-half",
    file: "src/landscape/pair-expansion.ts",
    find: "const half = new g.D(pt.c).div(2);",
    replace: "const half = new g.D(pt.c);",
    kind: "factor-dropped",
    description:
      "pairOutput: a_i = c/2 + a/(2ε) loses the 1/2 of c (output 2cσ + …)",
  },
  // ---- loss at infinity, h ----
  {
    id: "inf-h-factor2-dropped",
    file: "src/landscape/loss-at-infinity.ts",
    find: "h = h.plus(rho.times(f2).times(r).times(2));",
    replace: "h = h.plus(rho.times(f2).times(r));",
    kind: "factor-dropped",
    description: "h(θ₀) = (1/N)Σρ f₂·2(f₀ − y) loses its factor 2 (h halved)",
  },
  {
    id: "inf-h-three-percent",
    file: "src/landscape/loss-at-infinity.ts",
    find: "h = h.plus(rho.times(f2).times(r).times(2));",
    replace: "h = h.plus(rho.times(f2).times(r).times(2.06));",
    kind: "wrong-constant",
    description:
      "h 3 % too large (the issue: a time-law constant off by 3 % must be refuted)",
  },
  {
    id: "inf-curvature-schur-sign",
    file: "src/landscape/loss-at-infinity.ts",
    find: "for (let i = 0; i < n; i++) schur = schur.minus((Lwb[i] as Decimal).times(y.x[i] as Decimal));",
    replace:
      "for (let i = 0; i < n; i++) schur = schur.plus((Lwb[i] as Decimal).times(y.x[i] as Decimal));",
    kind: "sign-flip",
    description:
      "ℓ″ = (2/N)(L_ww − L_wβ G⁻¹ L_βw) with + for −: curvature (and minimum/saddle kind) wrong",
  },
  {
    id: "inf-glu-feature-d2-factor",
    file: "src/landscape/loss-at-infinity.ts",
    find: "d2phi.push(x2.times(x).times(s3 as Decimal));",
    replace: "d2phi.push(x2.times(s3 as Decimal));",
    kind: "factor-dropped",
    description:
      "d²/dw² of the GLU feature xσ′(wx) is x²σ‴ instead of x³σ‴ (ℓ″ wrong; Newton slower)",
  },
  {
    id: "inf-glu-feature-d1-factor",
    file: "src/landscape/loss-at-infinity.ts",
    find: "dphi.push(x2.times(s2 as Decimal));",
    replace: "dphi.push(x.times(s2 as Decimal));",
    kind: "factor-dropped",
    description:
      "d/dw of the GLU feature xσ′(wx) is xσ″ instead of x²σ″: slope wrong, so the critical points are",
  },
  {
    id: "inf-slope64-scale",
    file: "src/landscape/_internals/limit-slope64.ts",
    find: "return (2 * slope) / data.n;",
    replace: "return slope / data.n;",
    kind: "factor-dropped",
    description: "the float64 bracketing slope loses its factor 2",
    equivalent: true,
    why: "limitSlope64 only brackets sign changes and seeds regula falsi, both invariant under a positive factor; the Decimal Newton refinement uses evaluateLimit",
  },
  // ---- symbolic layer ----
  {
    id: "sym-glu-coefficient-factorial",
    file: "src/symbolic/glu-expansion.ts",
    find: "a*${delta}^${k + 1}*s${k + 1}/${factorial(k + 1).toString()}",
    replace: "a*${delta}^${k + 1}*s${k + 1}/${factorial(k).toString()}",
    kind: "off-by-one",
    description:
      "symbolic GLU expansion: the expected a-term of f_k divided by k! instead of (k + 1)!",
  },
  // ---- B and the saddle line ----
  {
    id: "sad-split-readout-sign",
    file: "src/landscape/saddle-line.ts",
    find: "newA.push(roundTo(p, new p.D(1).minus(g).times(ak)));",
    replace: "newA.push(roundTo(p, new p.D(1).plus(g).times(ak)));",
    kind: "sign-flip",
    description:
      "splitNeuron: a_(r+1) = (1 + γ)a_k instead of (1 − γ)a_k: θ_γ is no longer on the saddle line",
  },
  {
    id: "sad-b-factor2",
    file: "src/landscape/saddle-line.ts",
    find: ".times(f.minus(data.targets[n] as Decimal))\n      .times(2);",
    replace: ".times(f.minus(data.targets[n] as Decimal));",
    kind: "factor-dropped",
    description:
      "B loses the factor 2 of 2(f − y): eigenvalues halved, signs (the prediction) unchanged",
  },
  {
    id: "sad-b-first-derivative",
    file: "src/landscape/saddle-line.ts",
    find: "if (i === k) s2k = s[2] as Decimal;",
    replace: "if (i === k) s2k = s[1] as Decimal;",
    kind: "wrong-derivative",
    description: "B built with σ′(w*·x) instead of σ″(w*·x)",
  },
  {
    id: "sad-b-drops-weights",
    file: "src/landscape/saddle-line.ts",
    find: "const coef = rho\n",
    replace: "const coef = new g.D(1)\n",
    kind: "factor-dropped",
    description:
      "B ignores the sample weights ρ (population/quadrature data only)",
  },
  // ---- time-law constants (checker constants: the claims' own predictions) ----
  {
    id: "law-generic-constant-3pct",
    file: "src/claims/_internals/time-laws.ts",
    find: "const predicted = (16 * h) / (a * a);",
    replace: "const predicted = (16.5 * h) / (a * a);",
    kind: "wrong-constant",
    description:
      "generic time law ε⁻⁴ ≈ ε₀⁻⁴ + 16ht/a² with 16.5 (3 %; a mutant of the checker, not the core)",
  },
  {
    id: "law-realisable-constant-3pct",
    file: "src/claims/_internals/time-laws.ts",
    find: ".div(16).toNumber() * predictionFactor",
    replace: ".div(16.5).toNumber() * predictionFactor",
    kind: "wrong-constant",
    description:
      "realisable K = a⁴‖(I − P)f₂‖²/16 with 16.5 (3 %; a mutant of the checker, not the core)",
  },
  // ---- precision rules ----
  {
    id: "prec-channel-digits",
    file: "src/network/channel-criteria.ts",
    find: "return Math.max(30, 3 * lg + 30);",
    replace: "return Math.max(30, lg + 30);",
    kind: "precision-weakened",
    description:
      "channelDigits (digitsForA, the sweep ladder): 3·log₁₀|A| + 30 → log₁₀|A| + 30 working digits on a channel",
  },
  {
    id: "prec-ladder-never-disagrees",
    file: "src/precision/ladder.ts",
    find: "return w === undefined || !v.eq(w) ? [i] : [];",
    replace: "return w === undefined ? [i] : [];",
    kind: "precision-weakened",
    description:
      "certifyByLadder accepts the first rung without comparing it with +20 digits",
  },
  {
    id: "prec-population-cutoff",
    file: "src/network/_internals/population-rule.ts",
    find: "return Math.sqrt(2 * (digits + 8) * Math.LN10) + 1;",
    replace: "return Math.sqrt((digits + 8) * Math.LN10) + 1;",
    kind: "precision-weakened",
    description:
      "population rule cut-off X shrinks by √2: the truncated Gaussian tail is ~10^−(digits+8)/2, not 10^−(digits+8)",
  },
  // ---- quadrature ----
  {
    id: "quad-population-variance",
    file: "src/network/_internals/population-rule.ts",
    find: "const es = xs.map((x) => exp(x.times(x).div(-2), q));",
    replace: "const es = xs.map((x) => exp(x.times(x).div(-2.02), q));",
    kind: "quadrature-weight",
    description:
      'population weights e^(−x²/2.02): the "standard normal" has variance 1.01',
  },
  {
    id: "quad-gauss-hermite-factorial",
    file: "src/precision/quadrature/gauss-hermite.ts",
    find: "for (let k = 2; k <= n; k++) factorial = factorial.times(k);",
    replace: "for (let k = 2; k < n; k++) factorial = factorial.times(k);",
    kind: "quadrature-weight",
    description:
      "Gauss–Hermite weights n!/(n²He²) with (n − 1)!: every weight divided by n",
  },
  {
    id: "quad-gauss-hermite-recurrence",
    file: "src/precision/quadrature/gauss-hermite.ts",
    find: "const next = x.times(cur).minus(prev.times(k));",
    replace: "const next = x.times(cur).minus(prev.times(k + 1));",
    kind: "off-by-one",
    description:
      "He_(k+1) = x·He_k − (k + 1)·He_(k−1): nodes and weights of a different polynomial family",
  },
  {
    id: "quad-gauss-hermite64-weight",
    file: "src/precision/quadrature/gauss-hermite.ts",
    find: "return 1 / (n * pn1 * pn1) / 2 ** (2 * log2Scale);",
    replace: "return 1 / ((n + 1) * pn1 * pn1) / 2 ** (2 * log2Scale);",
    kind: "quadrature-weight",
    description: "float64 Gauss–Hermite weights scaled by n/(n + 1)",
  },
  // ---- integrators ----
  {
    id: "flow-radau-weight",
    file: "src/flow/radau-tableau.ts",
    find: "c[s - 1] = new D(1);",
    replace: "c[s - 1] = new D(73).div(72);",
    kind: "integrator-coefficient",
    description:
      "Radau IIA: c_s = 1 → 73/72, so the weights b (the last row of A, stiffly accurate) sum to 1 + 1/72: the flow runs ~1.4 % fast (the slip b₃ = 1/9 → 1/8 of the closed-form tableau this derivation replaced)",
  },
  {
    id: "flow-radau-a11",
    file: "src/flow/_internals/radau-stepper.ts",
    find: "const a = tab.A.map((row) => row.map(toG));",
    replace:
      "const a = tab.A.map((row, i) => row.map((v, j) => toG(i === 0 && j === 0 ? v.times(36).div(35) : v)));",
    kind: "integrator-coefficient",
    description:
      "Radau IIA: a₁₁ → a₁₁·360/350 where the stepper takes the tableau (C(s) broken in row 1: the order drops; the error control compensates with smaller steps)",
  },
  {
    id: "flow-gbs-smoothing",
    file: "src/flow/_internals/gbs-stepper.ts",
    find: "F.divInt(F.add(F.add(c, prev[i] as T), F.mul(sub, fc[i] as T)), 2)",
    replace:
      "F.divInt(F.add(F.add(c, prev[i] as T), F.mul(two, fc[i] as T)), 2)",
    kind: "integrator-coefficient",
    description:
      "Gragg smoothing step uses 2h_j f instead of h_j f (the h² expansion the extrapolation needs is lost)",
  },
  {
    id: "flow-taylor-coefficient",
    file: "src/flow/_internals/taylor-series.ts",
    find: "theta.push(grad.map((g) => F.neg(F.divInt(g, q + 1))));",
    replace: "theta.push(grad.map((g) => F.neg(F.divInt(g, q + 2))));",
    kind: "integrator-coefficient",
    description:
      "Taylor flow: θ_(q+1) = −(∇L)_q/(q + 1) divided by q + 2 (the flow moves at half speed at first order)",
  },
  // ---- linear algebra ----
  {
    id: "lin-cholesky-back-substitution",
    file: "src/precision/linalg/_internals/cholesky-core.ts",
    find: "for (let k = i + 1; k < n; k++) s = F.sub(s, F.mul(l[k]![i]!, y[k]!));",
    replace:
      "for (let k = i + 1; k < n - 1; k++) s = F.sub(s, F.mul(l[k]![i]!, y[k]!));",
    kind: "off-by-one",
    description:
      "Cholesky solve: back substitution skips the last unknown (readouts of the limit model wrong)",
  },
  {
    id: "lin-ldlt-schur-sign",
    file: "src/precision/linalg/_internals/ldlt-core.ts",
    find: "const v = F.sub(si[j]!, F.mul(mi, s[j]![k]!));",
    replace: "const v = F.add(si[j]!, F.mul(mi, s[j]![k]!));",
    kind: "sign-flip",
    description:
      "LDLᵀ: the 1×1-pivot Schur update adds instead of subtracts (inertia of Hessians wrong)",
  },
  {
    id: "lin-ldlt-bunch-kaufman-alpha",
    file: "src/precision/linalg/_internals/ldlt-core.ts",
    find: "const alpha = F.div(F.add(F.one, F.sqrt(F.of(17))), F.of(8));",
    replace: "const alpha = F.div(F.add(F.one, F.sqrt(F.of(16))), F.of(8));",
    kind: "wrong-constant",
    description:
      "Bunch–Kaufman pivot threshold α = (1 + √17)/8 ≈ 0.640 → 0.625",
    equivalent: true,
    why: "α only chooses between 1×1 and 2×2 pivots (any α in (0, 1) gives a valid factorisation with bounded growth); the inertia is fixed by Sylvester’s law, so the reported counts are unchanged",
  },
  // ---- problems (the data every claim runs on) ----
  {
    id: "prob-paper-toy-target",
    file: "src/network/problems.ts",
    find: "target: { formula: 'erf((5*x + 2.5)/sqrt(2)) + erf((5*x - 2.5)/sqrt(2))' },",
    replace:
      "target: { formula: 'erf((5*x + 2.4)/sqrt(2)) + erf((5*x - 2.5)/sqrt(2))' },",
    kind: "wrong-constant",
    description:
      "paper-toy target erf((5x + 2.5)/√2) with 2.4: every paper-toy number moves (critical points, h)",
  },

  // ---- added for the hidden-mutant bar (issue 14): code paths verify reports numbers from that no mutant covered ----
  {
    id: "act-gelu-closed64-d3-constant",
    file: "src/activations/builtin/gelu.ts",
    find: "if (order >= 3) out[3] = x * pdf * (x * x - 4);",
    replace: "if (order >= 3) out[3] = x * pdf * (x * x - 3);",
    kind: "wrong-constant",
    description: "float64 closed-form gelu‴ = xφ(x² − 4) becomes xφ(x² − 3)",
  },
  {
    id: "act-silu-closed64-d3-factor",
    file: "src/activations/builtin/silu.ts",
    find: "if (order >= 3) out[3] = sq * (d * (3 + x * d) - 2 * x * sq);",
    replace: "if (order >= 3) out[3] = sq * (d * (3 + x * d) - x * sq);",
    kind: "factor-dropped",
    description:
      "float64 closed-form silu‴ drops the factor 2 of its −2x·(sq)² term",
  },
  {
    id: "act-softplus-closed64-d3-sign",
    file: "src/activations/builtin/softplus.ts",
    find: "if (order >= 3) out[3] = sq * (q - s);",
    replace: "if (order >= 3) out[3] = sq * (s - q);",
    kind: "sign-flip",
    description:
      "float64 closed-form softplus‴ = σ″ = σσ̄(σ̄ − σ) with the wrong sign",
  },
  {
    id: "act-g-closed64-d3-constant",
    file: "src/activations/builtin/g.ts",
    find: "if (order >= 3) out[3] = 64 * sq4 * (1 - 6 * sq4) + sq * (q - s);",
    replace:
      "if (order >= 3) out[3] = 64 * sq4 * (1 - 4 * sq4) + sq * (q - s);",
    kind: "wrong-constant",
    description:
      "float64 closed-form g‴: the σ(4x)‴ term 64·s(1 − 6s) becomes 64·s(1 − 4s)",
  },
  {
    id: "act-normalpdf64-constant",
    file: "src/activations/_internals/gauss64.ts",
    find: "const INV_SQRT_2PI = 0.3989422804014327;",
    replace: "const INV_SQRT_2PI = 0.3989422804041327;",
    kind: "wrong-constant",
    description:
      "float64 1/√(2π) with two digits transposed (relative 7e−12): gelu′, gelu″, gelu‴ in float64",
  },
  {
    id: "act-normalcdf64-argument-scale",
    file: "src/activations/_internals/gauss64.ts",
    find: "return 1 - 0.5 * expNegHalfSquare64(x) * erfcx64(x * INV_SQRT2);",
    replace: "return 1 - 0.5 * expNegHalfSquare64(x) * erfcx64(x);",
    kind: "wrong-formula",
    description:
      "float64 Φ(x), x ≥ 0, forgets the 1/√2 in erfcx’s argument (gelu in float64 wrong for x > 0)",
  },
  {
    id: "jet-sigmoidpair64-tail-cancels",
    file: "src/precision/jet/float64-kernels.ts",
    find: "return x < 0 ? [E * big, big] : [big, E * big];",
    replace: "return x < 0 ? [1 - big, big] : [big, 1 - big];",
    kind: "precision-weakened",
    description:
      "float64 σ pair: σ(−|x|) formed as 1 − σ(|x|), losing |x|/2.3 digits (float64 σ, softplus, g, silu and their jets in the tails)",
  },
  {
    id: "jet-erf64-constant",
    file: "src/precision/jet/erf64.ts",
    find: "const TWO_OVER_SQRT_PI = 1.1283791670955126;",
    replace: "const TWO_OVER_SQRT_PI = 1.1283791670951126;",
    kind: "wrong-constant",
    description:
      "float64 2/√π with one wrong digit (relative 4e−13): float64 erf on |u| < 1/2 (erf, gelu values)",
  },
  {
    id: "glu-pairexp-delta-power",
    file: "src/landscape/pair-expansion.ts",
    find: "dpow = dpow1.times(delta);",
    replace: "dpow = dpow1;",
    kind: "off-by-one",
    description:
      "pairExpansion: δ^m misses a factor δ from m = 2 on (f₂ = (c/2)δσ″ + (a/6)δ²σ‴, h and f₄ wrong)",
  },
  {
    id: "inf-h-delta-sign",
    file: "src/landscape/loss-at-infinity.ts",
    find: "{ c: pt.c, a: pt.a, z: pt.w.times(x), delta: x },",
    replace: "{ c: pt.c, a: pt.a, z: pt.w.times(x), delta: x.neg() },",
    kind: "sign-flip",
    description:
      "h at infinity with Δ = −1 instead of +1: the odd part (a/6)δ³σ‴ of f₂ flips sign",
  },
  {
    id: "inf-one-neuron-d2phi",
    file: "src/landscape/loss-at-infinity.ts",
    find: "const d2phi = [x2.times(s2 as Decimal)];",
    replace: "const d2phi = [x.times(s2 as Decimal)];",
    kind: "factor-dropped",
    description:
      "d²/dw² σ(wx) = xσ″ instead of x²σ″: ℓ″ of the GLU and one-neuron limits wrong",
  },
  {
    id: "inf-readout-gram-drops-weight",
    file: "src/landscape/loss-at-infinity.ts",
    find: "const rp = rho.times(phi[i] as Decimal);",
    replace: "const rp = phi[i] as Decimal;",
    kind: "factor-dropped",
    description:
      "the readouts’ normal equations ignore the sample weights ρ (population losses at infinity wrong)",
  },
  {
    id: "sad-b-outer-product-index",
    file: "src/landscape/saddle-line.ts",
    find: "row[j] = (row[j] as Decimal).plus(coef.times(xt[i] as Decimal).times(xt[j] as Decimal));",
    replace:
      "row[j] = (row[j] as Decimal).plus(coef.times(xt[i] as Decimal).times(xt[i] as Decimal));",
    kind: "wrong-formula",
    description:
      "B = Σ c x̃x̃ᵀ built with x̃_i² in every column of row i (an index slip: B not symmetric)",
  },
  {
    id: "sym-loss-expansion-h4-factor2",
    file: "src/symbolic/loss-expansion.ts",
    find: "h4 = h4.plus(rho.times(v2.times(v2).plus(R.times(v4).times(2))));",
    replace: "h4 = h4.plus(rho.times(v2.times(v2).plus(R.times(v4))));",
    kind: "factor-dropped",
    description:
      "the ε⁴ coefficient of the loss, f₂² + 2Rf₄, loses its factor 2",
  },
  {
    id: "sym-saddle-ubu-factor2",
    file: "src/symbolic/saddle-line.ts",
    find: "uBu = uBu.times(2).div(N);",
    replace: "uBu = uBu.div(N);",
    kind: "factor-dropped",
    description:
      "the symbolic side of the saddle-line curvature: uᵀBu without the 2 of 2(f − y)",
  },
  {
    id: "loss-gauss-newton-drops-weight",
    file: "src/network/loss.ts",
    find: "const rJi = bfMul(rho, J[i] as BinaryFloat, W);",
    replace: "const rJi = J[i] as BinaryFloat;",
    kind: "factor-dropped",
    description:
      "Decimal Hessian: the Gauss–Newton block Σ ρ JJᵀ ignores ρ (weighted data and populations)",
  },
  {
    id: "loss64-gradient-pass-drops-readout",
    file: "src/network/loss64.ts",
    find: "as1[k] = ak * (ds[1] as number);",
    replace: "as1[k] = ds[1] as number;",
    kind: "factor-dropped",
    description: "float64 gradient-only pass: ∂L/∂w_k without the readout a_k",
  },
  {
    id: "loss64-gauss-newton-drops-weight",
    file: "src/network/loss64.ts",
    find: "const rJi = rho * (J[i] as number);",
    replace: "const rJi = J[i] as number;",
    kind: "factor-dropped",
    description:
      "float64 Hessian: the Gauss–Newton block ignores ρ (weighted data and populations)",
  },
  {
    id: "law-realisable-rate-3pct",
    file: "src/claims/_internals/time-laws.ts",
    find: "predictedRate = 12 * K;",
    replace: "predictedRate = 12.4 * K;",
    kind: "wrong-constant",
    description: "realisable time law A⁶ ≈ A₀⁶ + 12Kt with 12.4 (3 % off)",
  },
  {
    id: "quad-population-normalisation-off-by-one",
    file: "src/network/_internals/population-rule.ts",
    find: "const sum = ws.reduce((s, w) => s.plus(w), new q.D(0));\n    return ws.map((w) => w.times(ws.length).div(sum));",
    replace:
      "const sum = ws.reduce((s, w) => s.plus(w), new q.D(0));\n    return ws.map((w) => w.times(ws.length - 1).div(sum));",
    kind: "quadrature-weight",
    description:
      "population rule weights normalised to Σρ = N − 1: every population loss scaled by (N − 1)/N",
  },
  {
    id: "quad-population-grid-shift",
    file: "src/network/_internals/population-rule.ts",
    find: "const xs = Array.from({ length: perAxis }, (_, i) => h.times(i - J));",
    replace:
      "const xs = Array.from({ length: perAxis }, (_, i) => h.times(i - J + 1));",
    kind: "off-by-one",
    description:
      "population grid shifted by one step (nodes h·(−J+1 … J+1)): the truncation becomes one-sided",
  },
];

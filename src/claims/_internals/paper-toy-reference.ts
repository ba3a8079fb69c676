/**
 * An independent reference for the paper-toy loss at infinity: the critical points of ℓ(w, 0), w > 0, computed by
 * scripts/golden/infinity.py with mpmath alone (30-digit tanh–sinh quadrature under N(0, 1) split at the target's
 * steep points, readouts by LU, roots of dℓ/dw by findroot, h from f₂ written out by hand). Copied from
 * test/fixtures/infinity-paper-toy.json, which that script writes; test/claims/paper-toy-reference.test.ts fails
 * if the two drift apart. The values are good to far more than the 10 digits the claim compares.
 */
export interface PaperToyReferencePoint {
  readonly kind: 'minimum' | 'saddle';
  readonly w: string;
  readonly loss: string;
  readonly c: string;
  readonly a: string;
  readonly h: string;
}

export const PAPER_TOY_REFERENCE: {
  readonly generator: string;
  readonly criticalPoints: readonly PaperToyReferencePoint[];
  readonly oneNeuron: { readonly w: string; readonly loss: string; readonly c: string };
} = {
  generator: 'scripts/golden/infinity.py (mpmath 1.3.0, 30 digits)',
  criticalPoints: [
    {
      kind: 'minimum',
      w: '0.8662961222688905899431',
      loss: '0.04237215195921777310452',
      c: '1.667556155479967976429',
      a: '1.496684567411676330216',
      h: '0.00709137536420634676838',
    },
    {
      kind: 'saddle',
      w: '1.39955414939071599713',
      loss: '0.04711602749635808931632',
      c: '2.152783648688862280028',
      a: '1.740236975723417923191e-30',
      h: '0.02844885572057132673488',
    },
    {
      kind: 'minimum',
      w: '3.150432442239910122819',
      loss: '0.0007733325415771706316275',
      c: '2.017815444196468621778',
      a: '-6.511116213791950832648',
      h: '0.001014699899233537850182',
    },
  ],
  oneNeuron: {
    w: '1.39955414939071599713',
    loss: '0.04711602749635808931632',
    c: '2.152783648688862280028',
  },
};

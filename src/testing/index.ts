// `flat-channels/testing`: helpers for property-based tests of mathematical code (needs fast-check ≥ 4).
export {
  cancellingPairArbitrary,
  decimalArbitrary,
  type DecimalArbitraryConstraints,
} from './decimal-arbitrary.js';

// Symmetry-induced critical subspaces (Şimşek et al. 2021; docs/subspaces.md). Explicit export list.
export { binomial, factorial, stirling2 } from './combinatorics.js';
export {
  countTable,
  crossover,
  expansionCount,
  expansionCountBySum,
  expansionOrbitCount,
  replicationCount,
  replicationCountInclusionExclusion,
  replicationOrbitCount,
  subspaceDimension,
  type CountRow,
} from './subspace-counts.js';
export {
  enumerateSubspaces,
  parameteriseSubspace,
  ZERO_TYPE,
  type EnumerateOptions,
  type SubspaceEnumeration,
  type SubspaceParameterisation,
  type SymmetrySubspace,
} from './symmetry-subspaces.js';
export {
  checkCriticalSubspaces,
  reducibility,
  refineParent,
  ZERO_TYPE_NOTE,
  type CriticalSubspacesOptions,
  type CriticalSubspacesResult,
  type RefinedParent,
  type SubspaceCheck,
  type SubspacePoint,
  type SubspacePointType,
} from './critical-subspaces.js';
export {
  checkPathExact,
  checkSignedPermutation,
  embedWithSpare,
  expansionPath,
  outsideSubspace,
  pathSubspace,
  samplePathLoss,
  type ExpansionPath,
  type ExpansionPathOptions,
  type PathExactCheck,
  type PathLoss,
  type PathSegment,
  type PathSubspace,
  type SamplePathLossOptions,
  type SegmentKind,
  type SegmentLoss,
  type SignedParent,
  type SignedPermutation,
} from './expansion-path.js';
export {
  expansionGraph,
  nodeIndex,
  shortestSubspaceWalk,
  subspaceIntersection,
  subspaceLabel,
  type ExpansionGraph,
  type SubspaceEdge,
} from './expansion-graph.js';
export { EXPANSION_TEACHER_SPEC, expansionTeacher } from './expansion-teacher.js';
export { zeroLossParent, type ZeroLossParent } from './zero-loss-parent.js';

import type { Decimal } from 'decimal.js';

/** A dense matrix of Decimals, row-major: `a[i][j]` is row i, column j. Rows must all have the same length. */
export type DecimalMatrix = readonly (readonly Decimal[])[];

/** A dense vector of Decimals. */
export type DecimalVector = readonly Decimal[];

/** A dense float64 matrix, row-major (plain arrays or Float64Arrays as rows). */
export type Float64Matrix = readonly (readonly number[] | Float64Array)[];

/** A dense float64 vector. */
export type Float64Vector = readonly number[] | Float64Array;

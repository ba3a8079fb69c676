/**
 * Counts base-point evaluations of special functions (exp, expm1, log, sqrt, pow, erf, erfc, sin, cos, …).
 *
 * Jets spend almost all of their time in these evaluations at Decimal precision (an `exp` costs as much as
 * 30–200 multiplications, numerics.md), and the Taylor-mode recurrences need only one or two of them per node.
 * A flow or a benchmark passes one counter to the fields it creates and reports `total` afterwards.
 *
 * Every name is the primitive that was actually evaluated: e.g. a tanh jet records one `exp` or `expm1`
 * (it derives tanh and sech² from it), a sin/cos jet records `sin` and `cos`.
 */
export class TranscendentalCounter {
  #total = 0;
  readonly #byName = new Map<string, number>();

  /** Records one evaluation of the primitive `name`. */
  record(name: string): void {
    this.#total++;
    this.#byName.set(name, (this.#byName.get(name) ?? 0) + 1);
  }

  /** Number of evaluations recorded since construction or the last {@link reset}. */
  get total(): number {
    return this.#total;
  }

  /** Evaluations per primitive name, sorted by name. */
  byName(): Readonly<Record<string, number>> {
    return Object.fromEntries([...this.#byName.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  reset(): void {
    this.#total = 0;
    this.#byName.clear();
  }
}

/**
 * A small seeded generator (SplitMix32-style mixing of a 32-bit counter), so that every random point a check uses
 * is reproducible from its seed. Not for cryptography.
 */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniform double in [0, 1). */
  next(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    return z / 4294967296;
  }

  /** An exact decimal string uniform on a grid of step 10^−decimals in [lo, hi] (inputs of checks are exact). */
  decimal(lo: number, hi: number, decimals = 4): string {
    const scale = 10 ** decimals;
    const k = Math.round((lo + (hi - lo) * this.next()) * scale);
    const sign = k < 0 ? '-' : '';
    const s = Math.abs(k)
      .toString()
      .padStart(decimals + 1, '0');
    return `${sign}${s.slice(0, s.length - decimals)}.${s.slice(s.length - decimals)}`;
  }

  /** A uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
}

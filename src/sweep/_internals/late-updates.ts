/**
 * The last `capacity` parameter updates Δθ of a run, oldest first (a ring buffer), so that the end point can be
 * classified by where the late updates went (mathematics.md §4: "> 90% of late updates in the channel subspace").
 */
export class LateUpdates {
  private readonly ring: Float64Array[] = [];
  private next = 0;
  count = 0;

  constructor(readonly capacity: number) {}

  push(before: Float64Array, after: Float64Array): void {
    const delta = new Float64Array(after.length);
    for (let i = 0; i < after.length; i++) delta[i] = (after[i] as number) - (before[i] as number);
    if (this.ring.length < this.capacity) this.ring.push(delta);
    else this.ring[this.next] = delta;
    this.next = (this.next + 1) % this.capacity;
    this.count++;
  }

  /** The last `n` updates (at most the capacity), oldest first. */
  last(n: number): Float64Array[] {
    const ordered =
      this.ring.length < this.capacity
        ? this.ring
        : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
    return ordered.slice(Math.max(0, ordered.length - n));
  }
}

export function norm2(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s);
}

export function allFinite(x: Float64Array): boolean {
  for (const v of x) if (!Number.isFinite(v)) return false;
  return true;
}

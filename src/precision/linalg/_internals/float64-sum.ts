/**
 * Accurate float64 dot product (the "Dot2" algorithm of Ogita, Rump and Oishi, 2005): error-free transformations
 * of each product (Veltkamp/Dekker splitting) and each sum (Knuth's TwoSum) carry the rounding errors along, so
 * the result is as accurate as if computed in twice the working precision and then rounded. This is the float64
 * counterpart of the guard digits the Decimal reductions use. Products beyond about 1e300 in magnitude would
 * overflow in the splitting; such inputs are outside the supported range of the float64 twins.
 */
const SPLITTER = 134217729; // 2^27 + 1

export function dot2(n: number, x: (i: number) => number, y: (i: number) => number): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const a = x(i);
    const b = y(i);
    const p = a * b;
    // TwoProduct by splitting a and b into 26-bit halves.
    let t = SPLITTER * a;
    const ah = t - (t - a);
    const al = a - ah;
    t = SPLITTER * b;
    const bh = t - (t - b);
    const bl = b - bh;
    const pe = al * bl - (p - ah * bh - al * bh - ah * bl);
    // TwoSum of the running sum and the product.
    const sNew = s + p;
    const z = sNew - s;
    const se = s - (sNew - z) + (p - z);
    s = sNew;
    c += se + pe;
  }
  return s + c;
}

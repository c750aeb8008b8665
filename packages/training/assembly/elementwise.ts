// Element-wise passes of the training step, over row ranges [r0, r1) and column ranges [j0, j1)
// of row-major [rows, ld] matrices. Columns at and past `n` are padding and are set to 0.

export const LINEAR: i32 = 0;
export const RELU: i32 = 1;
export const TANH: i32 = 2;
export const SIGMOID: i32 = 3;

/** y = act(z + bias) in place for columns j0 … j1 (pads → 0). */
export function biasActivation(y: usize, ld: i32, bias: usize, r0: i32, r1: i32, j0: i32, j1: i32, n: i32, act: i32): void {
  const real = min(j1, n);
  for (let r = r0; r < r1; r++) {
    const row = y + ((<usize>r * ld) << 2);
    if (act === RELU || act === LINEAR) {
      // SIMD over blocks of 4 (j0 is a multiple of 8; pads beyond n are fixed below).
      const zero = f32x4.splat(0);
      for (let j = j0; j < j1; j += 4) {
        const p = row + (<usize>j << 2);
        let v = f32x4.add(v128.load(p), v128.load(bias + (<usize>j << 2)));
        if (act === RELU) v = f32x4.max(v, zero);
        v128.store(p, v);
      }
    } else {
      for (let j = j0; j < real; j++) {
        const p = row + (<usize>j << 2);
        const z = load<f32>(p) + load<f32>(bias + (<usize>j << 2));
        store<f32>(p, act === TANH ? tanhf(z) : sigmoidf(z));
      }
    }
    for (let j = max(real, j0); j < j1; j++) store<f32>(row + (<usize>j << 2), 0);
  }
}

/** Logistic function, stable for large |z|. */
// @ts-ignore: decorator
@inline function sigmoidf(z: f32): f32 {
  if (z >= 0) return <f32>(1.0 / (1.0 + Math.exp(-<f64>z)));
  const e = Math.exp(<f64>z);
  return <f32>(e / (1.0 + e));
}

// @ts-ignore: decorator
@inline function tanhf(z: f32): f32 {
  return <f32>Math.tanh(<f64>z);
}

/** Counter-based hash (no state): the same (seed, index) gives the same value on any thread. */
// @ts-ignore: decorator
@inline function hash(x: u32): u32 {
  x ^= x >>> 16;
  x *= 0x7feb352d;
  x ^= x >>> 15;
  x *= 0x846ca68b;
  x ^= x >>> 16;
  return x;
}

/**
 * Inverted dropout: mask = (u ≥ p) / (1 − p) with u uniform in [0, 1) from (seed, r·ld + j);
 * d = y · mask. Pads stay 0.
 */
export function dropout(y: usize, d: usize, mask: usize, ld: i32, r0: i32, r1: i32, j0: i32, j1: i32, n: i32, p: f32, scale: f32, seed: u32): void {
  const real = min(j1, n);
  for (let r = r0; r < r1; r++) {
    const base = <usize>r * ld;
    for (let j = j0; j < j1; j++) {
      const o = (base + j) << 2;
      let m: f32 = 0;
      if (j < real) {
        const u = <f32>(hash(seed ^ hash(<u32>(base + j) * 0x9e3779b9)) >>> 8) * (1.0 / 16777216.0);
        m = u >= p ? scale : 0;
      }
      store<f32>(mask + o, m);
      store<f32>(d + o, load<f32>(y + o) * m);
    }
  }
}

/** dz = dz · act'(y) [· mask] in place, for columns j0 … j1 (y is the activation output). */
export function activationGrad(dz: usize, y: usize, mask: usize, ld: i32, r0: i32, r1: i32, j0: i32, j1: i32, act: i32): void {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  for (let r = r0; r < r1; r++) {
    const off = (<usize>r * ld) << 2;
    for (let j = j0; j < j1; j += 4) {
      const o = off + (<usize>j << 2);
      let g = v128.load(dz + o);
      const a = v128.load(y + o);
      if (act === RELU) g = v128.and(g, f32x4.gt(a, zero));
      else if (act === TANH) g = f32x4.mul(g, f32x4.sub(one, f32x4.mul(a, a)));
      else if (act === SIGMOID) g = f32x4.mul(g, f32x4.mul(a, f32x4.sub(one, a)));
      if (mask !== 0) g = f32x4.mul(g, v128.load(mask + o));
      v128.store(dz + o, g);
    }
  }
}

/** out[j] = Σ_r m[r, j] for columns j0 … j1 (multiples of 4), rows 0 … rows in order. */
export function columnSums(m: usize, ld: i32, rows: i32, out: usize, j0: i32, j1: i32): void {
  for (let j = j0; j < j1; j += 4) {
    let acc = f32x4.splat(0);
    let p = m + (<usize>j << 2);
    const stride = <usize>ld << 2;
    for (let r = 0; r < rows; r++) {
      acc = f32x4.add(acc, v128.load(p));
      p += stride;
    }
    v128.store(out + (<usize>j << 2), acc);
  }
}

/** dst[j, i] = src[i, j] for rows i0 … i1 of src ([rows, cols] with leading dims lds, ldd). */
export function transposeRows(src: usize, lds: i32, dst: usize, ldd: i32, i0: i32, i1: i32, cols: i32): void {
  for (let i = i0; i < i1; i++) {
    const s = src + ((<usize>i * lds) << 2);
    const d = dst + (<usize>i << 2);
    for (let j = 0; j < cols; j++) store<f32>(d + ((<usize>j * ldd) << 2), load<f32>(s + (<usize>j << 2)));
  }
}

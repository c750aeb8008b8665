// Dense matrix products for the training step: C[i0:i1, j0:j1] = A · B over the whole inner
// dimension K, with row-major B (leading dimension ldb) and C (ldc). A is read through strides, so
// the same kernel computes A·B (ars = lda, acs = 1) and Aᵀ·B (ars = 1, acs = lda) without a copy.
// Columns are processed in blocks of 8 (j0, j1 multiples of 8); rows in blocks of 4, then singly.
//
// Every C element is one accumulation over k = 0 … K−1 in order, whatever the tiling, so splitting
// the rows or columns between threads gives bit-identical results.

// @ts-ignore: decorator
@inline function madd(acc: v128, a: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

// @ts-ignore: decorator
@inline function tile4x8(a: usize, ars: usize, acs: usize, b: usize, ldb: usize, c: usize, ldc: usize, K: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const r = ars << 2;
  const sa = acs << 2;
  const sb = ldb << 2;
  let pa = a;
  let pb = b;
  for (let k = 0; k < K; k++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let x = v128.load32_splat(pa);
    c00 = madd(c00, x, b0);
    c01 = madd(c01, x, b1);
    x = v128.load32_splat(pa + r);
    c10 = madd(c10, x, b0);
    c11 = madd(c11, x, b1);
    x = v128.load32_splat(pa + 2 * r);
    c20 = madd(c20, x, b0);
    c21 = madd(c21, x, b1);
    x = v128.load32_splat(pa + 3 * r);
    c30 = madd(c30, x, b0);
    c31 = madd(c31, x, b1);
    pa += sa;
    pb += sb;
  }
  const lc = ldc << 2;
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c + lc, c10);
  v128.store(c + lc, c11, 16);
  v128.store(c + 2 * lc, c20);
  v128.store(c + 2 * lc, c21, 16);
  v128.store(c + 3 * lc, c30);
  v128.store(c + 3 * lc, c31, 16);
}

// @ts-ignore: decorator
@inline function tile1x8(a: usize, acs: usize, b: usize, ldb: usize, c: usize, K: i32): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
  const sa = acs << 2;
  const sb = ldb << 2;
  let pa = a;
  let pb = b;
  for (let k = 0; k < K; k++) {
    const x = v128.load32_splat(pa);
    c0 = madd(c0, x, v128.load(pb));
    c1 = madd(c1, x, v128.load(pb, 16));
    pa += sa;
    pb += sb;
  }
  v128.store(c, c0);
  v128.store(c, c1, 16);
}

/** C[i0:i1, j0:j1] = A[i0:i1, :] · B[:, j0:j1] (see the file comment for the strides). */
export function gemm(
  a: usize, ars: usize, acs: usize,
  b: usize, ldb: usize,
  c: usize, ldc: usize,
  i0: i32, i1: i32, j0: i32, j1: i32, K: i32,
): void {
  const rows4 = i0 + ((i1 - i0) & ~3);
  for (let j = j0; j < j1; j += 8) {
    const bj = b + (<usize>j << 2);
    let i = i0;
    for (; i < rows4; i += 4) {
      tile4x8(a + ((<usize>i * ars) << 2), ars, acs, bj, ldb, c + ((<usize>i * ldc + j) << 2), ldc, K);
    }
    for (; i < i1; i++) {
      tile1x8(a + ((<usize>i * ars) << 2), acs, bj, ldb, c + ((<usize>i * ldc + j) << 2), K);
    }
  }
}

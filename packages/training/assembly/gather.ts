// Builds the batch input in the engine: rows of pixel bytes (picked by index) become floats, either
// x/255 (SIMD) or through a 256-entry table — the same numbers `batchArrays` of @mnist-kit/datasets
// writes (its table holds fround(v/255), which equals the float division).

export const GATHER_NONE = 0;
export const GATHER_UNIT = 1;
export const GATHER_TABLE = 2;

/** x[r, :] = scale(images[order[r], :]) and labels[r] = labelBytes[order[r]] for rows r0 … r1. */
export function gatherRows(
  images: usize, labelBytes: usize, order: usize, pixels: i32,
  x: usize, labels: usize, r0: i32, r1: i32, mode: i32, table: usize,
): void {
  const d255 = f32x4.splat(255);
  for (let r = r0; r < r1; r++) {
    const row = <usize>load<i32>(order + (<usize>r << 2));
    store<i32>(labels + (<usize>r << 2), <i32>load<u8>(labelBytes + row));
    const src = images + row * <usize>pixels;
    const dst = x + ((<usize>r * pixels) << 2);
    let i = 0;
    if (mode === GATHER_UNIT) {
      for (; i + 16 <= pixels; i += 16) {
        const bytes = v128.load(src + <usize>i);
        const lo = i16x8.extend_low_i8x16_u(bytes);
        const hi = i16x8.extend_high_i8x16_u(bytes);
        const o = dst + (<usize>i << 2);
        v128.store(o, f32x4.div(f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(lo)), d255));
        v128.store(o, f32x4.div(f32x4.convert_i32x4_u(i32x4.extend_high_i16x8_u(lo)), d255), 16);
        v128.store(o, f32x4.div(f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(hi)), d255), 32);
        v128.store(o, f32x4.div(f32x4.convert_i32x4_u(i32x4.extend_high_i16x8_u(hi)), d255), 48);
      }
      for (; i < pixels; i++) store<f32>(dst + (<usize>i << 2), <f32>load<u8>(src + <usize>i) / 255.0);
    } else {
      for (; i < pixels; i++) store<f32>(dst + (<usize>i << 2), load<f32>(table + (<usize>load<u8>(src + <usize>i) << 2)));
    }
  }
}

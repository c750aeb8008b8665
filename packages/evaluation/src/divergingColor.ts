/** The diverging map's stops (ColorBrewer RdBu, reversed), at −1, −0.5, 0, 0.5 and 1. */
const STOPS: readonly (readonly [number, number, number])[] = [
  [33, 102, 172],
  [103, 169, 207],
  [247, 247, 247],
  [239, 138, 98],
  [178, 24, 43],
];

/**
 * The colour of `t` on a diverging colour map (ColorBrewer RdBu, reversed): blue for −1, near-white for 0, red
 * for +1, linear between its five stops — the map the CLI's report and the web demo paint weights and activations
 * with, each value divided by the largest |value| first.
 *
 * @param t - A value in [−1, 1]; values outside are clamped, and NaN is taken as 0.
 * @returns The colour as `[r, g, b]` bytes (0 … 255).
 */
export function divergingColor(t: number): [number, number, number] {
  const x = ((Number.isNaN(t) ? 0 : Math.max(-1, Math.min(1, t))) + 1) * 2; // 0 … 4
  const i = Math.min(3, Math.floor(x));
  const f = x - i;
  const a = STOPS[i]!;
  const b = STOPS[i + 1]!;
  return [
    Math.round(a[0] + (b[0] - a[0]) * f),
    Math.round(a[1] + (b[1] - a[1]) * f),
    Math.round(a[2] + (b[2] - a[2]) * f),
  ];
}

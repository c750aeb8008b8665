// Softmax cross-entropy with its gradient and the argmax-correct count, from logits [Bp, ld]
// (classes real columns, `rows` real rows; the rest is padding).

/**
 * Writes dz = (softmax − target)/rows (pads 0), and at `result` the mean loss (f32) and the number
 * of rows whose argmax equals the label (i32, at result + 4). Targets are (1 − ε)·onehot + ε/C.
 */
export function softmaxCrossEntropy(
  logits: usize, ld: i32, classes: i32, labels: usize, rows: i32, paddedRows: i32,
  smoothing: f64, dz: usize, result: usize,
): void {
  const off = smoothing / <f64>classes;
  const on = 1.0 - smoothing;
  const inv = 1.0 / <f64>rows;
  let loss: f64 = 0;
  let correct: i32 = 0;
  for (let r = 0; r < rows; r++) {
    const x = logits + ((<usize>r * ld) << 2);
    const g = dz + ((<usize>r * ld) << 2);
    let best = -Infinity;
    let argmax = 0;
    for (let c = 0; c < classes; c++) {
      const v = <f64>load<f32>(x + (<usize>c << 2));
      if (v > best) {
        best = v;
        argmax = c;
      }
    }
    let sum: f64 = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(<f64>load<f32>(x + (<usize>c << 2)) - best);
    const logSum = Math.log(sum);
    const label = load<i32>(labels + (<usize>r << 2));
    if (label === argmax) correct++;
    for (let c = 0; c < classes; c++) {
      const target = on * (c === label ? 1.0 : 0.0) + off;
      const logp = <f64>load<f32>(x + (<usize>c << 2)) - best - logSum;
      loss -= target * logp;
      store<f32>(g + (<usize>c << 2), <f32>((Math.exp(logp) - target) * inv));
    }
    for (let c = classes; c < ld; c++) store<f32>(g + (<usize>c << 2), 0);
  }
  for (let r = rows; r < paddedRows; r++) {
    const g = dz + ((<usize>r * ld) << 2);
    for (let c = 0; c < ld; c++) store<f32>(g + (<usize>c << 2), 0);
  }
  store<f32>(result, <f32>(loss * inv));
  store<i32>(result, correct, 4);
}

// Parameter updates over the flat range [i0, i1) (multiples of 4) of parameters p, gradients g and
// slots, with the same formulas as the op path (`adam.ts`, `sgd.ts`).

/**
 * Adam with scaled moments M = m/(1 − β1), V = v/(1 − β2):
 * g ← g + l2·p;  M ← β1·M + g;  V ← β2·V + g²;  p ← p·decay − k·M/(sqrt(V) + eps).
 */
export function adam(p: usize, g: usize, m: usize, v: usize, i0: i32, i1: i32,
  beta1: f32, beta2: f32, k: f32, eps: f32, l2: f32, decay: f32): void {
  const b1 = f32x4.splat(beta1), b2 = f32x4.splat(beta2), kk = f32x4.splat(k);
  const e = f32x4.splat(eps), wd = f32x4.splat(l2), dc = f32x4.splat(decay);
  for (let i = i0; i < i1; i += 4) {
    const o = <usize>i << 2;
    const pi = v128.load(p + o);
    let gi = v128.load(g + o);
    if (l2 !== 0) gi = f32x4.add(gi, f32x4.mul(wd, pi));
    const mi = f32x4.add(f32x4.mul(b1, v128.load(m + o)), gi);
    const vi = f32x4.add(f32x4.mul(b2, v128.load(v + o)), f32x4.mul(gi, gi));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    const step = f32x4.div(f32x4.mul(kk, mi), f32x4.add(f32x4.sqrt(vi), e));
    v128.store(p + o, f32x4.sub(decay === 1 ? pi : f32x4.mul(pi, dc), step));
  }
}

/**
 * SGD: g ← g + wd·p; with momentum: buf ← first ? g : momentum·buf + (1 − dampening)·g,
 * d ← nesterov ? g + momentum·buf : buf; p ← p − lr·d.
 */
export function sgd(p: usize, g: usize, buf: usize, i0: i32, i1: i32,
  lr: f32, momentum: f32, oneMinusDampening: f32, wd: f32, nesterov: bool, first: bool): void {
  const l = f32x4.splat(lr), mo = f32x4.splat(momentum), dm = f32x4.splat(oneMinusDampening), w = f32x4.splat(wd);
  for (let i = i0; i < i1; i += 4) {
    const o = <usize>i << 2;
    const pi = v128.load(p + o);
    let gi = v128.load(g + o);
    if (wd !== 0) gi = f32x4.add(gi, f32x4.mul(w, pi));
    let d = gi;
    if (momentum !== 0) {
      const next = first ? gi : f32x4.add(f32x4.mul(v128.load(buf + o), mo), oneMinusDampening === 1 ? gi : f32x4.mul(gi, dm));
      v128.store(buf + o, next);
      d = nesterov ? f32x4.add(gi, f32x4.mul(next, mo)) : next;
    }
    v128.store(p + o, f32x4.sub(pi, f32x4.mul(d, l)));
  }
}

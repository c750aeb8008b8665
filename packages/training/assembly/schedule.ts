// Work sharing for the threads of one training step. A step is a fixed sequence of phases (one per
// layer forward, the loss, one per layer backward, the update); each phase is cut into chunks that
// any thread may claim. A thread that is late — or never scheduled, on a busy machine — simply
// claims nothing: the others do its share, so a step never waits for a thread that is not running.
// Every chunk computes the same numbers whichever thread runs it, so the results do not depend on
// the number of threads.
//
// Per phase, one 64-byte line: word 0 the claim counter, tagged with the step's generation in the
// high 16 bits (so that a thread still in an earlier step cannot claim a chunk of this one), word 1
// the number of chunks done.

const LINE: usize = 64;
/** Spins before a thread that may block naps. */
const SPINS = 4000;
/** A nap (ns): short, since the chunk being waited for is short. */
const NAP_NS: i64 = 50_000;

// @ts-ignore: decorator
@inline function tag(generation: i32): i32 {
  return (generation & 0x7fff) << 16;
}

/** Resets the phase lines for a new step of generation `generation` (called once, before the threads start it). */
export function resetPhases(phases: usize, count: i32, generation: i32): void {
  for (let p = 0; p < count; p++) {
    const line = phases + <usize>p * LINE;
    atomic.store<i32>(line, tag(generation));
    atomic.store<i32>(line, 0, 4);
  }
}

/**
 * Claims the next chunk of phase `p` of step `generation`: its index, or −1 when the phase has no
 * chunk left or the step is no longer `generation`.
 */
export function claim(phases: usize, p: i32, chunks: i32, generation: i32): i32 {
  const line = phases + <usize>p * LINE;
  const mine = tag(generation);
  for (;;) {
    const old = atomic.load<i32>(line);
    if ((old & 0xffff0000) !== mine) return -1;
    const index = old & 0xffff;
    if (index >= chunks) return -1;
    if (atomic.cmpxchg<i32>(line, old, old + 1) === old) return index;
  }
  return -1; // unreachable
}

/** Records one finished chunk of phase `p`. */
export function finish(phases: usize, p: i32): void {
  atomic.add<i32>(phases + <usize>p * LINE, 1, 4);
}

/**
 * Waits until all `chunks` chunks of phase `p` are done; false if the step moved on meanwhile
 * (the caller was late and must leave). `current` is where the step's generation is stored.
 */
export function awaitPhase(phases: usize, p: i32, chunks: i32, current: usize, generation: i32, canWait: bool): bool {
  const line = phases + <usize>p * LINE;
  let spins = 0;
  for (;;) {
    const done = atomic.load<i32>(line, 4);
    if (atomic.load<i32>(current) !== generation) return false;
    if (done >= chunks) return true;
    if (canWait && ++spins > SPINS) atomic.wait<i32>(line + 4, done, NAP_NS);
  }
  return false; // unreachable
}

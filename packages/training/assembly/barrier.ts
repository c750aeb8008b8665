// A barrier for the threads of one training step. A step's phases take microseconds, so a thread
// first spins; if the others are late (the machine is busy and a thread lost its core), it sleeps
// in `memory.atomic.wait32` so that the late thread can run — where the thread may block at all
// (not on a browser's main thread). Three i32 words at `at`: arrivals, generation, sleepers.

/** Spins before sleeping: ≈ 50–100 µs. */
const SPINS = 10000;
/** A sleeper re-checks at least this often (ns), in case a wake-up is missed. */
const NAP_NS: i64 = 1_000_000;

/** Returns when all `threads` threads have called it (with the same `at`). */
export function barrier(at: usize, threads: i32, canWait: bool): void {
  if (threads <= 1) return;
  const generation = atomic.load<i32>(at, 4);
  if (atomic.add<i32>(at, 1) === threads - 1) {
    atomic.store<i32>(at, 0);
    atomic.store<i32>(at, generation + 1, 4);
    if (atomic.load<i32>(at, 8) > 0) atomic.notify(at + 4, threads);
    return;
  }
  let spins = 0;
  while (atomic.load<i32>(at, 4) === generation) {
    if (canWait && ++spins > SPINS) {
      atomic.add<i32>(at, 1, 8);
      atomic.wait<i32>(at + 4, generation, NAP_NS);
      atomic.sub<i32>(at, 1, 8);
    }
  }
}

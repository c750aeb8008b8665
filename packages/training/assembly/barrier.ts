// A spinning barrier for the threads of one training step (a step's phases take microseconds, so
// sleeping would cost more than it saves). Two i32 words at `at`: arrivals, generation.

/** Returns when all `threads` threads have called it (with the same `at`). */
export function barrier(at: usize, threads: i32): void {
  if (threads <= 1) return;
  const generation = atomic.load<i32>(at, 4);
  if (atomic.add<i32>(at, 1) === threads - 1) {
    atomic.store<i32>(at, 0);
    atomic.store<i32>(at, generation + 1, 4);
  } else {
    while (atomic.load<i32>(at, 4) === generation) {}
  }
}

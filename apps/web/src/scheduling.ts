let channel: MessageChannel | undefined;
const waiting: Array<() => void> = [];

/**
 * Resolves in a new macrotask: `setImmediate` in Node, else a `MessageChannel` message (no 4 ms clamp,
 * not throttled like timers in a hidden tab).
 */
export function macrotask(): Promise<void> {
  const g = globalThis as { setImmediate?: (callback: () => void) => unknown };
  if (typeof g.setImmediate === 'function') return new Promise((resolve) => g.setImmediate!(resolve));
  if (typeof MessageChannel !== 'function') return new Promise((resolve) => setTimeout(resolve, 0));
  if (channel === undefined) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  const port = channel.port2;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port.postMessage(0);
  });
}

/**
 * Resolves once the browser had the chance to paint a frame (after the next animation frame), so
 * charts and the drawing canvas update while the main thread trains. In a hidden tab, where no frames
 * come, or without a DOM, it is just a macrotask; `fallbackMs` bounds the wait in any case.
 */
export function yieldToRenderer(fallbackMs = 100): Promise<void> {
  const hidden = typeof document === 'undefined' || document.hidden;
  if (hidden || typeof requestAnimationFrame !== 'function') return macrotask();
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(finish, fallbackMs);
    requestAnimationFrame(() => setTimeout(finish, 0));
  });
}

/** Calls `yielder` when more than `everyMs` passed since it last returned: cheap to call every step. */
export function createThrottledYield(
  everyMs: number,
  yielder: () => Promise<void> = yieldToRenderer,
  now: () => number = () => performance.now(),
): () => Promise<void> | undefined {
  let last = now();
  return () => {
    if (now() - last < everyMs) return undefined;
    return yielder().then(() => {
      last = now();
    });
  };
}

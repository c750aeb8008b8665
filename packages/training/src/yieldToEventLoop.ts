type Scheduler = { yield?: () => Promise<void> };

let channel: MessageChannel | undefined;
const waiting: Array<() => void> = [];

/**
 * Lets timers, I/O, abort signals and UI run: `setImmediate` in Node, `scheduler.yield()` or a
 * `MessageChannel` message in browsers (not `setTimeout(0)`, which browsers clamp to 4 ms).
 */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as typeof globalThis & { scheduler?: Scheduler };
  if (typeof g.setImmediate === 'function') return new Promise((resolve) => g.setImmediate(resolve));
  if (typeof g.scheduler?.yield === 'function') return g.scheduler.yield();
  if (typeof MessageChannel === 'function') {
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
  return new Promise((resolve) => setTimeout(resolve, 0));
}

import { yieldToEventLoop } from '@mnist-kit/training';

/**
 * Resolves once the browser had the chance to paint a frame (after the next animation frame), so
 * charts and the drawing canvas update while the main thread trains. In a hidden tab, where no frames
 * come, or without a DOM, it is `yieldToEventLoop` from @mnist-kit/training; `fallbackMs` bounds the wait in any case.
 */
export function yieldToRenderer(fallbackMs = 100): Promise<void> {
  const hidden = typeof document === 'undefined' || document.hidden;
  if (hidden || typeof requestAnimationFrame !== 'function') return yieldToEventLoop();
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

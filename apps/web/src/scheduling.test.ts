import { yieldToEventLoop } from '@mnist-kit/training';
import { describe, expect, it, vi } from 'vitest';
import { createThrottledYield, yieldToRenderer } from './scheduling';

describe('createThrottledYield', () => {
  it('yields only after the interval passed', async () => {
    let t = 0;
    const yielder = vi.fn(async () => {});
    const maybeYield = createThrottledYield(100, yielder, () => t);
    expect(maybeYield()).toBeUndefined();
    t = 50;
    expect(maybeYield()).toBeUndefined();
    t = 120;
    await maybeYield();
    expect(yielder).toHaveBeenCalledTimes(1);
    t = 150;
    expect(maybeYield()).toBeUndefined();
  });
});

describe('yieldToEventLoop / yieldToRenderer', () => {
  it('resolve in Node without a DOM, after the timers and I/O already queued', async () => {
    for (const yielder of [yieldToEventLoop, yieldToRenderer]) {
      const order: string[] = [];
      // A macrotask queued first runs before the yield resolves: the yield really gives the event loop a turn.
      setTimeout(() => order.push('timer'), 0);
      setImmediate(() => order.push('immediate'));
      await new Promise((r) => setTimeout(r, 2)); // let the 0 ms timer become due
      setImmediate(() => order.push('queued before the yield'));
      await yielder();
      order.push('after the yield');
      expect(order).toContain('timer');
      expect(order.slice(-2)).toEqual(['queued before the yield', 'after the yield']);
    }
  });
});

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
  it('resolve in Node without a DOM', async () => {
    await yieldToEventLoop();
    await yieldToRenderer();
  });
});

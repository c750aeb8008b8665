import { describe, expect, it } from 'vitest';
import { yieldToEventLoop } from './yieldToEventLoop';

describe('yieldToEventLoop', () => {
  it('resolves after callbacks already queued on the event loop have run', async () => {
    const ran: string[] = [];
    setImmediate(() => ran.push('immediate'));
    await yieldToEventLoop();
    expect(ran).toEqual(['immediate']);
  });
});

import { describe, expect, it } from 'vitest';
import { wasmThreadsNote } from './wasmThreadsNote';

describe('wasmThreadsNote', () => {
  it('explains the single thread only when the page is not isolated', () => {
    expect(wasmThreadsNote(true)).toBeUndefined();
    expect(wasmThreadsNote(false)).toMatch(/single-threaded: the page is not cross-origin isolated/);
  });
});

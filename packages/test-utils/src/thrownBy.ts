/** What `fn` throws, or `undefined` when it returns: for assertions on the error's class and fields. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

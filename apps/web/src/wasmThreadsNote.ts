/** The wasm backend runs one thread unless the page is cross-origin isolated: what the page says about it. */
export function wasmThreadsNote(isolated: boolean): string | undefined {
  return isolated
    ? undefined
    : 'wasm runs single-threaded: the page is not cross-origin isolated (needs COOP: same-origin and COEP: require-corp)';
}

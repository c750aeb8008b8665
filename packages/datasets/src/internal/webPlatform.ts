import type { DatasetPlatform } from './DatasetPlatform';

/**
 * The web-platform {@link DatasetPlatform}: `DecompressionStream` and `crypto.subtle` (no MD5 there),
 * so it runs in browsers, workers and Node alike. `crypto.subtle` is looked up on every call: it is
 * missing on insecure pages, and then no checksum is computed.
 */
export const webPlatform: DatasetPlatform = {
  async gunzip(bytes) {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  },
  async sha256(bytes) {
    const subtle = globalThis.crypto?.subtle;
    if (subtle === undefined) return undefined;
    const digest = new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
    return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  },
};

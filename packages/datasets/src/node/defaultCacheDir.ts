import envPaths from 'env-paths';

/**
 * The cache folder used when no `cacheDir` is given: `$MNIST_KIT_CACHE` when set, else the
 * platform cache folder (`$XDG_CACHE_HOME/mnist-kit` or `~/.cache/mnist-kit` on Linux,
 * `~/Library/Caches/mnist-kit` on macOS, `%LOCALAPPDATA%\mnist-kit\Cache` on Windows).
 */
export function defaultCacheDir(): string {
  const fromEnv = process.env.MNIST_KIT_CACHE;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return envPaths('mnist-kit', { suffix: '' }).cache;
}

/** `cacheDir` when given, else {@link defaultCacheDir}. */
export function resolveCacheDir(cacheDir?: string): string {
  return cacheDir ?? defaultCacheDir();
}

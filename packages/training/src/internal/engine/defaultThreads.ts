/** The logical cores this runtime reports (`navigator.hardwareConcurrency`, Node's `os.availableParallelism()`), else 1. */
export function defaultThreads(): number {
  const fromNavigator = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  if (Number.isInteger(fromNavigator) && fromNavigator! > 0) return fromNavigator!;
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const os = proc?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
  const fromOs = os?.availableParallelism?.();
  return Number.isInteger(fromOs) && fromOs! > 0 ? fromOs! : 1;
}

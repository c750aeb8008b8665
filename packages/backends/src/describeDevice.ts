import type { BackendDevice } from './types';

/** One phrase for a device, e.g. `GPU: google swiftshader (software)` or `2 threads`. */
export function describeDevice(device: BackendDevice): string {
  if (device.kind === 'cpu') {
    const parts = [
      device.description,
      device.threads === undefined ? undefined : `${device.threads} thread${device.threads === 1 ? '' : 's'}`,
    ];
    return parts.filter(Boolean).join(', ');
  }
  const name = [device.vendor, device.architecture, device.device].filter(Boolean).join(' ') || 'unknown adapter';
  const extra = [
    device.description && device.description !== name ? device.description : undefined,
    device.software ? 'software' : undefined,
    device.cuda === false ? 'no CUDA GPU found' : undefined,
  ];
  const notes = extra.filter(Boolean).join(', ');
  return `GPU: ${name}${notes ? ` (${notes})` : ''}`;
}

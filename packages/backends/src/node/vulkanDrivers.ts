import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * On Linux, Dawn reaches the GPU through the Vulkan loader, which finds drivers (ICDs) from
 * `VK_DRIVER_FILES` / `VK_ICD_FILENAMES` or from JSON manifests in the standard folders. With none,
 * Dawn would only print loader warnings on stderr and find no adapter; this says so up front, without
 * loading Dawn. Elsewhere (Metal, D3D12) there is nothing to check: `undefined`.
 */
export function missingVulkanDriver(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string | undefined {
  if (platform !== 'linux') return undefined;
  const listed = (env.VK_DRIVER_FILES ?? env.VK_ICD_FILENAMES ?? '').split(':').filter(Boolean);
  if (listed.length > 0) {
    return listed.some((file) => existsSync(file))
      ? undefined
      : `no Vulkan driver: VK_ICD_FILENAMES/VK_DRIVER_FILES names no existing file (${listed.join(', ')})`;
  }
  const dataDirs = (env.XDG_DATA_DIRS ?? '/usr/local/share:/usr/share').split(':').filter(Boolean);
  const folders = ['/etc/vulkan/icd.d', ...dataDirs.map((d) => join(d, 'vulkan', 'icd.d'))];
  if (env.XDG_DATA_HOME ?? env.HOME)
    folders.push(join(env.XDG_DATA_HOME ?? join(env.HOME!, '.local/share'), 'vulkan', 'icd.d'));
  const found = folders.some((folder) => {
    try {
      return readdirSync(folder).some((f) => f.endsWith('.json'));
    } catch {
      return false;
    }
  });
  return found
    ? undefined
    : "no Vulkan driver installed (no ICD manifest in /usr/share/vulkan/icd.d or VK_ICD_FILENAMES) — install your GPU vendor's Vulkan driver";
}

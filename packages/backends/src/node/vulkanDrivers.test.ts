import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingVulkanDriver } from './vulkanDrivers';

describe('missingVulkanDriver', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vk-'));
  it('finds a driver named by VK_ICD_FILENAMES, or says the file is missing', () => {
    const file = join(dir, 'driver.json');
    writeFileSync(file, '{}');
    expect(missingVulkanDriver({ VK_ICD_FILENAMES: file }, 'linux')).toBeUndefined();
    expect(missingVulkanDriver({ VK_ICD_FILENAMES: join(dir, 'nope.json') }, 'linux')).toMatch(
      /names no existing file/,
    );
  });
  it('looks in the standard manifest folders, and checks nothing off Linux', () => {
    expect(missingVulkanDriver({ XDG_DATA_DIRS: dir, HOME: dir }, 'linux')).toMatch(/no Vulkan driver installed/);
    mkdirSync(join(dir, 'vulkan', 'icd.d'), { recursive: true });
    writeFileSync(join(dir, 'vulkan', 'icd.d', 'gpu.json'), '{}');
    expect(missingVulkanDriver({ XDG_DATA_DIRS: dir, HOME: dir }, 'linux')).toBeUndefined();
    expect(missingVulkanDriver({}, 'darwin')).toBeUndefined();
  });
});

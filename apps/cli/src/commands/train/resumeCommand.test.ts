import { describe, expect, it } from 'vitest';
import { resumeCommand } from './resumeCommand.js';

describe('resumeCommand', () => {
  it('is the pnpm script when the user ran it', () => {
    const env = {
      npm_lifecycle_event: 'start',
      npm_package_name: '@mnist-kit/cli',
      npm_package_json: '/repo/apps/cli/package.json',
      INIT_CWD: '/repo',
    };
    expect(resumeCommand('/runs/a', env, '/repo/apps/cli/dist/cli.js', '/repo/apps/cli')).toBe(
      'pnpm --silent -C apps/cli start train --resume /runs/a',
    );
  });
  it('is the bin when the user ran mnist-kit', () => {
    expect(resumeCommand('/runs/a', {}, '/usr/local/bin/mnist-kit', '/home/me')).toBe(
      'mnist-kit train --resume /runs/a',
    );
  });
  it("is node with the script's path otherwise, quoted for the shell", () => {
    expect(resumeCommand("/runs/it's here", {}, '/repo/apps/cli/dist/cli.js', '/repo')).toBe(
      "node apps/cli/dist/cli.js train --resume '/runs/it'\\''s here'",
    );
    expect(resumeCommand('/runs/a', {}, '/opt/cli.js', '/home/me')).toBe('node /opt/cli.js train --resume /runs/a');
  });
});

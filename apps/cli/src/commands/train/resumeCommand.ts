import { basename, dirname, relative } from 'node:path';

/** `value` quoted for a POSIX shell when it needs it. */
function quote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command that resumes the run in `outDir`, in the form the user started this one: the pnpm script
 * (as the README gives it: `pnpm --silent -C apps/cli start …`, from where the user typed it), the
 * `mnist-kit` bin, or `node path/to/cli.js` — so it works verbatim.
 */
export function resumeCommand(
  outDir: string,
  env: NodeJS.ProcessEnv = process.env,
  script: string = process.argv[1] ?? 'cli.js',
  cwd: string = process.cwd(),
): string {
  const args = `train --resume ${quote(outDir)}`;
  if (env.npm_lifecycle_event === 'start' && env.npm_package_name === '@mnist-kit/cli') {
    // pnpm runs the script in the package folder; the user typed the command in INIT_CWD.
    const from = env.INIT_CWD ?? cwd;
    const pkg = env.npm_package_json === undefined ? undefined : dirname(env.npm_package_json);
    const target = pkg === undefined ? 'apps/cli' : relative(from, pkg) || '.';
    return `pnpm --silent -C ${quote(target)} start ${args}`;
  }
  if (basename(script) === 'mnist-kit' || basename(script) === 'mnist-kit.cmd') return `mnist-kit ${args}`;
  const path = relative(cwd, script);
  return `node ${quote(path === '' || path.startsWith('..') ? script : path)} ${args}`;
}

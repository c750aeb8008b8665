// Extracts the README examples marked `<!-- pack-test: run|check <file>.ts -->` from the installed
// (published) @mnist-kit packages into readme/, and lists the ones to run in readme/run.txt.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const marked = /<!-- pack-test: (run|check) ([\w.-]+\.ts) -->\s*```ts\n([\s\S]*?)\n```/g;
const seen = new Set();
const run = [];
mkdirSync('readme', { recursive: true });
for (const name of readdirSync('node_modules/@mnist-kit')) {
  const readme = readFileSync(join('node_modules/@mnist-kit', name, 'README.md'), 'utf8');
  for (const [, mode, file, code] of readme.matchAll(marked)) {
    if (seen.has(file)) throw new Error(`two README examples are named ${file}`);
    seen.add(file);
    writeFileSync(join('readme', file), `${code}\n`);
    if (mode === 'run') run.push(file.replace(/\.ts$/, '.js'));
    console.log(`   @mnist-kit/${name}: ${mode} ${file}`);
  }
}
if (run.length === 0) throw new Error('no README example marked <!-- pack-test: run … -->');
writeFileSync(join('readme', 'run.txt'), `${run.join('\n')}\n`);

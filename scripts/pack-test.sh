#!/usr/bin/env bash
# Out-of-workspace test of the published packages: `pnpm pack` each package under packages/, install the
# tarballs with plain npm into a fresh project outside the repo (tfjs-core, backends, TypeScript and Vite
# from the registry), then, as a user would:
#   1. run an ESM script: load Fashion-MNIST from $DATA_DIR, train an MLP one epoch on 5,000 images,
#      evaluate (accuracy > 0.6), save/load with @mnist-kit/models' Node entry (and check that the deprecated
#      @mnist-kit/models/node still resolves); and require() them from CJS;
#   2. type-check a TypeScript file using the same API under moduleResolution nodenext and bundler, and a
#      browser file with customConditions ["browser"], the DOM lib and no Node types;
#   3. compile the README examples marked `<!-- pack-test: run|check <file>.ts -->` (taken from the
#      installed READMEs) and run the `run` ones;
#   4. build a browser app with Vite and check that no Node built-in leaked into the bundle.
# Fixtures live in test/pack/. Usage: bash scripts/pack-test.sh  (KEEP_TMP=1 keeps the temp project).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
export DATA_DIR=${DATA_DIR:-/usr/share/datasets/fashion-mnist}

start=$SECONDS
step() { printf '== %s (%ss)\n' "$1" "$((SECONDS - start))"; }
fail() {
  printf 'pack-test: %s\n' "$1" >&2
  exit 1
}

[[ -f $DATA_DIR/train-images-idx3-ubyte.gz || -f $DATA_DIR/train-images-idx3-ubyte ]] ||
  fail "no Fashion-MNIST in $DATA_DIR (apt-get install dataset-fashion-mnist, or set DATA_DIR)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mnist-kit-pack.XXXXXX")
if [[ ${KEEP_TMP:-} == 1 ]]; then echo "temp project: $tmp"; else trap 'rm -rf "$tmp"' EXIT; fi

# The versions this repo tests against, so the temp project matches the workspace.
version_of() {
  node -p "require(require.resolve('$1/package.json', { paths: ['$repo/packages/models', '$repo'] })).version"
}

step 'build'
pnpm turbo run build --filter='./packages/*' --output-logs=errors-only >/dev/null

step 'pack'
mkdir -p "$tmp/tarballs" "$tmp/project"
for dir in packages/*/; do
  [[ $(node -p "require('./${dir}package.json').private === true") == true ]] && continue
  (cd "$dir" && pnpm pack --pack-destination "$tmp/tarballs" >/dev/null)
done
tarballs=()
for t in "$tmp"/tarballs/*.tgz; do
  tarballs+=("$t")
  name=$(basename "$t")
  files=$(tar -tzf "$t")
  manifest=$(tar -xOzf "$t" package/package.json)
  grep -qx 'package/dist/index.d.ts' <<<"$files" || fail "$name: no dist/index.d.ts"
  grep -qx 'package/README.md' <<<"$files" || fail "$name: no README.md"
  if grep -E '\.test\.ts$|/test-utils/' <<<"$files"; then fail "$name ships test files (above)"; fi
  if grep -q '"workspace:' <<<"$manifest"; then fail "$name: package.json still has workspace: ranges"; fi
  printf '   %s: %s files, %s bytes\n' "$name" "$(wc -l <<<"$files")" "$(wc -c <"$t")"
done
((${#tarballs[@]} == 5)) || fail "expected 5 tarballs, got ${#tarballs[@]}"

step 'npm install (tarballs + registry)'
cp -R test/pack/. "$tmp/project/"
cd "$tmp/project"
printf '{ "name": "mnist-kit-pack-test", "private": true, "type": "module" }\n' >package.json
tfjs=$(version_of @tensorflow/tfjs-core)
# One npm install with every tarball: npm then satisfies training's and evaluation's dependency on
# @mnist-kit/datasets@^<version> with the local tarball instead of asking the registry.
npm install --no-audit --no-fund --loglevel=error --prefer-offline \
  "${tarballs[@]}" \
  "@tensorflow/tfjs-core@$tfjs" "@tensorflow/tfjs-backend-cpu@$tfjs" "@tensorflow/tfjs-backend-wasm@$tfjs" \
  "@tensorflow/tfjs@$tfjs" \
  "typescript@$(version_of typescript)" "@types/node@$(version_of @types/node)" "vite@$(version_of vite)"

# Each @mnist-kit package once and from its tarball; exactly one @tensorflow/tfjs-core.
node --input-type=commonjs - <<'JS' || fail 'install layout (above)'
const lock = require('./package-lock.json').packages;
const copies = (name) => Object.keys(lock).filter((p) => p === `node_modules/${name}` || p.endsWith(`/node_modules/${name}`));
const problems = [];
for (const name of ['backends', 'datasets', 'models', 'training', 'evaluation']) {
  const found = copies(`@mnist-kit/${name}`);
  if (found.length !== 1) problems.push(`@mnist-kit/${name}: ${found.length} copies (${found.join(', ')})`);
  for (const p of found) {
    if (!String(lock[p].resolved).startsWith('file:')) problems.push(`${p} came from ${lock[p].resolved}, not a tarball`);
  }
}
const core = copies('@tensorflow/tfjs-core');
if (core.length !== 1) problems.push(`@tensorflow/tfjs-core: ${core.length} copies (${core.join(', ')})`);
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
JS

step 'node: ESM run (train + evaluate), CommonJS require'
node run.mjs
node require.cjs

step 'tsc: nodenext, bundler, browser'
# skipLibCheck is off so that errors inside our .d.ts files count too. tfjs-core's own declarations need
# the DOM lib and the `Long` global even in Node (users set skipLibCheck), so their errors are ignored.
for config in nodenext bundler browser; do
  out=$(npx --no-install tsc -p "tsconfig.$config.json" 2>&1) || true
  ours=$(grep -E '^[^ ].*: error TS' <<<"$out" | grep -vE '^node_modules/(@tensorflow|@webgpu)/' || true)
  if [[ -n $ours || ($out != '' && $out != *': error TS'*) ]]; then
    echo "$out"
    fail "type check failed under tsconfig.$config.json"
  fi
  echo "   tsconfig.$config.json: ok ($(grep -c ': error TS' <<<"$out" || true) errors inside tfjs-core's own declarations ignored)"
done

step 'README examples'
node readme-examples.mjs
npx --no-install tsc -p tsconfig.readme.json || fail 'README examples do not type-check (above)'
mkdir -p readme-run
while read -r example; do
  echo "   node $example"
  (cd readme-run && timeout 120 node "../readme-out/$example" >"../readme-out/$example.log" 2>&1) || {
    cat "readme-out/$example.log"
    fail "README example $example failed"
  }
done <readme/run.txt

step 'vite: browser build'
npx --no-install vite build web --emptyOutDir --logLevel info >vite.log 2>&1 || {
  cat vite.log
  fail 'vite build failed'
}
if grep -i 'externalized for browser compatibility' vite.log; then fail 'vite externalized Node built-ins (above)'; fi
builtins='assert|buffer|child_process|crypto|events|fs|fs/promises|http|https|module|net|os|path|perf_hooks|process|stream|url|util|worker_threads|zlib'
leaks=$(grep -EoH "[\"'\`]node:[a-z_/]+[\"'\`]|require\([\"'\`]($builtins)[\"'\`]\)|from ?[\"'\`]($builtins)[\"'\`]|__vite-browser-external|MNIST_KIT_CACHE|env-paths" web/dist/assets/*.js | sort -u || true)
[[ -z $leaks ]] || {
  echo "$leaks"
  fail 'Node-only code in the browser bundle (above)'
}
printf '   bundle: %s bytes of JS, no Node built-ins\n' "$(cat web/dist/assets/*.js | wc -c)"

step 'pack test passed'

// CommonJS consumers: the packages are ESM-only; Node >= 20.19 loads them through require(esm).
const assert = require('node:assert/strict');

for (const name of ['datasets', 'models', 'training', 'evaluation']) {
  const mod = require(`@mnist-kit/${name}`);
  assert.equal(typeof mod.VERSION, 'string', `require('@mnist-kit/${name}') should load`);
}
assert.equal(typeof require('@mnist-kit/models').saveMlpToDir, 'function');
console.log('CommonJS require: ok');

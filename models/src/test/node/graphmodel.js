#!/usr/bin/env node
'use strict';
// Reference side of GraphModelParityIT: runs a TensorFlow.js graph model (tfjs-converter's GraphModel, CPU backend,
// pure JS) on a float32 NHWC input and writes its outputs, for the ONNX conversion to be fed the same input.
//   node graphmodel.js MODEL.json INPUT.bin N,H,W,C OUTDIR OUTPUT_NODE...
// The weights are read from the shard files model.json's weightsManifest names, beside it; each output is written
// as OUTDIR/<i>.bin (float32 LE), and OUTDIR/outputs.json lists the shapes.
const fs = require('node:fs');
const path = require('node:path');
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const tfconv = require('@tensorflow/tfjs-converter');

async function main() {
  const [modelFile, inputFile, shapeText, out, ...outputs] = process.argv.slice(2);
  await tf.setBackend('cpu');
  const model = JSON.parse(fs.readFileSync(modelFile, 'utf8'));
  const specs = [];
  const shards = [];
  for (const group of model.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) shards.push(fs.readFileSync(path.join(path.dirname(modelFile), p)));
  }
  const joined = Buffer.concat(shards);
  const weightData = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.length);
  const graph = await tfconv.loadGraphModel(tf.io.fromMemory({ modelTopology: model.modelTopology, weightSpecs: specs, weightData }));
  const shape = shapeText.split(',').map(Number);
  const raw = fs.readFileSync(inputFile);
  const input = tf.tensor(new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4), shape, 'float32');
  let result = graph.execute(input, outputs);
  if (!Array.isArray(result)) result = [result];
  fs.mkdirSync(out, { recursive: true });
  const shapes = [];
  for (let i = 0; i < result.length; i++) {
    const data = await result[i].data();
    fs.writeFileSync(path.join(out, i + '.bin'), Buffer.from(new Float32Array(data).buffer));
    shapes.push(result[i].shape);
  }
  fs.writeFileSync(path.join(out, 'outputs.json'), JSON.stringify({ outputs, shapes, backend: tf.getBackend() }));
}

main().catch((e) => { console.error(e); process.exit(1); });

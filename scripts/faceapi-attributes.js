'use strict';
// face-api.js's own age, gender and expression estimates on its own face boxes, for docs/ACCURACY.md
// (Demographics: which part of the pipeline's chip the nets should see). Runs inside a copy of
// ../shared/tools/faceapi-reference (it uses that tool's lib.js: decoding, the canvas MTCNN needs):
//   cp -r ../shared/tools/faceapi-reference /tmp/faceapi-ref && cp scripts/faceapi-attributes.js /tmp/faceapi-ref/
//   (cd /tmp/faceapi-ref && npm ci && node faceapi-attributes.js PHOTO... > faceapi.jsonl)
// One JSON line per photo: for MTCNN (min face 40) and SSD MobileNet v1 (face-api.js's default detector),
// every face's box, age, P(male) and the seven expression probabilities, computed the way
// detectAllFaces(img, options).withAgeAndGender().withFaceExpressions() does (the detection box, cut out with
// extractFaceTensors). Compare with 'footfall eval attributes --json' on the same photos. BACKEND=cpu|wasm (wasm).
// for MTCNN (min face 40) and SSD MobileNet v1 (face-api.js's default detector). One JSON line per image.
const L = require('./lib');
async function main() {
  const files = process.argv.slice(2);
  await L.setBackend(process.env.BACKEND || 'wasm');
  L.installCanvas('half');
  const f = L.faceapi;
  await f.nets.mtcnn.loadFromDisk(L.WEIGHTS_DIR);
  await f.nets.ssdMobilenetv1.loadFromDisk(L.WEIGHTS_DIR);
  await f.nets.ageGenderNet.loadFromDisk(L.WEIGHTS_DIR);
  await f.nets.faceExpressionNet.loadFromDisk(L.WEIGHTS_DIR);
  for (const file of files) {
    const img = L.decodeImage(file);
    const canvas = L.Canvas.fromRgba(img);
    const tensor = L.toTensor(img);
    const out = { file, width: img.width, height: img.height };
    for (const [name, det] of [['mtcnn', async () => (await f.nets.mtcnn.forward(canvas, new f.MtcnnOptions({ minFaceSize: 40 }))).map(r => r.detection)],
                               ['ssd', async () => f.nets.ssdMobilenetv1.locateFaces(tensor, new f.SsdMobilenetv1Options())]]) {
      const dets = await det();
      const faces = await f.extractFaceTensors(tensor, dets);
      out[name] = [];
      for (let i = 0; i < faces.length; i++) {
        const ag = await f.nets.ageGenderNet.predictAgeAndGender(faces[i]);
        const ex = await f.nets.faceExpressionNet.predictExpressions(faces[i]);
        const b = dets[i].box;
        out[name].push({ box: [b.x, b.y, b.width, b.height].map(v => Math.round(v * 10) / 10), age: ag.age, gender: ag.gender,
          male: ag.gender === 'male' ? ag.genderProbability : 1 - ag.genderProbability,
          expressions: f.FACE_EXPRESSION_LABELS.map(l => ex[l]) });
        faces[i].dispose();
      }
    }
    tensor.dispose();
    console.log(JSON.stringify(out));
  }
}
main().catch(e => { console.error(e.stack); process.exit(1); });

// tests/exchange/onnx_predict.js: runs ONNX files in ONNX Runtime (onnxruntime-node) and
// prints what they predict, for tests/exchange/onnx_runtime_test.cpp to compare with glassbox.
// Usage: node onnx_predict.js MANIFEST.json   (GLASSBOX_NPM_DIR: where onnxruntime-node is)
// MANIFEST: [{"file": "x.onnx", "rows": R, "x": [R * n_features numbers]}, ...]
// Prints one JSON array: per file, every output of the session as a flat list.
'use strict';
const fs = require('fs');
const path = require('path');
const ort = require(path.join(process.env.GLASSBOX_NPM_DIR, 'node_modules', 'onnxruntime-node'));

(async () => {
  const manifest = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const results = [];
  for (const entry of manifest) {
    // One thread: the machine is shared, and the answer must not depend on it.
    const session = await ort.InferenceSession.create(entry.file, { intraOpNumThreads: 1 });
    const features = entry.x.length / entry.rows;
    const input = new ort.Tensor('float32', Float32Array.from(entry.x), [entry.rows, features]);
    const outputs = await session.run({ features: input });
    const result = {};
    for (const name of session.outputNames) result[name] = Array.from(outputs[name].data);
    results.push(result);
  }
  process.stdout.write(JSON.stringify(results) + '\n');
})().catch((error) => {
  process.stderr.write(`onnx_predict.js: ${error.message}\n`);
  process.exit(1);
});

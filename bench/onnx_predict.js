// bench/onnx_predict.js: ONNX Runtime's time per row on an exported model, for bench/run.sh
// and bench/scaling.sh. Course topic: the course's runtime for the ONNX file as a peer of
// glassbox's own predict: the same forest ('glassbox export --format onnx'), the same rows
// (the data's first FEATURES columns repeated, as bench/micro.cpp does), one thread.
// Usage: node bench/onnx_predict.js MODEL.onnx DATA.csv FEATURES (GLASSBOX_NPM_DIR: where
// onnxruntime-node is; BENCH_REPEATS: runs per size, default 5, the fastest counts;
// BENCH_MIN_SECONDS: the wall time of each run, default 0.2).
// Prints "onnx_ns_per_row/1 N" and "onnx_ns_per_row/10000 N": CPU time (every thread of the
// process, as Google Benchmark's cpu_time for glassbox), steadier than the wall clock on a
// machine shared with builds.
'use strict';
const fs = require('fs');
const path = require('path');
const npm = process.env.GLASSBOX_NPM_DIR || path.join(require('os').homedir(), '.cache', 'glassbox', 'npm');
const ort = require(path.join(npm, 'node_modules', 'onnxruntime-node'));

const ROWS = [1, 10000];
const MIN_SECONDS = Number(process.env.BENCH_MIN_SECONDS || 0.2); // each run calls session.run this long

(async () => {
  const [file, dataFile, featureText] = process.argv.slice(2);
  const features = Number(featureText);
  const data = fs.readFileSync(dataFile, 'utf8').split('\n').slice(1)
    .map((line) => line.split(',').slice(0, features).map(Number))
    .filter((row) => row.length === features && row.every(Number.isFinite));
  // One thread, as glassbox's predict and scikit-learn's here: a per-row cost, not a machine's.
  const session = await ort.InferenceSession.create(file, {
    intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all',
  });
  const repeats = Number(process.env.BENCH_REPEATS || 5);
  for (const rows of ROWS) {
    const x = new Float32Array(rows * features);
    for (let r = 0; r < rows; ++r) x.set(data[r % data.length], r * features);
    const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', x, [rows, features]) };
    await session.run(feeds); // warm up: the first run allocates
    let best = Infinity;
    for (let i = 0; i < repeats; ++i) {
      let calls = 0;
      const start = process.hrtime.bigint();
      const cpuStart = process.cpuUsage();
      let elapsed = 0;
      do {
        await session.run(feeds);
        ++calls;
        elapsed = Number(process.hrtime.bigint() - start);
      } while (elapsed < MIN_SECONDS * 1e9);
      const cpu = process.cpuUsage(cpuStart); // µs, every thread of the process
      best = Math.min(best, ((cpu.user + cpu.system) * 1000) / calls / rows);
    }
    process.stdout.write(`onnx_ns_per_row/${rows} ${best.toFixed(1)}\n`);
  }
})().catch((error) => {
  process.stderr.write(`onnx_predict.js: ${error.message}\n`);
  process.exit(1);
});

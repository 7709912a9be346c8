// examples/onnx_predict.js: one row through an exported model in ONNX Runtime (onnxruntime-node).
// Usage: NODE_PATH=~/.cache/glassbox/npm/node_modules node examples/onnx_predict.js iris.onnx 5.1 3.5 1.4 0.2
// (sh scripts/install-deps.sh test installs onnxruntime-node there.) Prints each output of the graph.
const ort = require('onnxruntime-node');
(async () => {
  const [file, ...numbers] = process.argv.slice(2);
  const session = await ort.InferenceSession.create(file);
  const features = new ort.Tensor('float32', Float32Array.from(numbers.map(Number)), [1, numbers.length]);
  const outputs = await session.run({ features });
  for (const name of session.outputNames)
    console.log(name, Array.from(outputs[name].data, (v) => (typeof v === 'number' ? +v.toFixed(4) : v)).join(' '));
})();

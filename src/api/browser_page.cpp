// api/browser_page.cpp: the browser page's HTML, CSS and JavaScript, as one raw string.
// Course topic: a browser is one more HTTP client: everything on the page comes from the API
// with fetch(), the same requests curl sends (GET /, /models/{name}, /models/{name}/drift,
// POST /models/{name}/predictions), and the trace of an exchange from GET /traces.
// NOTE: JavaScript cannot see the bytes a browser sends or receives, only what fetch() reports;
// the raw bytes shown come from the server's own wire trace (glassbox serve --trace=wire).
#include "api/browser_page.hpp"

#include "api/page_parts.hpp"

namespace glassbox::api {
namespace {

constexpr std::string_view page = R"page(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>glassbox</title>
<style>
/* shared style */
h1 { margin-bottom: 0; }
h2 { border-bottom: 1px solid #ccc; margin-top: 2rem; }
form label { display: inline-block; margin: 0 1rem .5rem 0; }
form input { width: 6rem; }
#prediction { font-size: 1.2rem; }
#drift svg { margin: 0 1rem 1rem 0; }
</style>
</head>
<body>
<h1>glassbox</h1>
<p>An HTTP/1.1 model server you can see into. Your browser got this page from <code>GET /</code>
because its <code>Accept</code> field prefers <code>text/html</code>; curl sends
<code>Accept: */*</code> and gets the same index as JSON (<code>Vary: Accept</code> says so to
caches). Everything below is fetched from this server with <code>fetch()</code>: nothing comes
from anywhere else.</p>

<h2>Resources</h2>
<table id="resources"><tr><th>resource</th><th>methods</th><th>what it is</th></tr></table>
<p class="note">A link is a plain GET from the browser. <code>/docs</code> renders
<code>/openapi.json</code> for people.</p>

<h2>Model <select id="model" aria-label="model"></select></h2>
<table id="metadata"></table>

<h2>Predict</h2>
<form id="predict-form">
<div id="inputs"></div>
<button type="submit" id="predict">POST /models/<span class="model-name">…</span>/predictions</button>
</form>
<p id="prediction" aria-live="polite"></p>
<p class="note">The same request from a terminal: <code id="curl"></code></p>
<h3>The request, as the server read it</h3>
<pre id="raw-request"></pre>
<h3>The response, as the server wrote it</h3>
<pre id="raw-response"></pre>
<h3>The server's trace of this exchange</h3>
<p id="trace-note" class="note"></p>
<pre id="trace"></pre>

<h2>Drift</h2>
<p class="note">Live inputs per feature, in the training data's histogram bins (below its
minimum, the bins, above its maximum), from <code>GET /models/<span class="model-name">…</span>/drift</code>.
Each prediction adds to it.</p>
<p id="drift-summary"></p>
<div id="drift"></div>

<script>
'use strict';
// shared script
const svgNs = 'http://www.w3.org/2000/svg';
let features = [];
let classes = [];
let modelName = '';

async function showResources(models) {
  const index = await getJson('/');
  const table = $('resources');
  for (const resource of index.resources) {
    const row = add(table, 'tr');
    const cell = add(row, 'td');
    const paths = resource.path.includes('{name}')
      ? models.map((m) => resource.path.replace('{name}', encodeURIComponent(m.name)))
      : [resource.path];
    for (const path of paths) {
      if (resource.methods.startsWith('GET')) add(cell, 'a', path, { href: path });
      else add(cell, 'code', path);
      add(cell, 'br');
    }
    add(row, 'td', resource.methods);
    add(row, 'td', resource.description);
  }
}

async function showModel() {
  const model = await getJson('/models/' + encodeURIComponent(modelName));
  const table = $('metadata');
  table.textContent = '';
  for (const [key, value] of Object.entries(model)) {
    if (key === 'links') continue;
    const row = add(table, 'tr');
    add(row, 'th', key);
    add(row, 'td', Array.isArray(value) ? value.join(', ') : String(value));
  }
  features = model.features;
  classes = model.classes || [];
  for (const span of document.querySelectorAll('.model-name')) span.textContent = modelName;
  const drift = await getJson('/models/' + encodeURIComponent(modelName) + '/drift');
  const inputs = $('inputs');
  inputs.textContent = '';
  features.forEach((name, i) => {
    const label = add(inputs, 'label', name + ' ');
    const mean = drift.features[i].training_mean;
    add(label, 'input', undefined, { id: 'feature-' + i, name, inputmode: 'decimal',
                                    value: mean === null ? '0' : mean.toFixed(1) });
  });
  showDrift(drift);
}

/// One bar chart per feature, drawn as inline SVG.
function showDrift(drift) {
  $('drift-summary').textContent = drift.rows + ' live rows since the model was loaded.';
  const charts = $('drift');
  charts.textContent = '';
  const width = 260, height = 90, top = 18, bottom = 14;
  for (const f of drift.features) {
    const counts = f.live_histogram;
    const most = Math.max(1, ...counts);
    const svg = document.createElementNS(svgNs, 'svg');
    svg.setAttribute('width', width);
    svg.setAttribute('height', height + top + bottom);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', f.name + ' live histogram: ' + counts.join(' '));
    const text = (x, y, content, anchor = 'start') => {
      const t = document.createElementNS(svgNs, 'text');
      t.setAttribute('x', x); t.setAttribute('y', y); t.setAttribute('font-size', '11');
      t.setAttribute('text-anchor', anchor);
      t.textContent = content;
      svg.appendChild(t);
    };
    const psi = f.psi === null ? 'n/a' : f.psi.toFixed(3);
    text(0, 12, f.name + '  (PSI ' + psi + ')');
    const step = width / counts.length;
    counts.forEach((count, i) => {
      const h = Math.round((count / most) * (height - 2));
      const bar = document.createElementNS(svgNs, 'rect');
      bar.setAttribute('x', i * step + 1);
      bar.setAttribute('y', top + height - h);
      bar.setAttribute('width', Math.max(1, step - 2));
      bar.setAttribute('height', h);
      const outside = i === 0 || i === counts.length - 1;
      bar.setAttribute('fill', outside ? '#c44' : '#47a');
      const title = document.createElementNS(svgNs, 'title');
      title.textContent = (i === 0 ? 'below the training minimum' : i === counts.length - 1
        ? 'above the training maximum' : 'bin ' + i) + ': ' + count;
      bar.appendChild(title);
      svg.appendChild(bar);
    });
    text(0, top + height + 12, '<min');
    text(width, top + height + 12, '>max', 'end');
    charts.appendChild(svg);
  }
}

/// The trace lines of the exchange whose request carried X-Request-Id: `id`. The server writes
/// an exchange's trace once its answer is written, so the page asks again a few times.
async function traceOf(id) {
  for (let attempt = 0; attempt < 20; ++attempt) {
    const answer = await getJson('/traces?request-id=' + encodeURIComponent(id));
    if (answer.tracing === 'off' || answer.blocks.length > 0) return answer;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { tracing: 'gone', blocks: [] };
}

async function showExchange(id, sent, response, answerText) {
  // What fetch() reports, shown until (or unless) the server's wire trace has the real bytes.
  let request = 'POST /models/' + modelName + '/predictions HTTP/1.1\n';
  for (const [name, value] of Object.entries(sent.headers)) request += name + ': ' + value + '\n';
  $('raw-request').textContent = request + '\n' + sent.body;
  let head = 'HTTP/1.1 ' + response.status + ' ' + response.statusText + '\n';
  for (const [name, value] of response.headers) head += name + ': ' + value + '\n';
  $('raw-response').textContent = head + '\n' + answerText;
  const note = $('trace-note');
  note.className = 'note';
  let answer;
  try {
    answer = await traceOf(id);
  } catch (error) {
    showError(note, error);
    return;
  }
  if (answer.tracing !== 'wire') {
    const fetched = 'Above: what fetch() was given and reports, not the bytes on the wire (the ' +
      'browser adds Host, Origin, User-Agent and more; header names come back lowercased). ';
    if (answer.tracing === 'off') {
      note.textContent = fetched + answer.note;
      $('trace').textContent = '';
      return;
    }
    if (answer.tracing === 'on') note.textContent = fetched + 'Start the server with --trace=wire to see every byte.';
  }
  if (answer.blocks.length === 0) {
    note.textContent = 'The trace of this exchange is no longer kept: GET /traces keeps only the latest lines.';
    return;
  }
  const exchange = answer.blocks[0];
  const wireIn = [], wireOut = [], lines = [];
  for (const line of exchange.lines) {
    if (/^#\d+ WIRE {2}<- /.test(line)) wireIn.push(line);
    else if (/^#\d+ WIRE {2}-> /.test(line)) wireOut.push(line);
    else lines.push(line);
  }
  if (answer.tracing === 'wire') {
    $('raw-request').textContent = wireIn.join('\n');
    $('raw-response').textContent = wireOut.join('\n');
    note.textContent = 'Connection #' + exchange.connection + ', from GET /traces?request-id=' + id +
      ' (all kept lines of this connection: /traces?connection=' + exchange.connection + ').';
  }
  $('trace').textContent = lines.join('\n');
}

async function predict(event) {
  event.preventDefault();
  const row = features.map((_, i) => Number($('feature-' + i).value));
  const body = JSON.stringify({ features: [row] });
  // A fresh id per request: the server's trace shows it, and GET /traces finds the exchange by it.
  const id = 'page-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 8);
  const sent = { headers: { 'Content-Type': 'application/json', 'X-Request-Id': id }, body };
  $('curl').textContent = "curl --json '" + body + "' " + location.origin + '/models/' + modelName + '/predictions';
  const result = $('prediction');
  result.className = '';
  result.textContent = '…';
  try {
    const response = await fetch('/models/' + encodeURIComponent(modelName) + '/predictions',
                                 { method: 'POST', headers: sent.headers, body });
    const answerText = await response.text();
    const answer = JSON.parse(answerText);
    if (!response.ok) {
      showError(result, response.status + ' ' + answer.title + ': ' + answer.detail);
    } else {
      let text = 'prediction: ' + answer.predictions[0];
      if (answer.probabilities) {
        text += '  (probabilities: ' +
          answer.probabilities[0].map((p, i) => classes[i] + ' ' + p.toFixed(3)).join(', ') + ')';
      }
      result.textContent = text;
    }
    await showExchange(id, sent, response, answerText);
    showDrift(await getJson('/models/' + encodeURIComponent(modelName) + '/drift'));
  } catch (error) {
    showError(result, error);
  }
}

async function start() {
  try {
    const { models } = await getJson('/models');
    const select = $('model');
    for (const m of models) add(select, 'option', m.name, { value: m.name });
    select.addEventListener('change', () => { modelName = select.value; showModel().catch(showError.bind(null, $('prediction'))); });
    await showResources(models);
    if (models.length === 0) {
      $('prediction').textContent = 'No model is served: PUT one to /models/{name}.';
      return;
    }
    modelName = models[0].name;
    await showModel();
    $('predict-form').addEventListener('submit', predict);
    document.body.dataset.ready = 'yes';
  } catch (error) {
    showError($('prediction'), error);
  }
}
start();
</script>
</body>
</html>
)page";

} // namespace

std::string_view browser_page() {
    static const std::string text = with_shared_parts(page);
    return text;
}

} // namespace glassbox::api

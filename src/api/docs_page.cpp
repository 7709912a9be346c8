// api/docs_page.cpp: the /docs page's HTML, CSS and JavaScript, as one raw string.
// Course topic: describing a REST API for people: every path and method of /openapi.json with
// its summary, parameters, request body, answers and schemas, and "try it" for the GET routes.
// The page knows nothing of glassbox's routes: it draws whatever /openapi.json says, so a test
// that compares the drawn routes with the router checks the document too.
#include "api/docs_page.hpp"

#include "api/page_parts.hpp"

namespace glassbox::api {
namespace {

constexpr std::string_view page = R"page(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>glassbox API</title>
<style>
/* shared style */
.operation { border: 1px solid #ccc; border-radius: 4px; margin: .8rem 0; padding: .2rem .8rem .6rem; }
.operation h3 { margin: .4rem 0; font-size: 1rem; }
.method { display: inline-block; min-width: 4.5rem; font-family: ui-monospace, monospace; font-weight: bold; }
.get { color: #17a; } .post { color: #181; } .put { color: #a60; } .delete { color: #a11; }
</style>
</head>
<body>
<h1 id="title">API</h1>
<p id="description"></p>
<p class="note">Drawn in your browser from <a href="/openapi.json">/openapi.json</a> (OpenAPI
<span id="version"></span>) by this page's own script: the routes below are the server's.
<a href="/">Back to the index page</a>.</p>
<div id="operations"></div>
<h2>Schemas</h2>
<div id="schemas"></div>
<script>
'use strict';
// shared script

/// A schema in one line: a $ref becomes a link to it under Schemas.
function schemaText(parent, schema) {
  if (!schema) return;
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop();
    add(parent, 'a', name, { href: '#schema-' + name });
  } else {
    add(parent, 'code', JSON.stringify(schema));
  }
}

function contentList(parent, content) {
  for (const [type, media] of Object.entries(content || {})) {
    add(parent, 'code', type);
    parent.append(' ');
    schemaText(parent, media.schema);
    add(parent, 'br');
  }
}

/// "Try it" for a GET: path parameters as inputs, then the answer's status and body.
function tryIt(section, path, parameters) {
  const form = add(section, 'form');
  const inputs = {};
  for (const p of parameters.filter((p) => p.in === 'path')) {
    const label = add(form, 'label', p.name + ' ');
    inputs[p.name] = add(label, 'input', undefined, { name: p.name, value: p.name === 'name' ? 'iris' : '' });
    form.append(' ');
  }
  add(form, 'button', 'Try it: GET', { type: 'submit' });
  const out = add(section, 'pre', undefined, { hidden: '' });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const target = path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(inputs[name].value));
    out.hidden = false;
    out.textContent = 'GET ' + target + ' …';
    try {
      const response = await fetch(target, { headers: { Accept: 'application/json' } });
      const body = await response.text();
      out.textContent = 'GET ' + target + '\n' + response.status + ' ' + response.statusText + '  ' +
        (response.headers.get('Content-Type') || '') + '\n\n' + body.slice(0, 4000);
    } catch (error) {
      out.textContent = String(error);
    }
  });
}

function operation(path, method, op) {
  const section = add($('operations'), 'section', undefined,
                      { class: 'operation', 'data-method': method, 'data-path': path });
  const heading = add(section, 'h3');
  add(heading, 'span', method.toUpperCase(), { class: 'method ' + method });
  add(heading, 'code', path);
  heading.append('  ' + (op.summary || ''));
  if (op.description) add(section, 'p', op.description);
  const parameters = op.parameters || [];
  if (parameters.length > 0) {
    add(section, 'h4', 'Parameters');
    const table = add(section, 'table');
    for (const p of parameters) {
      const row = add(table, 'tr');
      add(row, 'td').appendChild(document.createElement('code')).textContent = p.name;
      add(row, 'td', 'in ' + p.in + (p.required ? ', required' : ''));
      schemaText(add(row, 'td'), p.schema);
    }
  }
  if (op.requestBody) {
    add(section, 'h4', 'Request body' + (op.requestBody.required ? ' (required)' : ''));
    contentList(add(section, 'p'), op.requestBody.content);
  }
  add(section, 'h4', 'Answers');
  const table = add(section, 'table');
  for (const [code, answer] of Object.entries(op.responses || {})) {
    const row = add(table, 'tr');
    add(row, 'td', code);
    add(row, 'td', answer.description);
    contentList(add(row, 'td'), answer.content);
  }
  if (method === 'get') tryIt(section, path, parameters);
}

async function start() {
  const response = await fetch('/openapi.json');
  const doc = await response.json();
  $('title').textContent = doc.info.title + ' API ' + doc.info.version;
  $('description').textContent = doc.info.description || '';
  $('version').textContent = doc.openapi;
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) operation(path, method, op);
  }
  for (const [name, schema] of Object.entries((doc.components || {}).schemas || {})) {
    add($('schemas'), 'h3', name, { id: 'schema-' + name });
    if (schema.description) add($('schemas'), 'p', schema.description);
    add($('schemas'), 'pre', JSON.stringify(schema, null, 2));
  }
  document.body.dataset.ready = 'yes';
}
start().catch((error) => { $('description').textContent = 'Could not read /openapi.json: ' + error; });
</script>
</body>
</html>
)page";

} // namespace

std::string_view docs_page() {
    static const std::string text = with_shared_parts(page);
    return text;
}

} // namespace glassbox::api

// `specgate check --spec FILE` on a generated 500-operation OpenAPI 3.1 document, against a small
// loopback server that answers every operation conformantly (a missing Authorization gets the 401
// example, a body that breaks the request schema the 400 example, anything else the 200 example).
// The document (YAML, in a temp dir, removed afterwards) is varied: 125 resources × (create, get,
// update, act); path parameters with examples, request bodies with required / enum / maxLength /
// minLength / format (email, uuid, date, date-time) / pattern fields and nullable types, 200 + 400 +
// 401 responses with named examples, shared components (Money, Address, Resource, Error) and a
// bearer security scheme.
//
// Measured per CLI run (a fresh process, as CI runs it): wall time, peak RSS (/usr/bin/time -f %M, or
// the process's own maxRSS through a preload when /usr/bin/time is missing) and the run phase of the
// report (summary.durationMs); start-up + load + compile + scenario generation is the rest. Load and
// compile are also timed in-process (loadApi, then validators.compileAll() for whatever loadApi left
// to compile on first use) for the split.
// The server runs in this process and the CLI in its own, so they never share an event loop.
// Run after `npm run build`: node bench/spec500.mjs [--runs N] [--operations N] [--cpu-prof]
// --cpu-prof profiles one more CLI run (not counted in the timings) and prints where its time goes.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { summarizeProfile, root, bin, arg } from './lib.mjs';

const RUNS = arg('--runs', 3);
const OPERATIONS = arg('--operations', 500);
const PROFILE = process.argv.includes('--cpu-prof');
const TOKEN = 'Bearer spec500-token';

// ---- the document -------------------------------------------------------------------------------

const json = (schema, examples) => ({ 'application/json': { schema, examples } });
const ref = (name) => ({ $ref: `#/components/schemas/${name}` });

function responses(i, okExample) {
  return {
    '200': { description: 'OK', content: json(ref('Resource'), { ok: { summary: 'the resource', value: okExample } }) },
    '400': {
      description: 'The request breaks the schema',
      content: json(ref('Error'), { invalid_request: { summary: 'a field is invalid', value: { errors: [{ code: 'invalid_request', detail: `thing ${i}: a field is invalid` }] } } }),
    },
    '401': {
      description: 'No or bad credentials',
      content: json(ref('Error'), { unauthorized: { summary: 'no credentials', value: { errors: [{ code: 'unauthorized', detail: 'Authorization header missing' }] } } }),
    },
  };
}

const idParam = (i) => ({ name: 'thingId', in: 'path', required: true, schema: { type: 'string', maxLength: 36 }, example: `thing-${i}-0001` });

/** Request body of resource i: which fields and rules it has varies with i. */
function inputSchema(i, forUpdate) {
  const v = i % 5;
  const properties = {
    name: { type: 'string', minLength: 1, maxLength: 20 + (i % 40), description: 'Display name' },
    kind: { type: 'string', enum: [`k${i}a`, `k${i}b`, `k${i}c`] },
    quantity: { type: 'integer', minimum: 1, maximum: 1000 },
    note: { type: ['string', 'null'], maxLength: 200 },
  };
  const required = forUpdate ? ['name'] : ['name', 'kind', 'quantity'];
  if (v === 0 || v === 2 || v === 4) properties.email = { type: 'string', format: 'email', maxLength: 254 };
  if (v === 0 && !forUpdate) required.push('email');
  if (v === 1 || v === 3) properties.reference = { type: 'string', format: 'uuid' };
  if (v === 0 || v === 1) properties.dueDate = { type: 'string', format: 'date' };
  if (v === 2 || v === 3) properties.price = ref('Money');
  if (v === 2 && !forUpdate) required.push('price');
  if (v === 0 || v === 4) properties.address = ref('Address');
  return { type: 'object', required, properties };
}

function inputExample(i) {
  const v = i % 5;
  const body = { name: `Thing ${i}`, kind: `k${i}a`, quantity: 1 + (i % 7), note: null };
  if (v === 0 || v === 2 || v === 4) body.email = `owner${i}@example.com`;
  if (v === 1 || v === 3) body.reference = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  if (v === 0 || v === 1) body.dueDate = '2025-06-30';
  if (v === 2 || v === 3) body.price = { amount: 1250 + i, currency: 'EUR' };
  if (v === 0 || v === 4) body.address = { line1: '34 rue des Entreprises', city: 'Paris', country: 'FR' };
  return body;
}

const resource = (i, status = 'active') => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `Thing ${i}`, status, createdAt: '2025-01-02T03:04:05Z' });

export function generate(operations) {
  const paths = {};
  for (let i = 0; i < operations / 4; i++) {
    const body = (schema, example) => ({ required: true, content: json(schema, { sample: { summary: 'a valid body', value: example } }) });
    paths[`/things${i}`] = {
      post: { operationId: `createThing${i}`, summary: `Create thing ${i}`, requestBody: body(inputSchema(i, false), inputExample(i)), responses: responses(i, resource(i)) },
    };
    const view = i % 3 === 0 ? [{ name: 'view', in: 'query', required: true, schema: { type: 'string', enum: ['summary', 'full'] }, example: 'summary' }] : [];
    paths[`/things${i}/{thingId}`] = {
      get: { operationId: `getThing${i}`, summary: `Get thing ${i}`, parameters: [idParam(i), ...view], responses: responses(i, resource(i)) },
      put: { operationId: `updateThing${i}`, summary: `Update thing ${i}`, parameters: [idParam(i)], requestBody: body(inputSchema(i, true), { name: `Thing ${i} renamed`, note: 'renamed' }), responses: responses(i, resource(i)) },
    };
    paths[`/things${i}/{thingId}/actions`] = {
      post: {
        operationId: `actOnThing${i}`,
        summary: `Act on thing ${i}`,
        parameters: [idParam(i)],
        requestBody: body(
          {
            type: 'object',
            required: ['action'],
            properties: {
              action: { type: 'string', enum: ['approve', 'reject', 'hold'] },
              reason: { type: 'string', maxLength: 140 },
              at: { type: 'string', format: 'date-time' },
              notify: { type: 'boolean' },
            },
          },
          { action: 'approve', reason: 'checked', at: '2025-01-02T03:04:05Z', notify: true },
        ),
        responses: responses(i, resource(i, i % 2 ? 'active' : 'closed')),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: `Generated (${operations} operations)`, version: '1.0.0' },
    servers: [{ url: 'https://api.example.invalid/v1' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Money: { type: 'object', required: ['amount', 'currency'], properties: { amount: { type: 'integer', minimum: 0 }, currency: { type: 'string', enum: ['EUR', 'USD', 'GBP'] } } },
        Address: {
          type: 'object',
          required: ['line1', 'country'],
          properties: { line1: { type: 'string', maxLength: 100 }, city: { type: 'string', maxLength: 50 }, country: { type: 'string', pattern: '^[A-Z]{2}$' } },
        },
        Resource: {
          type: 'object',
          required: ['id', 'name', 'status'],
          properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' }, status: { type: 'string', enum: ['active', 'closed'] }, createdAt: { type: 'string', format: 'date-time' } },
        },
        Error: {
          type: 'object',
          required: ['errors'],
          properties: { errors: { type: 'array', minItems: 1, items: { type: 'object', required: ['code'], properties: { code: { type: 'string' }, detail: { type: 'string' } } } } },
        },
      },
    },
  };
}

// ---- the conformant server ----------------------------------------------------------------------

const FORMATS = {
  email: (s) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s),
  uuid: (s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s),
  date: (s) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    return !!m && +m[2] >= 1 && +m[2] <= 12 && +m[3] >= 1 && +m[3] <= 31;
  },
  'date-time': (s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(s) && !Number.isNaN(Date.parse(s)),
};

const typeOf = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);

/** Just the JSON Schema keywords the generator uses; true when the value is valid. */
function valid(doc, schema, v) {
  if (schema.$ref) return valid(doc, doc.components.schemas[schema.$ref.split('/').pop()], v);
  if (schema.type) {
    const types = [].concat(schema.type);
    const t = typeOf(v);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) return false;
  }
  if (schema.enum && !schema.enum.includes(v)) return false;
  if (typeof v === 'string') {
    const len = [...v].length;
    if (schema.maxLength !== undefined && len > schema.maxLength) return false;
    if (schema.minLength !== undefined && len < schema.minLength) return false;
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(v)) return false;
    if (schema.format && FORMATS[schema.format] && !FORMATS[schema.format](v)) return false;
  }
  if (typeof v === 'number') {
    if (schema.minimum !== undefined && v < schema.minimum) return false;
    if (schema.maximum !== undefined && v > schema.maximum) return false;
  }
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const r of schema.required ?? []) if (!(r in v)) return false;
    for (const [k, s] of Object.entries(schema.properties ?? {})) if (k in v && !valid(doc, s, v[k])) return false;
  }
  if (Array.isArray(v) && schema.items) return v.every((x) => valid(doc, schema.items, x));
  return true;
}

function startServer(doc) {
  const routes = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    for (const [method, op] of Object.entries(item)) routes.push({ method: method.toUpperCase(), pattern, op });
  }
  const example = (op, status) => Object.values(op.responses[status].content['application/json'].examples)[0].value;
  const counts = { 200: 0, 400: 0, 401: 0, 404: 0 };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const path = req.url.split('?')[0];
      const route = routes.find((r) => r.method === req.method && r.pattern.test(path));
      let status;
      let body;
      if (!route) [status, body] = [404, { errors: [{ code: 'not_found' }] }];
      else if (!req.headers.authorization) [status, body] = [401, example(route.op, '401')];
      else {
        let ok = true;
        if (route.op.requestBody) {
          try {
            ok = valid(doc, route.op.requestBody.content['application/json'].schema, JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch {
            ok = false;
          }
        }
        [status, body] = ok ? [200, example(route.op, '200')] : [400, example(route.op, '400')];
      }
      counts[status]++;
      const payload = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
      res.end(payload);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, server, counts })));
}

// ---- measuring ----------------------------------------------------------------------------------

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const PRELOAD = `data:text/javascript,${encodeURIComponent("process.on('exit', () => process.stderr.write('\\nSPECGATE-MAXRSS-KB ' + process.resourceUsage().maxRSS + '\\n'));")}`;

/** One CLI run, asynchronously: this process must stay free to serve the requests. */
function runCli(args, dir, nodeArgs = []) {
  const rssFile = join(dir, 'rss.txt');
  const [cmd, argv] = TIME ? [TIME, ['-f', '%M', '-o', rssFile, process.execPath, ...nodeArgs, bin, ...args]] : [process.execPath, [...nodeArgs, '--import', PRELOAD, bin, ...args]];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const rssKb = TIME ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)) : Number(/SPECGATE-MAXRSS-KB (\d+)/.exec(err)?.[1]);
      resolve({ ms, code, out, err, rssKb });
    });
  });
}


const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = mkdtempSync(join(tmpdir(), 'specgate-bench-spec500-'));
let target;
try {
  const doc = generate(OPERATIONS);
  const file = join(dir, `generated-${OPERATIONS}.yaml`);
  writeFileSync(file, stringify(doc, { aliasDuplicateObjects: false }));

  // In-process split of load and compile (parse, $ref resolution, model; then every validator).
  const { loadApi } = await import(pathToFileURL(join(root, 'dist', 'index.js')).href);
  let t = performance.now();
  const api = await loadApi(file);
  const loadMs = performance.now() - t;
  t = performance.now();
  api.validators.compileAll();
  const compileMs = performance.now() - t;
  const nodeStart = median(Array.from({ length: 3 }, () => {
    const s = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    return performance.now() - s;
  }));

  target = await startServer(doc);
  const args = ['check', '--spec', file, '--base-url', target.url, '--header', `Authorization: ${TOKEN}`, '--reporter', 'json'];
  const runs = [];
  let report;
  for (let r = 0; r < RUNS; r++) {
    const run = await runCli(args, dir);
    if (run.code !== 0) throw new Error(`specgate check exited ${run.code}: ${run.err.trim().split('\n')[0]}`);
    report = JSON.parse(run.out);
    runs.push({ ...run, runMs: report.summary.durationMs });
  }

  const s = report.summary;
  const kinds = {};
  const skipped = {};
  let exchanges = 0;
  for (const r of report.results) {
    kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
    if (r.outcome === 'skipped') skipped[r.reason] = (skipped[r.reason] ?? 0) + 1;
    exchanges += r.steps.filter((x) => x.response || x.error).length;
  }
  const ops = new Set(report.results.map((r) => r.operationId));
  const sizeKb = statSync(file).size / 1024;
  console.log(`specgate check --spec (generated ${OPERATIONS}-operation OpenAPI 3.1, ${Object.keys(doc.paths).length} paths, ${sizeKb.toFixed(0)} KB YAML, ${api.validators.keys().length} validator schemas) against a loopback server`);
  console.log(`  node ${process.version}, ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}; ${RUNS} CLI runs; peak RSS by ${TIME ? '/usr/bin/time -f %M' : 'process.resourceUsage().maxRSS (preload)'}`);
  console.log(`  run   wall      run phase   start-up + load + compile + scenarios   peak RSS`);
  runs.forEach((r, i) => console.log(`  ${String(i + 1).padStart(3)}   ${r.ms.toFixed(0).padStart(5)} ms  ${String(r.runMs).padStart(6)} ms   ${(r.ms - r.runMs).toFixed(0).padStart(6)} ms                             ${(r.rssKb / 1024).toFixed(0).padStart(4)} MB`));
  console.log(`  median wall ${median(runs.map((r) => r.ms)).toFixed(0)} ms, median peak RSS ${(median(runs.map((r) => r.rssKb)) / 1024).toFixed(0)} MB`);
  console.log(`  in-process split: loadApi (parse, $refs, model, and whatever validators it compiles up front) ${loadMs.toFixed(0)} ms; then validators.compileAll() (the rest) ${compileMs.toFixed(0)} ms; bare node start ${nodeStart.toFixed(0)} ms`);
  console.log(`  scenarios: ${s.total} over ${ops.size} operations (${Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(', ')}); ${s.passed} passed, ${s.failed} failed, ${s.errors} errors, ${s.skipped} skipped; ${exchanges} exchanges per run`);
  for (const [why, n] of Object.entries(skipped)) console.log(`    skipped ${n}: ${why}`);
  if (PROFILE) {
    const profDir = join(dir, 'prof');
    mkdirSync(profDir);
    await runCli(args, dir, ['--cpu-prof', '--cpu-prof-dir', profDir]);
    const prof = JSON.parse(readFileSync(join(profDir, readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'))), 'utf8'));
    console.log(`  CPU profile of one more CLI run (self time):\n${summarizeProfile(prof)}`);
  }
  console.log(`  server answers over all runs: ${Object.entries(target.counts).map(([k, n]) => `${n}× ${k}`).join(', ')}`);
} finally {
  target?.server.closeAllConnections();
  target?.server.close();
  rmSync(dir, { recursive: true, force: true });
}

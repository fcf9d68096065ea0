// Lint timings: all of specs/, a generated 500-operation OpenAPI 3.1 document, and the generated
// Plaid-sized 3 MB OpenAPI 3.0 document of bench/fixtures/large-doc.mjs (goal: lint in seconds, < 5 s;
// it took 27.7 s in issue 13), each in a temp dir removed afterwards. Spawns the built CLI the way CI does, so start-up and the lazy Redocly
// import are included. Run `node scripts/build.mjs` first. Usage: node bench/lint.mjs [runs=5]
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { writeLargeFixture } from './fixtures/large-doc.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// specgate's disk cache in a temp dir of the bench (children inherit it): `cold` empties it before
// each run (the first lint after an edit), `warm` keeps what the previous run left.
const cacheDir = mkdtempSync(join(tmpdir(), 'specgate-bench-cache-'));
process.env.SPECGATE_CACHE_DIR = cacheDir;
const runs = Number(process.argv[2] ?? 5);
// Cited as the real specs cite: a path relative to the document (the pages are copied beside it).
const SEED = 'sources/004_5567eee5e0cc442e.txt';
const src = (quote) => ({ file: SEED, quote });
const MAX = src('[^1]: This is the maximum number of characters allowed.');

/** A document shaped like the real specs (shared components, named examples with x-source), scaled up. */
function generate(operations) {
  const paths = {};
  for (let i = 0; i < operations / 2; i++) {
    const item = {};
    for (const method of ['get', 'post']) {
      item[method] = {
        operationId: `${method}Thing${i}`,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 150, 'x-source': MAX }, example: `t-${i}`, 'x-source': MAX }],
        ...(method === 'post'
          ? {
              requestBody: {
                required: true,
                content: {
                  'application/json': {
                    schema: { $ref: '#/components/schemas/Thing' },
                    examples: { sample: { value: { name: `thing ${i}`, reason: "Customer's request" }, 'x-source': src("<em>i. Customer's request</em> <br>") } },
                  },
                },
              },
            }
          : {}),
        responses: {
          200: { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' }, examples: { found: { value: { name: `thing ${i}` }, 'x-source': src('"status": true,') } } } } },
          400: {
            description: 'Bad request',
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/Error' },
                examples: { too_long: { value: { errors: [{ statusCode: 400, errorCode: '09', errorMessage: 'too long' }] }, 'x-source': MAX } },
              },
            },
          },
        },
      };
    }
    paths[`/things${i}/{id}`] = item;
  }
  return {
    openapi: '3.1.0',
    info: { title: `Generated (${operations} operations)`, version: 'v1' },
    paths,
    components: {
      schemas: {
        Thing: {
          type: 'object',
          required: ['name'],
          'x-source': src("Use this endpoint for closing a customer's account by passing the `accountNumber` and `closureReason` in the request body."),
          properties: { name: { type: 'string', maxLength: 150, 'x-source': MAX }, reason: { type: ['string', 'null'], maxLength: 150, 'x-source': MAX } },
        },
        Error: {
          type: 'object',
          required: ['errors'],
          'x-source': { file: 'sources/other-public-facts.md', quote: '`{"errors": [{"statusCode": integer, "errorCode": string, "errorMessage": string}]}`' },
          properties: { errors: { type: 'array', items: { type: 'object', properties: { statusCode: { type: 'integer' }, errorCode: { type: 'string' }, errorMessage: { type: 'string' } } } } },
        },
      },
    },
  };
}

function time(label, args, goalMs, { cold = false } = {}) {
  const ms = [];
  let last;
  for (let i = 0; i < runs; i++) {
    if (cold) rmSync(cacheDir, { recursive: true, force: true });
    const t = process.hrtime.bigint();
    last = spawnSync(process.execPath, [join(root, 'bin', 'specgate.js'), 'lint', ...args, '--format', 'json'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (last.status === 2) throw new Error(`${label}: ${last.stderr}`);
  }
  ms.sort((a, b) => a - b);
  const s = JSON.parse(last.stdout).summary;
  const median = ms[Math.floor(ms.length / 2)];
  const goal = goalMs === undefined ? '' : median < goalMs ? `  goal < ${goalMs} ms: met` : `  goal < ${goalMs} ms: MISSED`;
  console.log(`${label.padEnd(48)} median ${median.toFixed(0).padStart(5)} ms  min ${ms[0].toFixed(0).padStart(5)} ms  (${s.files} files, ${s.errors} errors, ${s.warnings} warnings, exit ${last.status}; load ${loadavg()[0].toFixed(1)})${goal}`);
}

execFileSync(process.execPath, [join(root, 'bin', 'specgate.js'), '--version'], { stdio: 'ignore' });
const dir = mkdtempSync(join(tmpdir(), 'specgate-bench-lint-'));
try {
  const big = join(dir, 'generated.yaml');
  writeFileSync(big, stringify(generate(500), { aliasDuplicateObjects: false }));
  cpSync(join(root, 'specs', 'udara360', 'sources'), join(dir, 'sources'), { recursive: true });
  console.log(`node ${process.version}, load ${loadavg()[0].toFixed(1)}, ${runs} runs each`);
  time('specgate lint (all of specs/)', []);
  time('specgate lint (500 operations)', [big]);
  const { spec } = writeLargeFixture(join(dir, 'large'));
  time('specgate lint (3 MB, 329 operations, 3.0), cold', [spec], 5000, { cold: true });
  time('specgate lint (3 MB, 329 operations, 3.0), warm', [spec], 5000);
} finally {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cacheDir, { recursive: true, force: true });
}

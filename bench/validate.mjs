// Validations per second of the updateLegalUser 200 response: specgate's validateResponse
// (status lookup + content type + standalone Ajv code) beside raw Ajv on the same capture.
// Run after `npm run build`: node bench/validate.mjs
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadApi, validateResponse } from '../dist/index.js';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats');

const api = await loadApi('mangopay');
const op = api.operation('updateLegalUser');
const body = op.responses.find((r) => r.status === '200').content[0].examples[0].value;
const schema = JSON.parse(readFileSync(new URL('../specs/mangopay/schemas/updateLegalUser.200.schema.json', import.meta.url), 'utf8'));

// Raw Ajv as a user would set it up for this schema: same dialect, all errors, formats.
const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true });
addFormats(ajv);
const raw = ajv.compile(schema);
const response = { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body };
if (!raw(body) || validateResponse(api, 'updateLegalUser', response).length) throw new Error('the example must validate');

function rate(fn, ms = 1500) {
  let n = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) fn();
    n += 1000;
  }
  return n / (ms / 1000);
}

const rounds = Number(process.env.ROUNDS ?? 3);
let best = { raw: 0, api: 0 };
for (let r = 0; r < rounds; r++) {
  best.raw = Math.max(best.raw, rate(() => raw(body)));
  best.api = Math.max(best.api, rate(() => validateResponse(api, 'updateLegalUser', response)));
}
const fmt = (n) => Math.round(n).toLocaleString('en-US');
console.log(`validators: ${api.validators.origin}`);
console.log(`raw Ajv:          ${fmt(best.raw)} validations/s`);
console.log(`validateResponse: ${fmt(best.api)} validations/s (${(best.api / best.raw).toFixed(2)}× raw Ajv)`);

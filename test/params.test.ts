import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadApi } from '../src/validate/load.js';
import { validateRequest } from '../src/validate/validator.js';
import { serializeParameter, readParameter } from '../src/validate/params.js';
import type { ParameterModel } from '../src/model/types.js';

const file = join(import.meta.dirname, 'fixtures/any-document/params.yaml');
const issues = async (req: Parameters<typeof validateRequest>[2]) => validateRequest(await loadApi(file), 'getItem', req).map((i) => `${i.location}${i.pointer} ${i.keyword}`);

describe('parameters are deserialised by style/explode, then typed by their schema', () => {
  it('a path parameter whose schema is a $ref to an integer (issue 12, bug 2)', async () => {
    expect(await issues({ path: { itemId: '12' } })).toEqual([]);
    expect(await issues({ path: { itemId: '0' } })).toEqual(['path/itemId minimum']);
    expect(await issues({ path: { itemId: 'twelve' } })).toEqual(['path/itemId type']);
  });

  it('?ids=1&ids=2 is an array of integers (form, exploded: the query default)', async () => {
    expect(await issues({ path: { itemId: '1' }, query: { ids: ['1', '2'] } })).toEqual([]);
    expect(await issues({ path: { itemId: '1' }, query: { ids: '3' } })).toEqual([]);
    expect(await issues({ path: { itemId: '1' }, query: { ids: ['1', 'x'] } })).toEqual(['query/ids/1 type']);
  });

  it('explode: false, pipeDelimited, deepObject, a $ref to a boolean', async () => {
    expect(await issues({ path: { itemId: '1' }, query: { tags: 'a,b', pipes: '1|2|3', 'filter[min]': '5', 'filter[name]': 'n', flag: 'true' } })).toEqual([]);
    expect(await issues({ path: { itemId: '1' }, query: { tags: 'a,c', pipes: '1|z', 'filter[min]': 'five', flag: 'yes' } })).toEqual(['query/tags/1 enum', 'query/pipes/1 type', 'query/filter/min type', 'query/flag type']);
  });

  it('headers (simple, exploded object), cookies (form) and a JSON content parameter', async () => {
    expect(await issues({ path: { itemId: '1' }, headers: { 'x-rate': '1.5', 'x-point': 'x=1,y=2', cookie: 'other=z; session=42' }, query: { where: '{"lat":1.5}' } })).toEqual([]);
    expect(await issues({ path: { itemId: '1' }, headers: { 'x-rate': 'fast', 'x-point': 'x=1,y=b', cookie: 'session=abc' }, query: { where: '{}' } })).toEqual(['header/X-Rate type', 'header/X-Point/y type', 'header/session type', 'query/where/lat required']);
  });
});

describe('serialisation is the inverse of deserialisation', () => {
  const p = (over: Partial<ParameterModel>): ParameterModel => ({ name: 'v', in: 'query', required: true, schema: {}, ...over });
  it.each([
    [p({ schema: { type: 'array', items: { type: 'integer' } } }), [1, 2], { v: ['1', '2'] }],
    [p({ explode: false, schema: { type: 'array', items: { type: 'integer' } } }), [1, 2], { v: '1,2' }],
    [p({ style: 'spaceDelimited', explode: false, schema: { type: 'array', items: { type: 'string' } } }), ['a', 'b'], { v: 'a b' }],
    [p({ style: 'deepObject', schema: { type: 'object', properties: { a: { type: 'integer' } } } }), { a: 1 }, { 'v[a]': '1' }],
    [p({ schema: { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'string' } } } }), { a: 1, b: 'x' }, { a: '1', b: 'x' }],
    [p({ in: 'path', schema: { type: 'array', items: { type: 'integer' } } }), [3, 4], '3,4'],
    [p({ in: 'path', style: 'label', explode: true, schema: { type: 'array', items: { type: 'integer' } } }), [3, 4], '.3.4'],
    [p({ in: 'path', style: 'matrix', schema: { type: 'array', items: { type: 'integer' } } }), [3, 4], ';v=3,4'],
    [p({ in: 'path', style: 'matrix', explode: true, schema: { type: 'array', items: { type: 'integer' } } }), [3, 4], ';v=3;v=4'],
    [p({ in: 'header', explode: true, schema: { type: 'object', properties: { x: { type: 'integer' } } } }), { x: 1 }, 'x=1'],
    [p({ in: 'header', schema: { type: 'object', properties: { x: { type: 'integer' } } } }), { x: 1 }, 'x,1'],
  ])('%#', (param, value, wire) => {
    expect(serializeParameter(param, value)).toEqual(wire);
    const raw = param.in === 'query' ? { query: wire as Record<string, string | string[]> } : param.in === 'path' ? { path: { v: wire as string } } : { header: () => wire as string };
    expect(readParameter(param, raw)).toEqual(value);
  });
});

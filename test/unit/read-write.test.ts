// readOnly/writeOnly by direction: the requirement is dropped where it does not apply, and a
// component is one object in every schema that reaches it (so validators compile it once).
import { describe, expect, it } from 'vitest';
import { forDirection as forDirectionOf, readOnlyLeftOut } from '../../src/model/read-write.js';
import type { ApiModel } from '../../src/model/types.js';
import { selfContained } from '../../src/model/self-contained.js';
import type { JsonSchema } from '../../src/model/types.js';

const doc = {
  components: {
    schemas: {
      User: { type: 'object', required: ['id', 'name', 'password'], properties: { id: { type: 'string', readOnly: true }, name: { type: 'string' }, password: { type: 'string', writeOnly: true }, address: { $ref: '#/components/schemas/Address' } } },
      Address: { type: 'object', required: ['city'], properties: { city: { type: 'string' } } },
      Id: { type: 'string', readOnly: true },
      Ref: { type: 'object', required: ['id', 'x'], properties: { id: { $ref: '#/components/schemas/Id' }, x: { type: 'integer' } } },
    },
  },
};
const forDirection = (s: JsonSchema, d: 'request' | 'response') => forDirectionOf(s, d) as Record<string, any>;
const root = (name: string) => selfContained(doc, { type: 'object', properties: { item: { $ref: `#/components/schemas/${name}` } } } as JsonSchema) as Record<string, any>;

describe('forDirection', () => {
  it('drops readOnly from required in requests and writeOnly in responses, through a $ref too', () => {
    expect(forDirection(root('User'), 'request').$defs.User.required).toEqual(['name', 'password']);
    expect(forDirection(root('User'), 'response').$defs.User.required).toEqual(['id', 'name']);
    expect(forDirection(root('Ref'), 'request').$defs.Ref.required).toEqual(['x']);
    expect(forDirection(root('Ref'), 'response').$defs.Ref.required).toEqual(['id', 'x']);
  });

  it('a component keeps one identity across schemas, and one that does not change stays the original', () => {
    const a = forDirection(root('User'), 'request');
    const b = forDirection({ ...root('User'), description: 'another operation' }, 'request');
    expect(a).not.toBe(b);
    expect(a.$defs.User).toBe(b.$defs.User);
    expect(a.$defs.Address).toBe(root('User').$defs.Address);
    const plain = root('Address');
    expect(forDirection(plain, 'request')).toBe(plain);
    // The originals are never modified.
    expect(root('User').$defs.User.required).toEqual(['id', 'name', 'password']);
  });
});

describe('readOnlyLeftOut (a 3.1 document keeps `required` for readOnly properties)', () => {
  const v31 = {} as ApiModel;
  const v30 = { upgradedFrom: '3.0.3' } as ApiModel;
  const list = { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Ref' } }, user: { $ref: '#/components/schemas/User' } } };
  const schema = selfContained(doc, list as JsonSchema);

  it('finds each required readOnly property the body leaves out, nested, in arrays, readOnly on the $ref target', () => {
    const body = { items: [{ x: 1 }, { id: 'a', x: 2 }], user: { name: 'n', password: 'p' } };
    expect(readOnlyLeftOut(v31, schema, body)).toEqual(['/items/0/id', '/user/id']);
    expect(readOnlyLeftOut(v31, schema, { items: [{ id: 'a', x: 1 }], user: { id: 'u', name: 'n' } })).toEqual([]);
  });

  it('nothing for a 3.0 or 2.0 document (there `required` of a readOnly property is the response\'s only), nor for a body that is not an object', () => {
    expect(readOnlyLeftOut(v30, schema, { items: [{ x: 1 }] })).toEqual([]);
    expect(readOnlyLeftOut(v31, schema, 'text')).toEqual([]);
    expect(readOnlyLeftOut(v31, undefined, { x: 1 })).toEqual([]);
  });
});

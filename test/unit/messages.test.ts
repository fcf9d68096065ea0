// Failure messages say what the document says and no more: a bound with its comparison, null
// once, and a negative case's undocumented rejection without a status the document does not list.
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { toIssues } from '../../src/validate/issues.js';
import { negativeRejection } from '../../src/checks/negative.js';
import type { CheckContext } from '../../src/checks/types.js';

const issuesOf = (schema: object, data: unknown) => {
  const validate = new Ajv2020({ allErrors: true, verbose: true }).compile(schema);
  validate(data);
  return toIssues(validate.errors, 'body').map((i) => ({ expected: i.expected, actual: i.actual }));
};

describe('validation messages', () => {
  it('an exclusive bound shows its comparison, not a bare limit that reads as the value wanted', () => {
    expect(issuesOf({ type: 'integer', exclusiveMinimum: 0 }, 0)).toEqual([{ expected: '> 0', actual: 0 }]);
    expect(issuesOf({ type: 'integer', maximum: 9 }, 10)).toEqual([{ expected: '<= 9', actual: 10 }]);
  });
  it('null is shown once', () => {
    expect(issuesOf({ type: 'string' }, null)).toEqual([{ expected: 'string', actual: 'null' }]);
    expect(issuesOf({ type: 'string' }, 5)).toEqual([{ expected: 'string', actual: 'integer 5' }]);
  });
});

describe('a negative case rejected with an undocumented 4xx', () => {
  const judge = (statuses: string[]) =>
    negativeRejection({
      api: { operation: () => ({ operationId: 'op', responses: statuses.map((status) => ({ status })) }) },
      scenario: { kind: 'negative', rule: { pointer: '/name', keyword: 'maxLength', description: 'name too long' } },
      step: { request: { operationId: 'op' } },
      exchange: { response: { status: 418 } },
    } as unknown as CheckContext);
  it('names the status the document lists for it, or says it lists none', () => {
    expect(judge(['200', '400'])[0].assumption).toMatch(/the document lists 400 for this\)$/);
    expect(judge(['200'])[0].assumption).toMatch(/the document lists no status for this rejection\)$/);
    expect(judge(['200'])[0].assumption).not.toMatch(/lists 4xx/);
  });
});

/** The string formats specgate validates (ajv-formats plus OpenAPI's). */
import { fullFormats } from 'ajv-formats/dist/formats.js';
import type { Format } from 'ajv';

/**
 * ajv-formats' own formats that neither JSON Schema nor OpenAPI defines: asserting them would
 * fail a value no source rules out (`format: url` on a relative link), so they are unknown
 * formats here, annotations with a warning.
 */
const NOT_STANDARD = new Set(['url', 'iso-time', 'iso-date-time', 'json-pointer-uri-fragment']);
const standard = Object.fromEntries(Object.entries(fullFormats).filter(([name]) => !NOT_STANDARD.has(name)));

/**
 * Formats specgate knows beyond ajv-formats: OpenAPI's numeric formats, and `float` on a *string*
 * (Qonto writes money as `type: string, format: float`, e.g. "142188.43").
 * Kept in one exported table so standalone code can `require` it by name.
 */
export const specgateFormats: Record<string, Format> = {
  ...standard,
  float: { type: 'string', validate: /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/ },
  double: { type: 'string', validate: /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/ },
  int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 },
  int64: { type: 'number', validate: (n: number) => Number.isInteger(n) },
  // Textual hints with nothing to check.
  password: true,
  binary: true,
  byte: fullFormats.byte,
};

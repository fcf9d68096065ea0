// @fastify/busboy types its parsers but not this helper, which it uses for the same headers.
declare module '@fastify/busboy/lib/utils/parseParams.js' {
  /** `form-data; name="a"` → `['form-data', ['name', 'a']]` (quoting and RFC 2231 decoded). */
  export default function parseParams(value: string): (string | [string, string])[];
}

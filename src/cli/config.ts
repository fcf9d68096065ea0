/**
 * The check config file (`specgate.config.yaml`, or a `specgate` key in package.json): what CI would
 * otherwise pass as flags, parsed into the same CheckOptions that runCheck takes. Flags override it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseSource, type SourceFile } from '../openapi/source.js';
import { pathToPointer, pointerToPath } from '../util/pointer.js';
import { SpecError } from '../openapi/errors.js';
import { createAjv } from '../validate/ajv.js';
import { REPORTERS, type ReporterName } from '../report/index.js';
import type { CheckOptions } from '../run/check.js';
import { SetupError } from './errors.js';

export const CONFIG_FILES = ['specgate.config.yaml', 'specgate.config.yml'];

export interface ReporterTarget {
  name: ReporterName;
  /** Absent: standard output. */
  output?: string;
}

export interface CheckConfig {
  file: string;
  options: Partial<CheckOptions>;
  strict?: boolean;
  reporters?: ReporterTarget[];
  /** Values taken from the environment into headers: credentials, whatever the header's name. */
  secrets: string[];
}

const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
const names = { type: 'array', items: { type: 'string', minLength: 1 } };

/** The keys, as data: camelCase, as in CheckOptions (the flags are their kebab-case spelling). */
const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    baseUrl: { type: 'string' },
    stateUrl: { type: 'string' },
    headers: stringMap,
    vars: stringMap,
    apis: names,
    specs: names,
    reporters: {
      type: 'array',
      minItems: 1,
      items: {
        anyOf: [
          { enum: [...REPORTERS] },
          { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { enum: [...REPORTERS] }, output: { type: 'string', minLength: 1 } } },
        ],
      },
    },
    concurrency: { type: 'integer', minimum: 1 },
    timeoutMs: { type: 'integer', minimum: 1 },
    strict: { type: 'boolean' },
    negative: { type: 'boolean' },
    coverage: { type: 'boolean' },
    checks: names,
    excludeChecks: names,
    // Read by `specgate lint` (src/lint/settings.ts validates it); check only lets it be there.
    lint: { type: 'object' },
  },
};

/**
 * Flag-only on purpose: a safety override (--allow-destructive) must be given on the command that
 * needs it, never left on in a file; --har, --shard and --output belong to one run.
 */
const FLAG_ONLY: Record<string, string> = { allowDestructive: '--allow-destructive', har: '--har', shard: '--shard', output: '--output (use reporters: [{ name, output }])' };

const camel = (k: string) => k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The config file in force: --config FILE, else specgate.config.yaml / .yml, else package.json's `specgate` key. */
export function findConfig(cwd: string, explicit?: string): { file: string; key?: string } | undefined {
  if (explicit !== undefined) {
    const file = resolve(cwd, explicit);
    if (!existsSync(file)) throw new SetupError(`--config ${explicit}: no such file`);
    return { file, key: /(^|[\\/])package\.json$/.test(file) ? 'specgate' : undefined };
  }
  const found = CONFIG_FILES.map((f) => join(cwd, f)).filter((f) => existsSync(f));
  const pkg = join(cwd, 'package.json');
  let inPkg = false;
  if (existsSync(pkg)) {
    try {
      inPkg = (JSON.parse(readFileSync(pkg, 'utf8')) as { specgate?: unknown }).specgate !== undefined;
    } catch {
      // Not our file to judge: a broken package.json is only an error if it was asked for.
    }
  }
  const all = [...found, ...(inPkg ? [`${pkg} (key "specgate")`] : [])];
  if (all.length > 1) throw new SetupError(`more than one specgate config: ${all.join(', ')}; keep one, or pick one with --config`);
  if (found.length) return { file: found[0] };
  return inPkg ? { file: pkg, key: 'specgate' } : undefined;
}

/** `${NAME}` from the environment; unset or empty is an error at the value's line. */
function expand(value: string, fail: (reason: string) => SpecError, env: NodeJS.ProcessEnv, taken: string[]): string {
  return value.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw fail(`'\${${name}}' is not an environment variable reference (expected \${NAME})`);
    const v = env[name];
    if (v === undefined || v === '') throw fail(`environment variable ${name} is ${v === undefined ? 'not set' : 'empty'} (referenced as \${${name}})`);
    taken.push(v);
    return v;
  });
}

class Located {
  constructor(
    private readonly src: SourceFile,
    private readonly pointer: string,
  ) {}
  with(reason: string): SpecError {
    const { line, column } = this.src.locate(this.pointer);
    return new SpecError(this.src.file, line, column, reason);
  }
}

export function loadConfig(where: { file: string; key?: string }, env: NodeJS.ProcessEnv = process.env): CheckConfig {
  const src = parseSource(where.file, readFileSync(where.file, 'utf8'));
  const base = where.key ? `/${where.key}` : '';
  const at = (pointer: string) => new Located(src, base + pointer);
  let data = src.data as Record<string, unknown> | null | undefined;
  if (where.key) data = (data as Record<string, unknown> | undefined)?.[where.key] as Record<string, unknown> | undefined;
  if (data === null || data === undefined) data = {};

  if (typeof data === 'object' && !Array.isArray(data)) {
    for (const k of Object.keys(data)) {
      if (FLAG_ONLY[k]) throw at(pathToPointer([k])).with(`'${k}' cannot be set in a config file: pass ${FLAG_ONLY[k]} on the command line`);
    }
  }
  const ajv = createAjv();
  const validate = ajv.compile(SCHEMA);
  if (!validate(data)) {
    const errs = validate.errors ?? [];
    // The most specific error first: an unknown key, then a wrong type, then the rest.
    const e = errs.find((x) => x.keyword === 'additionalProperties') ?? errs.find((x) => x.keyword !== 'anyOf') ?? errs[0];
    if (e.keyword === 'additionalProperties') {
      const key = String(e.params.additionalProperty);
      const known = Object.keys(e.instancePath ? (SCHEMA.properties.reporters.items.anyOf[1] as { properties: object }).properties : SCHEMA.properties);
      const hint = known.includes(camel(key)) ? ` (did you mean '${camel(key)}'?)` : ` (known keys: ${known.join(', ')})`;
      throw at(`${e.instancePath}${pathToPointer([key])}`).with(`unknown key '${key}'${hint}`);
    }
    const what = e.instancePath ? pointerToPath(e.instancePath).join('.') : 'the config';
    const reason = e.keyword === 'enum' ? `must be one of ${(e.params.allowedValues as string[]).join(', ')}` : e.message;
    throw at(e.instancePath).with(`${what} ${reason}`);
  }

  const dir = dirname(where.file);
  const secrets: string[] = [];
  const str = (k: string, sub?: string) => {
    const v = sub === undefined ? (data as Record<string, unknown>)[k] : ((data as Record<string, Record<string, unknown>>)[k][sub]);
    const pointer = pathToPointer(sub === undefined ? [k] : [k, sub]);
    return typeof v === 'string' ? expand(v, (reason) => at(pointer).with(reason), env, k === 'headers' ? secrets : []) : undefined;
  };
  const c = data as Record<string, unknown>;
  const options: Partial<CheckOptions> = {};
  const url = (k: 'baseUrl' | 'stateUrl') => {
    const v = str(k);
    if (v === undefined) return;
    let u: URL;
    try {
      u = new URL(v);
    } catch {
      throw at(`/${k}`).with(`${k} '${v}' is not a URL (expected e.g. http://127.0.0.1:8080)`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw at(`/${k}`).with(`${k} '${v}' must be an http or https URL`);
    return v;
  };
  options.baseUrl = url('baseUrl');
  options.stateUrl = url('stateUrl');
  if (c.headers) options.headers = Object.fromEntries(Object.keys(c.headers).map((h) => [h, str('headers', h)!]));
  if (c.vars) options.vars = Object.fromEntries(Object.keys(c.vars).map((h) => [h, str('vars', h)!]));
  if (c.apis) options.apis = c.apis as string[];
  // Paths in the file are relative to the file, wherever specgate is run from.
  if (c.specs) options.specs = (c.specs as string[]).map((f) => resolve(dir, f));
  for (const k of ['concurrency', 'timeoutMs', 'negative', 'coverage', 'checks', 'excludeChecks'] as const) if (c[k] !== undefined) (options as Record<string, unknown>)[k] = c[k];
  for (const k of Object.keys(options) as (keyof CheckOptions)[]) if (options[k] === undefined) delete options[k];

  let reporters: ReporterTarget[] | undefined;
  if (c.reporters) {
    reporters = (c.reporters as (string | { name: ReporterName; output?: string })[]).map((r) => (typeof r === 'string' ? { name: r as ReporterName } : { name: r.name, ...(r.output ? { output: resolve(dir, r.output) } : {}) }));
    const toStdout = reporters.map((r, i) => [r, i] as const).filter(([r]) => !r.output);
    if (toStdout.length > 1) throw at(`/reporters/${toStdout[1][1]}`).with(`only one reporter can write to the terminal: give the others an output file`);
  }
  return { file: where.file, options, strict: c.strict as boolean | undefined, reporters, secrets };
}

/** The command line's part: flags given (undefined when absent) and the reporter flags. */
export interface CheckFlags {
  config?: string;
  reporter?: string;
  output?: string;
  strict?: boolean;
}

export interface ResolvedCheck {
  /** The config file used, if any. */
  file?: string;
  options: Partial<CheckOptions>;
  strict: boolean;
  reporters: ReporterTarget[];
}

/**
 * Flags over the config file: a flag given replaces the file's value; `headers` and `vars` merge
 * name by name (a flag wins for the same name). Any --reporter or --output replaces `reporters`.
 */
export function resolveCheck(flags: Partial<CheckOptions>, cli: CheckFlags, redactor: { add(s: string): void }, cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): ResolvedCheck {
  const where = findConfig(cwd, cli.config);
  const cfg = where ? loadConfig(where, env) : undefined;
  for (const s of cfg?.secrets ?? []) redactor.add(s);
  const options: Partial<CheckOptions> = { ...(cfg?.options ?? {}) };
  for (const [k, v] of Object.entries(flags) as [keyof CheckOptions, unknown][]) {
    if (v === undefined) continue;
    (options as Record<string, unknown>)[k] = k === 'headers' || k === 'vars' ? { ...((options[k] as object) ?? {}), ...(v as object) } : v;
  }
  const reporters = cli.reporter !== undefined || cli.output !== undefined ? [{ name: (cli.reporter ?? 'console') as ReporterName, ...(cli.output ? { output: cli.output } : {}) }] : (cfg?.reporters ?? [{ name: 'console' as const }]);
  return { file: cfg?.file, options, strict: cli.strict ?? cfg?.strict ?? false, reporters };
}

import type { NormalizedProblem, Config } from '@redocly/openapi-core';

type Redocly = typeof import('@redocly/openapi-core');

export interface StructProblem {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  severity: 'error' | 'warning';
  message: string;
  pointer?: string;
}

let engine: Promise<{ redocly: Redocly; config: Config }> | undefined;

/**
 * Redocly's structural rules, loaded on first use: the import costs a few hundred milliseconds
 * that `check`, `serve` and the others should not pay. Telemetry is switched off before the
 * import because the library reads the variable when it loads.
 */
function load(): Promise<{ redocly: Redocly; config: Config }> {
  engine ??= (async () => {
    process.env.REDOCLY_TELEMETRY = 'off';
    const redocly = await import('@redocly/openapi-core');
    // `spec` is Redocly's ruleset of what the OpenAPI specification itself requires: `struct`
    // (the shape of every object), `no-unresolved-refs` and the like. No style rules.
    const config = await redocly.createConfig({ extends: ['spec'] });
    return { redocly, config };
  })();
  return engine;
}

/** Structural problems of one OpenAPI document (text already read), with file:line:col. */
export async function structuralProblems(file: string, text: string): Promise<StructProblem[]> {
  const { redocly, config } = await load();
  let problems: NormalizedProblem[];
  try {
    problems = await redocly.lintFromString({ source: text, absoluteRef: file, config });
  } catch (err) {
    // The YAML parser of specgate runs first and reports syntax itself; this is a backstop so a
    // document Redocly cannot read is still a finding, never a stack trace.
    const e = err as Error & { line?: number; col?: number };
    return [{ file, line: Number.isFinite(e.line) ? e.line! : 1, column: Number.isFinite(e.col) ? e.col! : 1, ruleId: 'struct', severity: 'error', message: `Redocly cannot read the document: ${e.message.split('\n')[0]}` }];
  }
  return problems.map((p) => {
    const loc = p.location[0];
    const at = loc ? redocly.getLineColLocation(loc) : undefined;
    return {
      file: loc?.source.absoluteRef ?? file,
      line: at?.start.line ?? 1,
      column: at?.start.col ?? 1,
      ruleId: p.ruleId,
      severity: p.severity === 'error' ? 'error' : 'warning',
      message: p.message,
      pointer: loc?.pointer?.replace(/^#/, ''),
    };
  });
}

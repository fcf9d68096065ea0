/** specgate's one error type: every condition a user causes has a kind and an exit code, never "internal error". */
export type ErrorKind = 'usage' | 'setup' | 'spec';

export class SpecgateError extends Error {
  /** Usage and setup problems are exit 2 everywhere (CLI interface). */
  readonly exitCode = 2;
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** A bad flag or argument: exit 2 with one line. */
export class UsageError extends SpecgateError {
  override name = 'UsageError';
  constructor(message: string) {
    super('usage', message);
  }
}

/** Something needed before the run could start is missing or broken (spec, target, state endpoint): exit 2. */
export class SetupError extends SpecgateError {
  override name = 'SetupError';
  constructor(message: string) {
    super('setup', message);
  }
}

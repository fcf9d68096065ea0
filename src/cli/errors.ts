/** A bad flag or argument: exit 2 with one line. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Something needed before the run could start is missing or broken (spec, target, state endpoint): exit 2. */
export class SetupError extends Error {
  override name = 'SetupError';
}

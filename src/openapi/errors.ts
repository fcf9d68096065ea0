/** A document that cannot be used: always names the file and, where known, the line. */
import { SpecgateError } from '../errors.js';

export class SpecError extends SpecgateError {
  override name = 'SpecError';
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
    readonly reason: string,
  ) {
    super('spec', `${file}${line ? `:${line}${column ? `:${column}` : ''}` : ''}: ${reason}`);
  }
}

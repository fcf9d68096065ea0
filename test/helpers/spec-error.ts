// The SpecError a document fails to load with (file, line, column, reason): for the tests of bad and upgraded documents.
import { expect } from 'vitest';
import { loadApi } from '../../src/validate/load.js';
import { SpecError } from '../../src/openapi/errors.js';

/** Load `file`, expecting it to fail with a SpecError; that error. */
export async function specError(file: string): Promise<SpecError> {
  const err = await loadApi(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SpecError);
  return err as SpecError;
}

/** HAR 1.2: reading recorded traffic, matching it to operations, validating it, and writing what specgate sent. */
export { OperationMatcher, type OperationMatch, type MatchResult } from './match.js';
export { readHarFile, parseHar, headerBag, HarFileError, type RecordedEntry, type RecordedHar } from './read.js';
export type { RecordedBody } from './body.js';
export { buildHar, writeHar, HarWriter, type HarWriteOptions } from './write.js';
export { validateHar, type HarValidationOptions } from './validate.js';
export type * from './types.js';

/** The CLI's errors are the library's: one type, mapped to exit codes in main.ts. */
export { UsageError, SetupError, SpecgateError } from '../errors.js';

/** specgate's library API: the CLI is a thin layer over these. */
export { loadApi, loadBundledApis, validateRequest, validateResponse, type LoadedApi, type ValidationIssue, type RequestInput, type ResponseInput } from './validate/index.js';
export { SpecError } from './spec/errors.js';
export type { ApiModel, OperationModel } from './model/types.js';

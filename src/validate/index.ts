/** The validation API: load an API, validate requests and responses. */
export { loadApi, loadBundledApis, loadTargets, type LoadedApi } from './load.js';
export { validateRequest, validateResponse, responseFor, type RequestInput, type ResponseInput, type HeaderBag } from './validator.js';
export type { ValidationIssue, IssueLocation } from './issues.js';
export { mediaType, mediaMatches, isJsonMedia } from '../util/media.js';

/** The reference provider: an in-memory implementation of the bundled APIs, for `specgate check`, `serve` and consumer tests. */
export { startReferenceProvider, implementedApis, STATE_PATH, PROVIDER_APIS, type ReferenceProvider, type ReferenceProviderOptions } from './server.js';
export { STATES, handleState } from './states.js';

/**
 * `import 'specgate/testing'`: the reference provider's fault harness, for suites that test a
 * conformance tool with it (as specgate's own mutation self-test does). FAULTS are deliberate
 * bugs with the scenarios that must catch them; VARIANTS are behaviours the sources allow, which
 * must never fail. Switch them on with startReferenceProvider({ faults, variants }) or
 * `specgate serve --fault NAME --variant NAME`.
 */
export { FAULTS, VARIANTS, type FaultInfo, type FaultName, type VariantInfo, type VariantName } from './testing/faults.js';
export { startReferenceProvider, type ReferenceProvider, type ReferenceProviderOptions } from './provider/index.js';

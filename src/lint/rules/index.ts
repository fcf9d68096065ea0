/** The registry of lint rules. */
import type { Rule } from '../types.js';
import { yamlSyntax } from './yaml-syntax.js';
import { openapiVersion } from './openapi-version.js';
import { struct } from './struct.js';
import { localRefs } from './local-refs.js';
import { noNullable } from './no-nullable.js';
import { exampleValid } from './example-valid.js';
import { errorResponseExample } from './error-response-example.js';
import { responseDescription } from './response-description.js';
import { xSource } from './x-source.js';
import { xSourceQuote } from './x-source-quote.js';
import { bindingsValid } from './bindings-valid.js';
import { capturesInStep } from './captures-in-step.js';
import { contractsInStep } from './contracts-in-step.js';
import { verbatimCapture } from './verbatim-capture.js';

/** Every lint rule, in the order their findings read best. Levels live in ../config.ts. */
export const RULES: Rule[] = [
  yamlSyntax,
  openapiVersion,
  struct,
  localRefs,
  noNullable,
  exampleValid,
  errorResponseExample,
  responseDescription,
  xSource,
  xSourceQuote,
  bindingsValid,
  capturesInStep,
  contractsInStep,
  verbatimCapture,
];

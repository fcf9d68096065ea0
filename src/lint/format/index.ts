/** The lint output formats by name. */
import type { Formatter } from './types.js';
import { stylish } from './stylish.js';
import { json } from './json.js';
import { github } from './github.js';
import { sarif } from './sarif.js';
import { junit } from './junit.js';

/** `--format` names (interface: DESIGN.md) to formatters. */
export const FORMATTERS: Record<string, Formatter> = { stylish, json, github, sarif, junit };
export type { Formatter, LintReport } from './types.js';

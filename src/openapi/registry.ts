/** The bundled APIs: the folders of specs/ and their documents. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { specsDir } from './paths.js';

/** The APIs shipped in specs/: each folder with an openapi.yaml. */
export function bundledApiNames(): string[] {
  const dir = specsDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'openapi.yaml')))
    .map((d) => d.name)
    .sort();
}

export const bundledSpecFile = (name: string) => join(specsDir(), name, 'openapi.yaml');

/** Scenario id slugs: readable, at most 80 characters, and distinct for distinct texts (a long one keeps a hash of the whole). */
import { createHash } from 'node:crypto';

export const slug = (s: string) => {
  const full = s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  if (full.length <= 80) return full;
  // Cutting alone would give two long texts with one beginning the same id: the hash tells them apart.
  return `${full.slice(0, 71).replace(/-$/, '')}-${createHash('sha256').update(s).digest('hex').slice(0, 8)}`;
};

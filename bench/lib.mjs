// Shared by the bench scripts: the built library, and a readable summary of a .cpuprofile.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const bin = join(root, 'bin', 'specgate.js');

/** `--name N` from the command line, as a number, else the fallback. */
export const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

/** The library as users get it (dist/index.js, built by `npm run build`). */
export async function loadLibrary() {
  return { ...(await import(pathToFileURL(join(root, 'dist', 'index.js')).href)), via: 'dist/index.js' };
}

/** Self time per module and per function of a .cpuprofile, top entries first. */
export function summarizeProfile(profile, top = 12, indent = '    ') {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fns = new Map();
  const mods = new Map();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const file = url.replace(/^file:\/\//, '');
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];
    const mod = pkg ? `node_modules/${pkg}` : file.startsWith('node:') ? 'node internals' : file === '' ? functionName : file.replace(root, '');
    const fn = `${functionName || '(anonymous)'} ${file ? `${file.replace(root, '').replace(/.*node_modules\//, '')}:${lineNumber + 1}` : ''}`.trim();
    fns.set(fn, (fns.get(fn) ?? 0) + us);
    mods.set(mod, (mods.get(mod) ?? 0) + us);
  }
  const fmt = (m) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `${indent}  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`)
      .join('\n');
  return `${indent}by module:\n${fmt(mods)}\n${indent}by function (self time):\n${fmt(fns)}`;
}

// How tests start lab code in a child process: the compiled dist/ when it is up to date (as
// after `npm test`'s pretest build, and fast), otherwise the TypeScript sources via ts-node.
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function oldestBuild(dir: string): number {
  let oldest = Infinity;
  if (!fs.existsSync(dir)) return 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) oldest = Math.min(oldest, oldestBuild(p));
    else if (e.name.endsWith('.js')) oldest = Math.min(oldest, fs.statSync(p).mtimeMs);
  }
  return oldest;
}

let cached: boolean | null = null;

/** True when dist/lab was built after the last change to lab/**.ts. */
export function distIsFresh(): boolean {
  if (cached === null) {
    const built = oldestBuild(path.join(ROOT, 'dist', 'lab'));
    cached = built !== Infinity && built > 0 && built >= newestSource(path.join(ROOT, 'lab'));
  }
  return cached;
}

/** node arguments that run `lab/<rel>` (a module path without extension) with `args`. */
export function nodeArgs(rel: string, call: string, args: string[]): string[] {
  if (distIsFresh()) return ['-e', `require(${JSON.stringify(path.join(ROOT, 'dist', 'lab', rel))})${call}`, '--', ...args];
  return ['-r', 'ts-node/register/transpile-only', '-e', `require(${JSON.stringify(path.join(ROOT, 'lab', rel))})${call}`, '--', ...args];
}

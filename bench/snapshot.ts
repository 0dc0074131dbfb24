// A private copy of the compiled code for the whole run. The provider process and the lab
// shells load dist/ afresh at every operation (require('umlync/runtime') and the shell
// executable resolve through the project), so a rebuild during an hour-long run would change
// the code under measurement halfway. The bench instead points its stacks at a snapshot taken
// at the start: dist/, the package entries and bin scripts copied, node_modules linked entry
// by entry, with the two workspace links (umlync, umlync-lab) aimed at the copy.

import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const COPIED = ['package.json', 'dist', 'scripts/require-dist.js', 'scripts/self-link', 'lab/package.json', 'lab/bin'];
const WORKSPACES: Record<string, string> = { umlync: 'scripts/self-link', 'umlync-lab': 'lab' };

export interface CodeSnapshot {
  /** Project root of the copy: its lab shell, provider entry and node_modules. */
  root: string;
  /** sha256 of the copied dist/ (which build was measured). */
  distHash: string;
}

function hashDir(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else h.update(path.relative(dir, p)).update('\0').update(fs.readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex').slice(0, 16);
}

export function snapshotCode(root: string): CodeSnapshot {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'umlync-bench-code-'));
  for (const rel of COPIED) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.cpSync(path.join(root, rel), path.join(dir, rel), { recursive: true });
  }
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(modules);
  for (const name of fs.readdirSync(path.join(root, 'node_modules'))) {
    const target = WORKSPACES[name] ? path.join(dir, WORKSPACES[name]) : fs.realpathSync(path.join(root, 'node_modules', name));
    fs.symlinkSync(target, path.join(modules, name));
  }
  return { root: dir, distHash: hashDir(path.join(dir, 'dist')) };
}

export function removeSnapshot(s: CodeSnapshot): void {
  fs.rmSync(s.root, { recursive: true, force: true });
}

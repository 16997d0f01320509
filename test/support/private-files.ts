/**
 * What a state folder shows to users other than its owner: every file or
 * folder whose permission bits let group or others in.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface ExposedEntry {
  /** Relative to the folder walked. */
  readonly path: string;
  readonly kind: 'file' | 'folder';
  /** Permission bits, in octal. */
  readonly mode: string;
}

/**
 * Walks `root` and lists every entry open to group or others: a file with
 * any group/other bit, a folder that group or others may list or write
 * (search alone, `--x`, lets a named file through and nothing else; it is
 * allowed where `passThrough` names the folder). Entries that vanish while
 * the walk runs (a broker rolls its segments) are skipped.
 */
export function entriesOpenToOthers(root: string, passThrough: readonly string[] = []): ExposedEntry[] {
  const exposed: ExposedEntry[] = [];
  const walk = (path: string): void => {
    let stats;
    try {
      stats = lstatSync(path);
    } catch {
      return;
    }
    const mode = stats.mode & 0o777;
    const rel = relative(root, path) || '.';
    if (stats.isDirectory()) {
      const allowed = passThrough.includes(rel) ? 0o011 : 0;
      if ((mode & 0o077 & ~allowed) !== 0)
        exposed.push({ path: rel, kind: 'folder', mode: mode.toString(8) });
      let names: string[] = [];
      try {
        names = readdirSync(path);
      } catch {
        return;
      }
      for (const name of names) walk(join(path, name));
    } else if (!stats.isSymbolicLink() && (mode & 0o077) !== 0) {
      exposed.push({ path: rel, kind: 'file', mode: mode.toString(8) });
    }
  };
  walk(root);
  return exposed;
}

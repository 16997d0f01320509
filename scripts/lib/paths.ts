import { resolve } from 'node:path';

/** The repository root (scripts run from source with tsx, or from dist/). */
export const REPO_ROOT = resolve(__dirname, __dirname.includes('/dist/') ? '../../..' : '../..');
/** Local state: data folders, caches, the stack description. Ignored by git. */
export const BEACON_DIR = resolve(REPO_ROOT, '.beacon');

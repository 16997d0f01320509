#!/usr/bin/env node
// `npx beacon …`: hands over to the TypeScript CLI with the project's tsx.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const child = spawn(
  join(root, 'node_modules', '.bin', 'tsx'),
  [join(root, 'scripts', 'cli', 'beacon.ts'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));

#!/usr/bin/env node
// `npx beacon …`: hands over to the TypeScript CLI with the project's tsx,
// on the runtime `npm start` uses (Node.js 24 where the machine's is too old).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT as root, beaconNode, handOver } from '../runtime.mjs';

let node;
try {
  node = beaconNode((line) => process.stderr.write(`[beacon] ${line}\n`));
} catch (error) {
  process.stderr.write(`[beacon] ${error.message}\n`);
  process.exit(1);
}
// tsx by its file URL: the CLI runs from any folder, and file arguments are relative to it.
const tsx = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
handOver(node, ['--import', tsx, join(root, 'scripts', 'cli', 'beacon.ts'), ...process.argv.slice(2)]);

import { existsSync, readFileSync, readdirSync, statSync } from 'fs';
import { join } from 'path';
import { EVENT_FLOWS } from './event-flows';
import { tryParseEventType } from './event-type';
import { defaultSchemasDir } from './schema-registry';

/** One example payload (event data, not the envelope) from `schemas/examples/<type>/<name>.json`. */
export interface SchemaExample {
  readonly type: string;
  /** The file name without `.json`, e.g. `labour-exploitation-car-wash`. */
  readonly name: string;
  readonly file: string;
  readonly payload: unknown;
}

/**
 * Reads every example under `schemas/examples/`, sorted by type and name.
 * The folder name is the event type; the specs check that each one names a
 * known type and that each example validates.
 */
export function loadExamples(schemasDir: string = defaultSchemasDir()): SchemaExample[] {
  const root = join(schemasDir, 'examples');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((type) => statSync(join(root, type)).isDirectory())
    .sort()
    .flatMap((type) =>
      readdirSync(join(root, type))
        .filter((file) => file.endsWith('.json'))
        .sort()
        .map((file) => {
          const path = join(root, type, file);
          return {
            type,
            name: file.slice(0, -'.json'.length),
            file: path,
            payload: JSON.parse(readFileSync(path, 'utf8')),
          };
        }),
    );
}

/**
 * A copy of an example payload that names `partnerId` as its originator (the
 * field intake checks against the partner that sent it), so an example can be
 * sent by any partner in tests and benchmarks.
 */
export function withOriginator<T>(type: string, payload: T, partnerId: string): T {
  const path = EVENT_FLOWS[tryParseEventType(type)?.name ?? '']?.originatorPath;
  if (!path) return payload;
  const copy = structuredClone(payload) as Record<string, unknown>;
  const tokens = path.split('/').slice(1);
  let node = copy;
  for (const token of tokens.slice(0, -1)) {
    if (node[token] === null || typeof node[token] !== 'object') node[token] = {};
    node = node[token] as Record<string, unknown>;
  }
  node[tokens[tokens.length - 1]] = partnerId;
  return copy as T;
}

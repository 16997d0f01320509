import { parsePointer } from './json-pointer';
import { type Category, isCategory } from './vocabulary';

/**
 * The category of every leaf of one event schema, by JSON pointer, with `*`
 * standing for any array index: `/subject/aliases/*`, `/location/latitude`.
 * libs/contracts derives it from the schema's `x-beacon-category`
 * keywords; either a plain object or a Map is accepted.
 */
export type CategoryMap = Readonly<Record<string, Category>> | ReadonlyMap<string, Category>;

interface TrieNode {
  category?: Category;
  readonly children: Map<string, TrieNode>;
  anyIndex?: TrieNode;
}

/** A category map prepared for fast lookups while walking an event. */
export interface CompiledCategoryMap {
  readonly kind: 'compiled-category-map';
  /** Entries that were ignored (a bad pointer or an unknown category); their leaves stay uncategorised. */
  readonly problems: readonly string[];
  /** @internal */
  readonly root: TrieNode;
}

function newNode(): TrieNode {
  return { children: new Map() };
}

function entriesOf(map: CategoryMap): [string, unknown][] {
  return map instanceof Map ? [...map.entries()] : Object.entries(map);
}

/**
 * Builds the lookup structure for a category map. An entry whose pointer or
 * category cannot be read is skipped and reported, never guessed: the
 * fields it meant stay uncategorised and are withheld from everyone.
 */
export function compileCategoryMap(map: CategoryMap): CompiledCategoryMap {
  const root = newNode();
  const problems: string[] = [];
  for (const [pointer, category] of entriesOf(map)) {
    const tokens = parsePointer(pointer);
    if (tokens === undefined || tokens.length === 0) {
      problems.push(`${JSON.stringify(pointer)} is not a JSON pointer to a field`);
      continue;
    }
    if (!isCategory(category)) {
      problems.push(`${pointer}: ${JSON.stringify(category)} is not a data category`);
      continue;
    }
    let node = root;
    for (const token of tokens) {
      if (token === '*') {
        node.anyIndex ??= newNode();
        node = node.anyIndex;
      } else {
        let child = node.children.get(token);
        if (child === undefined) {
          child = newNode();
          node.children.set(token, child);
        }
        node = child;
      }
    }
    node.category = category;
  }
  return { kind: 'compiled-category-map', problems, root };
}

const cache = new WeakMap<object, CompiledCategoryMap>();

/** Compiles a map once per map object; a compiled map is returned as it is. */
export function categoryMapOf(map: CategoryMap | CompiledCategoryMap): CompiledCategoryMap {
  if (isCompiled(map)) return map;
  let compiled = cache.get(map);
  if (compiled === undefined) {
    compiled = compileCategoryMap(map);
    cache.set(map, compiled);
  }
  return compiled;
}

function isCompiled(map: CategoryMap | CompiledCategoryMap): map is CompiledCategoryMap {
  return !(map instanceof Map) && (map as { kind?: unknown }).kind === 'compiled-category-map';
}

/** The trie positions that match a path so far; exact names before `*`. */
export type Cursor = readonly TrieNode[];

/** The cursor for the document root. */
export function rootCursor(map: CompiledCategoryMap): Cursor {
  return [map.root];
}

/**
 * Steps a cursor into a child: an object key matches its own name, an
 * array index matches its number or `*`. Both are kept, because a more
 * specific entry may stop short of the leaf that a wildcard entry reaches.
 */
export function step(cursor: Cursor, token: string, isArrayIndex: boolean): Cursor {
  const next: TrieNode[] = [];
  for (const node of cursor) {
    const exact = node.children.get(token);
    if (exact !== undefined) next.push(exact);
    if (isArrayIndex && node.anyIndex !== undefined) next.push(node.anyIndex);
  }
  return next;
}

/** The category of the leaf the cursor is on, or `undefined` (uncategorised). */
export function categoryAt(cursor: Cursor): Category | undefined {
  for (const node of cursor) if (node.category !== undefined) return node.category;
  return undefined;
}

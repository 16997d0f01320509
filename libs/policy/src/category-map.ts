import { escapeToken, parsePointer } from './json-pointer';
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

/**
 * A cursor made once and reused: the same trie positions are reached by
 * every event of a type, so each position is stepped from once, not once
 * per leaf per decision. Only positions the map names are remembered (a
 * key or index the map does not know leads to {@link NOWHERE}), so data
 * with unexpected keys cannot make the memory grow.
 *
 * @internal
 */
export interface CursorState {
  readonly cursor: Cursor;
  /** The JSON pointer token (escaped) of the object key that leads here, for states reached by a key. */
  readonly token: string;
  /**
   * The whole pointer, when every step here is a name (no array index
   * stands in for `*`): the same string for every event, made once.
   */
  readonly path: string | undefined;
  /** {@link categoryAt} of the cursor. */
  readonly category: Category | undefined;
  /** Some position has named children: an object key or an array index may match by name. */
  readonly hasNamedChildren: boolean;
  /** Some position has a `*` child. */
  readonly hasAnyIndex: boolean;
  /** Children by object key, for keys that match something. */
  readonly byKey: Map<string, CursorState>;
  /** Children by array index, for indices the map names (`/a/0`). */
  readonly byIndex: Map<string, CursorState>;
  /** The child for an index the map does not name: the `*` positions alone. */
  anyIndex: CursorState | undefined;
  /**
   * The keys of the last object seen here and their states, when the map
   * names every one of them: objects of one event type mostly have the same
   * keys, so their states are found by comparing keys, not by lookups.
   */
  shape: { readonly keys: readonly string[]; readonly states: readonly CursorState[] } | undefined;
}

function stateOf(cursor: Cursor, token: string, path: string | undefined): CursorState {
  return {
    cursor,
    token,
    path,
    category: categoryAt(cursor),
    hasNamedChildren: cursor.some((node) => node.children.size > 0),
    hasAnyIndex: cursor.some((node) => node.anyIndex !== undefined),
    byKey: new Map(),
    byIndex: new Map(),
    anyIndex: undefined,
    shape: undefined,
  };
}

/** Where a path leads once it has left everything the map names: uncategorised all the way down. */
export const NOWHERE: CursorState = stateOf([], '', undefined);

const rootStates = new WeakMap<CompiledCategoryMap, CursorState>();

/** The reusable cursor state for the document root of a compiled map. @internal */
export function rootState(map: CompiledCategoryMap): CursorState {
  let state = rootStates.get(map);
  if (state === undefined) {
    state = stateOf(rootCursor(map), '', '');
    rootStates.set(map, state);
  }
  return state;
}

/** {@link step} into an object key, remembered. @internal */
export function keyState(state: CursorState, key: string): CursorState {
  if (!state.hasNamedChildren) return NOWHERE;
  let next = state.byKey.get(key);
  if (next === undefined) {
    if (!state.cursor.some((node) => node.children.has(key))) return NOWHERE;
    const token = escapeToken(key);
    next = stateOf(step(state.cursor, key, false), token, childPath(state, token));
    state.byKey.set(key, next);
  }
  return next;
}

/** {@link step} into an array index, remembered. @internal */
export function indexState(state: CursorState, index: number): CursorState {
  if (state.hasNamedChildren) {
    const token = String(index);
    const named = state.byIndex.get(token);
    if (named !== undefined) return named;
    if (state.cursor.some((node) => node.children.has(token))) {
      const next = stateOf(step(state.cursor, token, true), '', childPath(state, token));
      state.byIndex.set(token, next);
      return next;
    }
  }
  if (!state.hasAnyIndex) return NOWHERE;
  // Without a named match, stepping keeps exactly the `*` children, in order.
  state.anyIndex ??= stateOf(
    state.cursor.flatMap((node) => (node.anyIndex === undefined ? [] : [node.anyIndex])),
    '',
    undefined,
  );
  return state.anyIndex;
}

function childPath(state: CursorState, token: string): string | undefined {
  return state.path === undefined ? undefined : `${state.path}/${token}`;
}

/**
 * {@link keyState} for every key of an object, in order, or `undefined`
 * when none can match (every child is {@link NOWHERE}). Remembers the keys
 * of the last object only when the map names all of them, so no key of the
 * data that the map does not know (it could be anything) is kept.
 *
 * @internal
 */
export function keyStates(state: CursorState, keys: readonly string[]): readonly CursorState[] | undefined {
  if (!state.hasNamedChildren) return undefined;
  const shape = state.shape;
  if (shape !== undefined && shape.keys.length === keys.length) {
    let same = true;
    for (let i = 0; i < keys.length; i++) {
      if (shape.keys[i] !== keys[i]) {
        same = false;
        break;
      }
    }
    if (same) return shape.states;
  }
  const states = keys.map((key) => keyState(state, key));
  if (!states.includes(NOWHERE)) state.shape = { keys: [...keys], states };
  return states;
}

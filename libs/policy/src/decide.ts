import type { KeyObject } from 'node:crypto';
import { assessBreakGlass, type BreakGlassGrant, type RefusalCode } from './break-glass';
import { type CursorState, NOWHERE, categoryMapOf, indexState, keyStates, rootState } from './category-map';
import {
  type CategoryDecision,
  type CategoryTable,
  UNCATEGORISED,
  categoryTable,
  purposePlan,
} from './category-plan';
import { consentIndexFor } from './consent';
import type { BreakGlassMark, DecideInput, Decision, DisclosedPath, WithheldPath } from './decision.types';
import { escapeToken } from './json-pointer';
import { type FoundIdentifier, eventScrubber } from './narrative-scrub';
import type { ActionType } from './policy.types';
import { canonicalJson } from './canonical-json';
import { generalizeValue, hashKeyFor, hmacOfCanonical, type LeafValue, maskValue } from './transformations';
import type { Category } from './vocabulary';

/** A record entry for one leaf: disclosed entries have no transformation. */
type Entry = DisclosedPath | WithheldPath;

/** Marks a leaf, or a container left empty, that the delivery leaves out. */
const ABSENT = Symbol('absent');

/** A place in the record held for a narrative until the event's identifiers are all known. */
const PENDING = Object.freeze({}) as Entry;

/**
 * A narrative the recipient may read but only scrubbed of identifiers it may
 * not see. Its scrub needs every identifier of the event, so it is done
 * after the walk; until then the delivery holds the text as written.
 */
interface DeferredNarrative {
  readonly path: string;
  readonly text: string;
  readonly decision: CategoryDecision;
  readonly disclosedAt: number;
  readonly withheldAt: number;
  /** Where the text sits in the delivery (set by the container that takes it). */
  container: Record<string, unknown> | unknown[] | undefined;
  key: string | number;
}

class DeferredMark {
  constructor(readonly narrative: DeferredNarrative) {}
}

function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    // A key named __proto__ stays data, as JSON.parse and Object.fromEntries make it.
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/**
 * One decision's walk over the data: it decides each leaf as it reaches it
 * (document order), builds the delivery as it goes, and writes the record
 * entries in the same order. Everything per category was decided before
 * the walk; only what depends on a leaf's value is done here.
 */
class Walk {
  readonly disclosed: Entry[] = [];
  readonly withheld: Entry[] = [];
  readonly consentIds = new Set<string>();
  readonly identifiers: FoundIdentifier[] = [];
  readonly deferred: DeferredNarrative[] = [];
  /** HMACs already made in this decision, by the canonical JSON of the value. */
  private hashes: Map<string, string> | undefined;

  constructor(
    private readonly table: CategoryTable,
    private readonly at: number,
    private readonly input: DecideInput,
    /** Identity or contact is not visible and a narrative is: narratives are scrubbed. */
    private readonly scrubs: boolean,
    private readonly scrubIdentity: boolean,
    private readonly scrubContact: boolean,
  ) {}

  /** The recipient's hash key, if it has a usable one. */
  key(): KeyObject | undefined {
    return hashKeyFor(this.input.hashKeys, this.input.recipient.partnerId);
  }

  hmac(value: LeafValue, key: KeyObject): string {
    const text = canonicalJson(value);
    this.hashes ??= new Map();
    let hash = this.hashes.get(text);
    if (hash === undefined) {
      hash = hmacOfCanonical(text, key);
      this.hashes.set(text, hash);
    }
    return hash;
  }

  /** The delivered value for `value` at `path`, or ABSENT. */
  value(value: unknown, path: string, state: CursorState): unknown {
    if (
      value === null ||
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean'
    ) {
      return this.leaf(value, path, state.category);
    }
    if (typeof value !== 'object') {
      // undefined, functions, bigints, symbols cannot travel as JSON and are never delivered.
      return ABSENT;
    }
    // Removed leaves leave no trace: arrays close up and containers left
    // empty disappear, because an empty `documents: [{}]` would still tell
    // that the subject has a document.
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const child = this.value(value[i], `${path}/${i}`, indexState(state, i));
        if (child === ABSENT) continue;
        out ??= [];
        if (child instanceof DeferredMark) {
          child.narrative.container = out;
          child.narrative.key = out.length;
          out.push(child.narrative.text);
        } else {
          out.push(child);
        }
      }
      return out ?? ABSENT;
    }
    let out: Record<string, unknown> | undefined;
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    const states = keyStates(state, keys);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const next = states === undefined ? NOWHERE : states[i]!;
      // A key the map names carries its escaped token, and often its whole path; any other is escaped here.
      const childPath = next.path ?? `${path}/${next === NOWHERE ? escapeToken(key) : next.token}`;
      const child = this.value(record[key], childPath, next);
      if (child === ABSENT) continue;
      out ??= {};
      if (child instanceof DeferredMark) {
        child.narrative.container = out;
        child.narrative.key = key;
        defineKey(out, key, child.narrative.text);
      } else {
        defineKey(out, key, child);
      }
    }
    return out ?? ABSENT;
  }

  private withhold(
    path: string,
    category: Category | null,
    transformation: WithheldPath['transformation'],
    decision: CategoryDecision,
    reason = decision.reason,
  ): void {
    this.withheld.push({ path, category, transformation, reason, basis: decision.basis });
  }

  private leaf(value: LeafValue, path: string, category: Category | undefined): unknown {
    if (category === undefined) {
      this.withhold(path, null, 'drop', UNCATEGORISED);
      return ABSENT;
    }
    const decision = this.table[category];
    if (decision.consentIds !== undefined) for (const id of decision.consentIds) this.consentIds.add(id);
    if (
      this.scrubs &&
      (typeof value === 'string' || typeof value === 'number') &&
      ((category === 'identity' && this.scrubIdentity) || (category === 'contact' && this.scrubContact))
    ) {
      this.identifiers.push({ path, category, value: String(value) });
    }
    const { action } = decision;
    switch (action.type) {
      case 'allow': {
        if (
          category === 'narrative' &&
          this.scrubs &&
          (typeof value === 'string' || typeof value === 'number')
        ) {
          const narrative: DeferredNarrative = {
            path,
            text: String(value),
            decision,
            disclosedAt: this.disclosed.push(PENDING) - 1,
            withheldAt: this.withheld.push(PENDING) - 1,
            container: undefined,
            key: '',
          };
          this.deferred.push(narrative);
          return new DeferredMark(narrative);
        }
        this.disclosed.push({ path, category, basis: decision.basis });
        return value;
      }
      case 'drop':
        this.withhold(path, category, 'drop', decision);
        return ABSENT;
      case 'nullify':
        this.withhold(path, category, 'nullify', decision);
        return null;
      case 'mask':
        this.withhold(path, category, 'mask', decision);
        return maskValue(value, action.style);
      case 'hash': {
        const key = this.key();
        if (key === undefined) {
          this.withhold(path, category, 'drop', decision, 'hash-key-unavailable');
          return ABSENT;
        }
        this.withhold(path, category, 'hash', decision);
        return this.hmac(value, key);
      }
      case 'generalize': {
        const generalized = generalizeValue(value, action, this.at);
        if (!generalized.ok) {
          this.withhold(path, category, 'drop', decision, 'not-generalizable');
          return ABSENT;
        }
        this.withhold(path, category, 'generalize', decision);
        return generalized.value;
      }
      default: {
        const unreachable: never = action;
        throw new TypeError(`unknown action ${JSON.stringify(unreachable)}`);
      }
    }
  }
}

let lastTime: { readonly text: string; readonly at: number; readonly iso: string } | undefined;

/** Date.parse and toISOString of a decision time, remembered for the last one (a batch shares it). */
function readTime(text: string): { at: number; iso: string } | undefined {
  if (lastTime?.text === text) return lastTime;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  lastTime = { text, at, iso: new Date(at).toISOString() };
  return lastTime;
}

/**
 * Decides what one recipient may see of one event, and records why.
 *
 * Pure: the same input gives the same output, and nothing outside the input
 * is read. Fails closed at every step: a field without a category, a
 * category without a rule, a hash without a usable key, a value the
 * generalization has no rule for — each is withheld, and the record says so.
 *
 * Refuses (rather than decides) when the decision time cannot be read or a
 * break-glass request does not hold: without a reason, for a role the
 * policy does not name, for a sector without break-glass, or with a purpose
 * other than `emergency`.
 *
 * Fast because work that does not depend on the leaf is done once: what the
 * policy says per (sector, purpose, category) once per policy object, the
 * consent verdicts once per consents array and recipient, the category map's
 * positions once per map, the narrative scrub once per event and set of
 * identifiers, the hash key once per key source and partner. The inputs
 * are read, never changed; the policy, category map, consents and key
 * source must not be changed after they are first handed in (a changed
 * copy is a new object, and is prepared afresh).
 */
export function decide(input: DecideInput): Decision {
  const { event, recipient, policy, purpose } = input;
  const time = readTime(input.decisionTime);
  if (time === undefined) {
    return refuse(
      input,
      'invalid-decision-time',
      `decisionTime ${JSON.stringify(input.decisionTime)} is not a date-time`,
    );
  }
  const { at } = time;

  const sectorPolicy = policy.document.sectors[recipient.sector];
  const glass = assessBreakGlass(input.breakGlass, purpose, recipient.sector, sectorPolicy, at);
  if (glass.kind === 'refused') return refuse(input, glass.code, glass.message);
  const activeGlass = glass.kind === 'active' ? glass.grant : undefined;

  const consents = consentIndexFor(input.consents, event.subject, recipient, at);
  const table = categoryTable(purposePlan(policy, recipient.sector, purpose), consents, activeGlass);

  // The subject's own identifiers, for scrubbing narratives: only those of
  // categories this recipient does not see in the clear.
  const identity = table.identity.action.type;
  const scrubIdentity = identity !== 'allow';
  const scrubContact = table.contact.action.type !== 'allow';
  const scrubs = table.narrative.action.type === 'allow' && (scrubIdentity || scrubContact);

  const walk = new Walk(table, at, input, scrubs, scrubIdentity, scrubContact);
  const rebuilt = walk.value(event.data, '', rootState(categoryMapOf(input.categories)));
  const root = { value: rebuilt instanceof DeferredMark ? rebuilt.narrative.text : rebuilt };

  let { disclosed, withheld } = walk;
  if (walk.deferred.length > 0) {
    const scrubber = eventScrubber(
      typeof event.data === 'object' && event.data !== null ? event.data : walk,
      walk.identifiers,
      scrubIdentity ? event.subject : undefined,
    );
    for (const narrative of walk.deferred) {
      const scrub = scrubber(narrative.text);
      const { path, decision } = narrative;
      if (Object.keys(scrub.replacements).length > 0) {
        withheld[narrative.withheldAt] = {
          path,
          category: 'narrative',
          transformation: 'scrub',
          reason: 'narrative-scrubbed',
          basis: decision.basis,
          scrubbed: scrub.replacements,
        };
        if (narrative.container === undefined) root.value = scrub.text;
        else if (Array.isArray(narrative.container))
          narrative.container[narrative.key as number] = scrub.text;
        else defineKey(narrative.container, narrative.key as string, scrub.text);
      } else {
        disclosed[narrative.disclosedAt] = { path, category: 'narrative', basis: decision.basis };
      }
    }
    disclosed = disclosed.filter((entry) => entry !== PENDING);
    withheld = withheld.filter((entry) => entry !== PENDING);
  }

  const emptyContainer = Array.isArray(event.data)
    ? []
    : typeof event.data === 'object' && event.data !== null
      ? {}
      : null;
  const data = root.value === ABSENT ? emptyContainer : root.value;

  const envelope = envelopeOf(event.subject, identity, walk);
  const breakGlass: BreakGlassMark | null =
    glass.kind === 'active' || glass.kind === 'expired'
      ? { state: glass.kind === 'active' ? 'applied' : 'expired', ...markOf(glass.grant) }
      : null;

  return {
    outcome: 'decided',
    data,
    envelope: envelope.delivered,
    record: {
      eventId: event.id,
      eventType: event.type,
      subjectId: event.subject,
      recipient: { partnerId: recipient.partnerId, sector: recipient.sector },
      purpose,
      decisionTime: time.iso,
      policy: {
        id: policy.id,
        version: policy.version,
        ...(policy.fileSha256 === undefined ? {} : { fileSha256: policy.fileSha256 }),
      },
      consentIds: [...walk.consentIds],
      breakGlass,
      envelopeSubject: envelope.transformation,
      disclosed: disclosed as DisclosedPath[],
      withheld: withheld as WithheldPath[],
    },
  };
}

function refuse(input: DecideInput, code: RefusalCode, message: string): Decision {
  const { event, recipient, purpose, decisionTime } = input;
  return {
    outcome: 'refused',
    refusal: { code, message, eventId: event.id, recipient, purpose, decisionTime },
  };
}

function markOf(grant: BreakGlassGrant): Omit<BreakGlassMark, 'state'> {
  return {
    role: grant.role,
    reason: grant.reason,
    ...(grant.requestedBy === undefined ? {} : { requestedBy: grant.requestedBy }),
    startedAt: grant.startedAt,
    expiresAt: grant.expiresAt,
  };
}

/**
 * The CloudEvents subject is the subject id, an identity field: it travels
 * in clear only to a recipient that sees identity, as a per-recipient hash
 * to one whose identity rule hashes, and not at all otherwise.
 */
function envelopeOf(
  subject: string,
  identity: ActionType,
  walk: Walk,
): { transformation: 'allow' | 'hash' | 'drop'; delivered: { subject?: string } } {
  if (identity === 'allow') return { transformation: 'allow', delivered: { subject } };
  if (identity === 'hash') {
    const hashWith = walk.key();
    // The subject id is usually in the data too; its hash was made there already.
    if (hashWith !== undefined)
      return { transformation: 'hash', delivered: { subject: walk.hmac(subject, hashWith) } };
  }
  return { transformation: 'drop', delivered: {} };
}

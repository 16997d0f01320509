import { assessBreakGlass, type BreakGlassGrant, type RefusalCode } from './break-glass';
import { type Cursor, categoryAt, categoryMapOf, rootCursor, step } from './category-map';
import { type ConsentIndex, indexConsents } from './consent';
import type {
  Basis,
  BreakGlassMark,
  DecideInput,
  Decision,
  DisclosedPath,
  WithheldPath,
  WithheldReason,
} from './decision.types';
import { escapeToken } from './json-pointer';
import { type OwnIdentifier, type Scrubber, compileScrubber, tokenFor } from './narrative-scrub';
import type { Action, ActionType, CategoryRule, SectorPolicy } from './policy.types';
import { generalizeValue, hmacValue, isUsableHashKey, type LeafValue, maskValue } from './transformations';
import type { Category, Purpose, Sector } from './vocabulary';

/** What the policy, consents and break-glass say about one category; the same for all its leaves. */
interface CategoryDecision {
  readonly action: Action;
  readonly basis: Basis;
}

/** A leaf of the event, found by the first walk. */
interface Leaf {
  readonly path: string;
  readonly category: Category | undefined;
  readonly value: LeafValue;
}

/** What happens to one leaf. */
type LeafOutcome =
  | { readonly kind: 'disclosed'; readonly value: LeafValue; readonly entry: DisclosedPath }
  | { readonly kind: 'transformed'; readonly value: LeafValue; readonly entry: WithheldPath }
  | { readonly kind: 'removed'; readonly entry: WithheldPath };

const ALLOW: Action = { type: 'allow' };
const DROP: Action = { type: 'drop' };

/** Break-glass lets a category through; the record says who, why, until when, and which denies it overrode. */
function breakGlassAllows(
  glass: BreakGlassGrant,
  category: Category,
  overriddenConsentIds: readonly string[],
): CategoryDecision {
  return {
    action: ALLOW,
    basis: {
      kind: 'break-glass',
      category,
      role: glass.role,
      reason: glass.reason,
      expiresAt: glass.expiresAt,
      overriddenConsentIds,
    },
  };
}

/**
 * Decides what one category comes to for one recipient: default deny
 * without a rule; a consent deny over everything but break-glass; else the
 * first grant that matches the purpose (and has consent when it needs it);
 * else the rule's own action. Break-glass, while active, lets its
 * categories through whatever the rest says.
 */
function decideCategory(
  category: Category,
  sector: Sector,
  sectorPolicy: SectorPolicy | undefined,
  purpose: Purpose,
  consents: ConsentIndex,
  breakGlass: BreakGlassGrant | undefined,
): CategoryDecision {
  const glass = breakGlass?.categories.includes(category) === true ? breakGlass : undefined;

  const rule: CategoryRule | undefined = sectorPolicy?.rules[category];
  if (rule === undefined) {
    if (glass !== undefined) return breakGlassAllows(glass, category, []);
    return { action: DROP, basis: { kind: 'default-deny', sector, category } };
  }

  const verdict = consents.verdict(purpose, category);
  if (verdict.kind === 'deny') {
    // A subject's explicit "no" beats every rule; only a documented emergency overrides it.
    if (glass !== undefined) return breakGlassAllows(glass, category, verdict.consentIds);
    return {
      action: DROP,
      basis: { kind: 'consent-deny', category, purpose, consentIds: verdict.consentIds },
    };
  }

  let chosen: CategoryDecision | undefined;
  // Remembered so the record (and explain) can say what consent would have changed.
  let aGrantNeededConsent = false;
  for (const [grantIndex, grant] of (rule.grants ?? []).entries()) {
    if (!grant.purposes.includes(purpose)) continue;
    if (!grant.requiresConsent) {
      chosen = {
        action: grant.action,
        basis: { kind: 'purpose-grant', sector, category, purpose, action: grant.action.type, grantIndex },
      };
      break;
    }
    if (verdict.kind === 'permit') {
      chosen = {
        action: grant.action,
        basis: {
          kind: 'consent-permit',
          sector,
          category,
          purpose,
          action: grant.action.type,
          grantIndex,
          consentIds: verdict.consentIds,
        },
      };
      break;
    }
    aGrantNeededConsent = true;
  }
  chosen ??= {
    action: rule.action,
    basis: {
      kind: 'sector-rule',
      sector,
      category,
      action: rule.action.type,
      ...(aGrantNeededConsent
        ? { consentNeeded: { purposes: [purpose], ignoredConsents: verdict.ignored } }
        : {}),
    },
  };
  if (glass !== undefined && chosen.action.type !== 'allow') return breakGlassAllows(glass, category, []);
  return chosen;
}

function reasonFor(basis: Basis): WithheldReason {
  switch (basis.kind) {
    case 'uncategorised':
      return 'uncategorised';
    case 'default-deny':
      return 'default-deny';
    case 'consent-deny':
      return 'consent-denied';
    case 'sector-rule':
      return basis.consentNeeded === undefined ? 'sector-policy' : 'consent-required';
    case 'purpose-grant':
    case 'consent-permit':
    case 'break-glass':
      return 'sector-policy';
    default: {
      const unreachable: never = basis;
      throw new TypeError(`unknown basis ${JSON.stringify(unreachable)}`);
    }
  }
}

function isLeafValue(value: unknown): value is LeafValue {
  return (
    value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
  );
}

/** Walks the data in document order, calling `visit` on every leaf with its path and category. */
function walkLeaves(value: unknown, path: string, cursor: Cursor, visit: (leaf: Leaf) => void): void {
  if (isLeafValue(value)) {
    visit({ path, category: categoryAt(cursor), value });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => walkLeaves(item, `${path}/${i}`, step(cursor, String(i), true), visit));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      walkLeaves(child, `${path}/${escapeToken(key)}`, step(cursor, key, false), visit);
    }
  }
  // Anything else (undefined, functions, bigints) cannot travel as JSON and is never delivered.
}

const ABSENT = Symbol('absent');

/**
 * Rebuilds the data from the leaf outcomes, in the same order as
 * {@link walkLeaves}. Removed leaves leave no trace: arrays close up and
 * containers left empty disappear, because an empty `documents: [{}]`
 * would still tell that the subject has a document.
 */
function rebuild(value: unknown, next: () => LeafOutcome): unknown {
  if (isLeafValue(value)) {
    const outcome = next();
    return outcome.kind === 'removed' ? ABSENT : outcome.value;
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => rebuild(item, next)).filter((item) => item !== ABSENT);
    return items.length === 0 ? ABSENT : items;
  }
  if (typeof value === 'object' && value !== null) {
    // fromEntries defines own properties, so a key named __proto__ stays data.
    const entries = Object.entries(value)
      .map(([key, child]) => [key, rebuild(child, next)] as const)
      .filter(([, child]) => child !== ABSENT);
    return entries.length === 0 ? ABSENT : Object.fromEntries(entries);
  }
  return ABSENT;
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
 */
export function decide(input: DecideInput): Decision {
  const { event, recipient, policy, purpose } = input;
  const at = Date.parse(input.decisionTime);
  const refuse = (code: RefusalCode, message: string): Decision => ({
    outcome: 'refused',
    refusal: { code, message, eventId: event.id, recipient, purpose, decisionTime: input.decisionTime },
  });
  if (Number.isNaN(at)) {
    return refuse(
      'invalid-decision-time',
      `decisionTime ${JSON.stringify(input.decisionTime)} is not a date-time`,
    );
  }

  const sectorPolicy = policy.document.sectors[recipient.sector];
  const glass = assessBreakGlass(input.breakGlass, purpose, recipient.sector, sectorPolicy, at);
  if (glass.kind === 'refused') return refuse(glass.code, glass.message);
  const activeGlass = glass.kind === 'active' ? glass.grant : undefined;

  const consents = indexConsents(input.consents, event.subject, recipient, at);
  const decided = new Map<Category, CategoryDecision>();
  const categoryDecision = (category: Category): CategoryDecision => {
    let decision = decided.get(category);
    if (decision === undefined) {
      decision = decideCategory(category, recipient.sector, sectorPolicy, purpose, consents, activeGlass);
      decided.set(category, decision);
    }
    return decision;
  };

  let hashKey: string | Uint8Array | undefined | null = null;
  const key = (): string | Uint8Array | undefined => {
    // Asked once per decision, and only when something is hashed.
    if (hashKey === null) {
      const candidate = input.hashKeys(recipient.partnerId);
      hashKey = isUsableHashKey(candidate) ? candidate : undefined;
    }
    return hashKey;
  };

  const map = categoryMapOf(input.categories);
  const leaves: Leaf[] = [];
  walkLeaves(event.data, '', rootCursor(map), (leaf) => leaves.push(leaf));

  // The subject's own identifiers, for scrubbing narratives: only those of
  // categories this recipient does not see in the clear.
  const scrubIdentity = categoryDecision('identity').action.type !== 'allow';
  const scrubContact = categoryDecision('contact').action.type !== 'allow';
  const ownIdentifiers: OwnIdentifier[] = [];
  for (const leaf of leaves) {
    const { category, value } = leaf;
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    if ((category === 'identity' && scrubIdentity) || (category === 'contact' && scrubContact)) {
      ownIdentifiers.push({ value: String(value), token: tokenFor(leaf.path, category, String(value)) });
    }
  }
  if (scrubIdentity) ownIdentifiers.push({ value: event.subject, token: '[identifier]' });
  let scrubber: Scrubber | undefined;

  const removed = (
    leaf: Leaf,
    transformation: WithheldPath['transformation'],
    basis: Basis,
    reason?: WithheldReason,
  ): LeafOutcome => ({
    kind: 'removed',
    entry: {
      path: leaf.path,
      category: leaf.category ?? null,
      transformation,
      reason: reason ?? reasonFor(basis),
      basis,
    },
  });
  const transformed = (
    leaf: Leaf,
    value: LeafValue,
    transformation: WithheldPath['transformation'],
    basis: Basis,
  ): LeafOutcome => ({
    kind: 'transformed',
    value,
    entry: {
      path: leaf.path,
      category: leaf.category ?? null,
      transformation,
      reason: reasonFor(basis),
      basis,
    },
  });

  const outcomeOf = (leaf: Leaf): LeafOutcome => {
    if (leaf.category === undefined) return removed(leaf, 'drop', { kind: 'uncategorised' });
    const { action, basis } = categoryDecision(leaf.category);
    const { value } = leaf;
    switch (action.type) {
      case 'allow': {
        if (
          leaf.category === 'narrative' &&
          (scrubIdentity || scrubContact) &&
          (typeof value === 'string' || typeof value === 'number')
        ) {
          scrubber ??= compileScrubber(ownIdentifiers);
          const scrub = scrubber(String(value));
          if (Object.keys(scrub.replacements).length > 0) {
            return {
              kind: 'transformed',
              value: scrub.text,
              entry: {
                path: leaf.path,
                category: leaf.category,
                transformation: 'scrub',
                reason: 'narrative-scrubbed',
                basis,
                scrubbed: scrub.replacements,
              },
            };
          }
        }
        return { kind: 'disclosed', value, entry: { path: leaf.path, category: leaf.category, basis } };
      }
      case 'drop':
        return removed(leaf, 'drop', basis);
      case 'nullify':
        return transformed(leaf, null, 'nullify', basis);
      case 'mask':
        return transformed(leaf, maskValue(value, action.style), 'mask', basis);
      case 'hash': {
        const hashWith = key();
        if (hashWith === undefined) return removed(leaf, 'drop', basis, 'hash-key-unavailable');
        return transformed(leaf, hmacValue(value, hashWith), 'hash', basis);
      }
      case 'generalize': {
        const generalized = generalizeValue(value, action, at);
        if (!generalized.ok) return removed(leaf, 'drop', basis, 'not-generalizable');
        return transformed(leaf, generalized.value, 'generalize', basis);
      }
      default: {
        const unreachable: never = action;
        throw new TypeError(`unknown action ${JSON.stringify(unreachable)}`);
      }
    }
  };

  const outcomes = leaves.map(outcomeOf);
  let cursor = 0;
  const rebuilt = rebuild(event.data, () => outcomes[cursor++]!);
  const emptyContainer = Array.isArray(event.data)
    ? []
    : typeof event.data === 'object' && event.data !== null
      ? {}
      : null;
  const data = rebuilt === ABSENT ? emptyContainer : rebuilt;

  const disclosed: DisclosedPath[] = [];
  const withheld: WithheldPath[] = [];
  const consentIds = new Set<string>();
  for (const outcome of outcomes) {
    if (outcome.kind === 'disclosed') disclosed.push(outcome.entry);
    else withheld.push(outcome.entry);
    const { basis } = outcome.entry;
    if (basis.kind === 'consent-permit' || basis.kind === 'consent-deny') {
      basis.consentIds.forEach((id) => consentIds.add(id));
    }
  }

  const envelope = envelopeOf(event.subject, categoryDecision('identity').action.type, key());
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
      decisionTime: new Date(at).toISOString(),
      policy: {
        id: policy.id,
        version: policy.version,
        ...(policy.fileSha256 === undefined ? {} : { fileSha256: policy.fileSha256 }),
      },
      consentIds: [...consentIds],
      breakGlass,
      envelopeSubject: envelope.transformation,
      disclosed,
      withheld,
    },
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
  key: string | Uint8Array | undefined,
): { transformation: 'allow' | 'hash' | 'drop'; delivered: { subject?: string } } {
  if (identity === 'allow') return { transformation: 'allow', delivered: { subject } };
  if (identity === 'hash' && key !== undefined) {
    return { transformation: 'hash', delivered: { subject: hmacValue(subject, key) } };
  }
  return { transformation: 'drop', delivered: {} };
}

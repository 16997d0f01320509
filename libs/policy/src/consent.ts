import type { Category, Purpose, Sector } from './vocabulary';

/** Who a provision is about (FHIR Consent `provision.actor`): a whole sector or one partner. */
export type Grantee =
  | { readonly kind: 'sector'; readonly sector: Sector }
  | { readonly kind: 'partner'; readonly partnerId: string };

/** When a consent or provision applies: `start` inclusive, `end` exclusive, open without `end`. */
export interface Period {
  readonly start: string;
  readonly end?: string;
}

/** One permit or deny (FHIR Consent `provision`). */
export interface ConsentProvision {
  readonly type: 'permit' | 'deny';
  readonly grantee: Grantee;
  readonly purposes: readonly Purpose[];
  readonly categories: readonly Category[];
  readonly period?: Period;
}

/** A revocation for one grantee (`org.beacon.consent.revoked` with a grantee). */
export interface PartialRevocation {
  readonly grantee: Grantee;
  readonly revokedAt: string;
}

/**
 * A subject's consent, after FHIR R5 Consent, as the redaction service
 * builds it from `consent.granted` and `consent.revoked` events.
 */
export interface Consent {
  readonly consentId: string;
  readonly subjectId: string;
  /** `revoked` with `revokedAt` when the whole consent was withdrawn. */
  readonly status: 'active' | 'revoked';
  readonly revokedAt?: string;
  /** The consent as a whole (FHIR `Consent.period`); each provision may narrow it. */
  readonly period?: Period;
  readonly provisions: readonly ConsentProvision[];
  readonly partialRevocations?: readonly PartialRevocation[];
}

/** The recipient a decision is made for. */
export interface Recipient {
  readonly partnerId: string;
  readonly sector: Sector;
}

/** Why a consent that would otherwise have applied did not count. */
export type IgnoredWhy = 'revoked' | 'revoked-for-recipient' | 'expired' | 'not-yet-valid' | 'unreadable';

/** A consent left out of a verdict, and why; explanations use it. */
export interface IgnoredConsent {
  readonly consentId: string;
  readonly provision: 'permit' | 'deny';
  readonly why: IgnoredWhy;
  /** The instant that made it lapse (revocation or period end), when there is one. */
  readonly since?: string;
}

/**
 * What the subject's consents say about one category for one recipient and
 * purpose at one instant. A deny wins over any permit (FHIR: the most
 * restrictive provision applies).
 */
export type ConsentVerdict =
  | { readonly kind: 'deny'; readonly consentIds: readonly string[] }
  | {
      readonly kind: 'permit';
      readonly consentIds: readonly string[];
      readonly ignored: readonly IgnoredConsent[];
    }
  | { readonly kind: 'none'; readonly ignored: readonly IgnoredConsent[] };

interface InForceProvision {
  readonly consentId: string;
  readonly type: 'permit' | 'deny';
  readonly purposes: readonly Purpose[];
  readonly categories: readonly Category[];
}

interface IgnoredProvision extends InForceProvision {
  readonly why: IgnoredWhy;
  readonly since?: string;
}

/**
 * The provisions of a subject's consents that concern one recipient, split
 * into those in force at the decision time and those that lapsed. Built once
 * per decision; {@link ConsentIndex.verdict} then answers per category.
 */
export interface ConsentIndex {
  verdict(purpose: Purpose, category: Category): ConsentVerdict;
  /** No provision concerns this subject and recipient: every verdict is `none`, with nothing ignored. */
  readonly concernsNoOne: boolean;
}

function granteeMatches(grantee: Grantee, recipient: Recipient): boolean {
  switch (grantee.kind) {
    case 'sector':
      return grantee.sector === recipient.sector;
    case 'partner':
      return grantee.partnerId === recipient.partnerId;
    default: {
      const unreachable: never = grantee;
      throw new TypeError(`unknown grantee ${JSON.stringify(unreachable)}`);
    }
  }
}

type Lapse = { readonly why: IgnoredWhy; readonly since?: string } | undefined;

/**
 * Whether a period holds at `at`. An unreadable period cannot be shown to
 * hold, so it does not (the caller decides what that means for a deny).
 */
function periodLapse(period: Period | undefined, at: number): Lapse {
  if (period === undefined) return undefined;
  const start = Date.parse(period.start);
  const end = period.end === undefined ? Number.POSITIVE_INFINITY : Date.parse(period.end);
  if (Number.isNaN(start) || Number.isNaN(end)) return { why: 'unreadable' };
  if (at < start) return { why: 'not-yet-valid' };
  if (at >= end) return { why: 'expired', since: period.end };
  return undefined;
}

function revocationLapse(revokedAt: string | undefined, at: number): Lapse {
  // A revoked consent without a readable time is treated as revoked from the
  // start: nobody can show it was in force.
  if (revokedAt === undefined) return { why: 'revoked' };
  const instant = Date.parse(revokedAt);
  if (Number.isNaN(instant) || instant <= at) return { why: 'revoked', since: revokedAt };
  return undefined;
}

function lapseOf(consent: Consent, provision: ConsentProvision, recipient: Recipient, at: number): Lapse {
  if (consent.status === 'revoked') {
    const lapse = revocationLapse(consent.revokedAt, at);
    if (lapse !== undefined) return lapse;
  }
  const consentPeriod = periodLapse(consent.period, at);
  if (consentPeriod !== undefined) return consentPeriod;
  const provisionPeriod = periodLapse(provision.period, at);
  if (provisionPeriod !== undefined) return provisionPeriod;
  // A partial revocation withdraws the consent from the recipients it names
  // (a sector, or one partner) and leaves every other recipient's in force.
  // It is matched against the recipient, not the provision, so revoking
  // "health-care" also withdraws a provision that named one hospital.
  for (const revocation of consent.partialRevocations ?? []) {
    if (!granteeMatches(revocation.grantee, recipient)) continue;
    const instant = Date.parse(revocation.revokedAt);
    if (Number.isNaN(instant) || instant <= at)
      return { why: 'revoked-for-recipient', since: revocation.revokedAt };
  }
  return undefined;
}

/**
 * Indexes the consents that concern `subjectId` and `recipient` at the
 * instant `at` (epoch milliseconds).
 *
 * Fail-closed rules: a consent about another subject is ignored; a permit
 * whose dates cannot be read never counts; a deny whose dates cannot be read
 * still counts, because a refusal the subject gave must not disappear through
 * a typing error.
 */
export function indexConsents(
  consents: readonly Consent[],
  subjectId: string,
  recipient: Recipient,
  at: number,
): ConsentIndex {
  const inForce: InForceProvision[] = [];
  const ignored: IgnoredProvision[] = [];
  for (const consent of consents) {
    if (consent.subjectId !== subjectId) continue;
    for (const provision of consent.provisions) {
      if (!granteeMatches(provision.grantee, recipient)) continue;
      const entry = {
        consentId: consent.consentId,
        type: provision.type,
        purposes: provision.purposes,
        categories: provision.categories,
      };
      const lapse = lapseOf(consent, provision, recipient, at);
      if (lapse === undefined || (lapse.why === 'unreadable' && provision.type === 'deny')) {
        inForce.push(entry);
      } else {
        ignored.push({ ...entry, ...lapse });
      }
    }
  }
  if (inForce.length === 0 && ignored.length === 0) return CONCERNS_NO_ONE;
  // A verdict depends on the purpose and category alone, so each is worked out once.
  const verdicts = new Map<string, ConsentVerdict>();
  return {
    concernsNoOne: false,
    verdict(purpose, category) {
      const key = `${purpose}\u0000${category}`;
      let verdict = verdicts.get(key);
      if (verdict === undefined) {
        verdict = verdictOf(inForce, ignored, purpose, category);
        verdicts.set(key, verdict);
      }
      return verdict;
    },
  };
}

function verdictOf(
  inForce: readonly InForceProvision[],
  ignored: readonly IgnoredProvision[],
  purpose: Purpose,
  category: Category,
): ConsentVerdict {
  const applies = (p: InForceProvision): boolean =>
    p.purposes.includes(purpose) && p.categories.includes(category);
  const matching = inForce.filter(applies);
  const lapsed = ignored.filter(applies).map((p): IgnoredConsent => ({
    consentId: p.consentId,
    provision: p.type,
    why: p.why,
    ...(p.since === undefined ? {} : { since: p.since }),
  }));
  const denies = unique(matching.filter((p) => p.type === 'deny').map((p) => p.consentId));
  if (denies.length > 0) return { kind: 'deny', consentIds: denies };
  const permits = unique(matching.filter((p) => p.type === 'permit').map((p) => p.consentId));
  if (permits.length > 0) return { kind: 'permit', consentIds: permits, ignored: lapsed };
  return { kind: 'none', ignored: lapsed };
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

const NOTHING_IGNORED: readonly IgnoredConsent[] = Object.freeze([]);
const NO_VERDICT: ConsentVerdict = Object.freeze({ kind: 'none', ignored: NOTHING_IGNORED });

/** The index of consents that say nothing about a subject and recipient. */
const CONCERNS_NO_ONE: ConsentIndex = Object.freeze({
  concernsNoOne: true,
  verdict: () => NO_VERDICT,
});

interface IndexCache {
  /** The array's members when the cache was made: an array changed since is indexed afresh. */
  readonly members: readonly Consent[];
  readonly indexes: Map<string, ConsentIndex>;
}

const indexCaches = new WeakMap<readonly Consent[], IndexCache>();
/** Indexes kept per consents array: recipients of one event, and a few instants. */
const MAX_INDEXES_PER_ARRAY = 64;

function sameMembers(a: readonly Consent[], b: readonly Consent[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * {@link indexConsents}, remembered per consents array: the redaction
 * service reads a subject's consents once per batch and decides the event
 * for every recipient with the same array, so each (subject, recipient,
 * instant) is indexed once, and its verdicts worked out once. The cache
 * lives as long as the array; an array whose members were replaced, added
 * or removed since is indexed afresh. Consents themselves are read-only.
 */
export function consentIndexFor(
  consents: readonly Consent[],
  subjectId: string,
  recipient: Recipient,
  at: number,
): ConsentIndex {
  if (consents.length === 0) return CONCERNS_NO_ONE;
  let cache = indexCaches.get(consents);
  if (cache === undefined || !sameMembers(cache.members, consents)) {
    cache = { members: [...consents], indexes: new Map() };
    indexCaches.set(consents, cache);
  }
  // Lengths first, so no two different (partner, subject) pairs can make the same key.
  const key = `${at}|${recipient.sector}|${recipient.partnerId.length}|${recipient.partnerId}|${subjectId}`;
  let index = cache.indexes.get(key);
  if (index === undefined) {
    if (cache.indexes.size >= MAX_INDEXES_PER_ARRAY) cache.indexes.clear();
    index = indexConsents(consents, subjectId, recipient, at);
    cache.indexes.set(key, index);
  }
  return index;
}

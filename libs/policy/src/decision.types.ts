import type { BreakGlassRequest, RefusalCode } from './break-glass';
import type { CategoryMap, CompiledCategoryMap } from './category-map';
import type { Consent, IgnoredConsent, Recipient } from './consent';
import type { ScrubToken } from './narrative-scrub';
import type { ActionType, CompiledPolicy } from './policy.types';
import type { HashKeySource } from './transformations';
import type { Category, Purpose, Sector } from './vocabulary';

/** The event to decide on: the CloudEvents attributes that matter and the data. */
export interface DecisionEvent {
  readonly id: string;
  /** e.g. `org.beacon.alert.raised.v2`. */
  readonly type: string;
  /** The CloudEvents subject: Beacon's pseudonymous subject id. */
  readonly subject: string;
  readonly time?: string;
  /** The CloudEvents source, `urn:beacon:partner:<id>`. */
  readonly source?: string;
  readonly data: unknown;
}

/** Everything one disclosure decision depends on; nothing else is read. */
export interface DecideInput {
  readonly event: DecisionEvent;
  /** The categories of the event's schema (compile it once with {@link compileCategoryMap} for speed). */
  readonly categories: CategoryMap | CompiledCategoryMap;
  readonly recipient: Recipient;
  readonly policy: CompiledPolicy;
  /** The subject's consents; consents about anyone else are ignored. */
  readonly consents: readonly Consent[];
  readonly purpose: Purpose;
  /** The instant the decision is made for (RFC 3339): consents and break-glass are judged at it. */
  readonly decisionTime: string;
  readonly breakGlass?: BreakGlassRequest;
  /** HMAC key per recipient for the `hash` action. */
  readonly hashKeys: HashKeySource;
}

/** What was done to a leaf. `scrub` is a narrative delivered with identifiers replaced. */
export type Transformation = ActionType | 'scrub';

/**
 * Why a leaf was treated as it was: the rule, grant, consent or break-glass
 * that decided. A discriminated union on `kind`; {@link explain} turns it
 * into words.
 */
export type Basis =
  | {
      readonly kind: 'sector-rule';
      readonly sector: Sector;
      readonly category: Category;
      readonly action: ActionType;
      /** A grant for this purpose needed the subject's consent and none was in force. */
      readonly consentNeeded?: {
        readonly purposes: readonly Purpose[];
        readonly ignoredConsents: readonly IgnoredConsent[];
      };
    }
  | {
      readonly kind: 'purpose-grant';
      readonly sector: Sector;
      readonly category: Category;
      readonly purpose: Purpose;
      readonly action: ActionType;
      readonly grantIndex: number;
    }
  | {
      readonly kind: 'consent-permit';
      readonly sector: Sector;
      readonly category: Category;
      readonly purpose: Purpose;
      readonly action: ActionType;
      readonly grantIndex: number;
      readonly consentIds: readonly string[];
    }
  | {
      readonly kind: 'consent-deny';
      readonly category: Category;
      readonly purpose: Purpose;
      readonly consentIds: readonly string[];
    }
  | {
      readonly kind: 'break-glass';
      readonly category: Category;
      readonly role: string;
      readonly reason: string;
      readonly expiresAt: string;
      /** Deny provisions that break-glass overrode. */
      readonly overriddenConsentIds: readonly string[];
    }
  | { readonly kind: 'default-deny'; readonly sector: Sector; readonly category: Category }
  | { readonly kind: 'uncategorised' };

/** The short reason code of a withheld path, for audit records and dashboards. */
export type WithheldReason =
  | 'sector-policy'
  | 'default-deny'
  | 'uncategorised'
  | 'consent-denied'
  | 'consent-required'
  | 'narrative-scrubbed'
  | 'hash-key-unavailable'
  | 'not-generalizable';

/** A leaf delivered unchanged. */
export interface DisclosedPath {
  readonly path: string;
  readonly category: Category;
  readonly basis: Basis;
}

/** A leaf not delivered as it was: left out, nulled, masked, hashed, generalized or scrubbed. */
export interface WithheldPath {
  readonly path: string;
  readonly category: Category | null;
  readonly transformation: Exclude<Transformation, 'allow'>;
  readonly reason: WithheldReason;
  readonly basis: Basis;
  /** For `scrub`: what was replaced, by token. */
  readonly scrubbed?: Readonly<Partial<Record<ScrubToken, number>>>;
}

/** Break-glass as it stood for this decision. */
export interface BreakGlassMark {
  /** `applied`: it widened this decision; `expired`: it was past its window and widened nothing. */
  readonly state: 'applied' | 'expired';
  readonly role: string;
  readonly reason: string;
  readonly requestedBy?: string;
  readonly startedAt: string;
  readonly expiresAt: string;
}

/**
 * Everything needed to show, later, who saw which fields of whose record
 * and why. It names paths and never values, so the audit log does not
 * become a second copy of the data.
 */
export interface DecisionRecord {
  readonly eventId: string;
  readonly eventType: string;
  readonly subjectId: string;
  readonly recipient: Recipient;
  readonly purpose: Purpose;
  readonly decisionTime: string;
  readonly policy: { readonly id: string; readonly version: string; readonly fileSha256?: string };
  /** Consents that allowed or withheld at least one path. */
  readonly consentIds: readonly string[];
  readonly breakGlass: BreakGlassMark | null;
  /** What happened to the CloudEvents subject (the subject id) on the delivery envelope. */
  readonly envelopeSubject: 'allow' | 'hash' | 'drop';
  /** Every leaf delivered unchanged, in document order. */
  readonly disclosed: readonly DisclosedPath[];
  /** Every other leaf, in document order. */
  readonly withheld: readonly WithheldPath[];
}

/** A decision that was not made, and why. */
export interface Refusal {
  readonly code: RefusalCode;
  readonly message: string;
  readonly eventId: string;
  readonly recipient: Recipient;
  readonly purpose: Purpose;
  readonly decisionTime: string;
}

/** The result of {@link decide}. */
export type Decision =
  | {
      readonly outcome: 'decided';
      /** The redacted copy of the event data: what the recipient may see, nothing else. */
      readonly data: unknown;
      /** The CloudEvents subject for the delivery: the subject id, its hash, or absent. */
      readonly envelope: { readonly subject?: string };
      readonly record: DecisionRecord;
    }
  | { readonly outcome: 'refused'; readonly refusal: Refusal };

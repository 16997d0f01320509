import type { Category, Purpose, Role, Sector } from './vocabulary';

/**
 * Ranger-style masks: `redact` turns every letter into `x`/`X` and every
 * digit into `n`; `show-last-4` and `show-first-4` keep four characters
 * (never more than half of the value) and redact the rest.
 */
export type MaskStyle = 'redact' | 'show-last-4' | 'show-first-4';

/** How a calendar date (`YYYY-MM-DD`, e.g. a date of birth) is coarsened. */
export type DateGeneralization = 'year' | 'month' | 'age-band';

/** How a timestamp (RFC 3339 date-time) is coarsened (UTC). */
export type DateTimeGeneralization = 'day' | 'month';

/**
 * What happens to every leaf of one category for one sector. A
 * discriminated union on `type`: every switch over it ends in a `never`
 * check, so a new action cannot be added without deciding what it does
 * everywhere.
 */
export type Action =
  | { readonly type: 'allow' }
  | { readonly type: 'drop' }
  | { readonly type: 'nullify' }
  | { readonly type: 'mask'; readonly style: MaskStyle }
  | { readonly type: 'hash' }
  | {
      readonly type: 'generalize';
      readonly date?: DateGeneralization;
      readonly dateTime?: DateTimeGeneralization;
      /** Round numbers (a latitude, a longitude) to this many decimals: 2 ≈ 1 km, 1 ≈ 11 km. */
      readonly number?: { readonly decimals: number };
    };

/** The `type` of an {@link Action}. */
export type ActionType = Action['type'];

/**
 * A wider action that applies only for some purposes and, when
 * `requiresConsent`, only when the subject's consent permits it.
 */
export interface ConditionalGrant {
  readonly purposes: readonly Purpose[];
  readonly requiresConsent: boolean;
  readonly action: Action;
  /** Why the grant exists, for people reading the policy. */
  readonly note?: string;
}

/**
 * One sector's rule for one category: `action` applies unless a grant
 * matches (grants are tried in order; the first that matches wins).
 */
export interface CategoryRule {
  readonly action: Action;
  readonly grants?: readonly ConditionalGrant[];
  readonly note?: string;
}

/** Who may break the glass in a sector, for what, and for how long. */
export interface BreakGlassPolicy {
  readonly roles: readonly Role[];
  /** The categories break-glass lets through (allowed unchanged). */
  readonly categories: readonly Category[];
  /** How long a break-glass lasts from its start. */
  readonly durationMinutes: number;
  /** Shortest acceptable written reason, in characters after trimming. */
  readonly minReasonLength: number;
  readonly note?: string;
}

/** Everything a policy says about one sector. */
export interface SectorPolicy {
  readonly rules: Readonly<Partial<Record<Category, CategoryRule>>>;
  readonly breakGlass?: BreakGlassPolicy;
  readonly note?: string;
}

/** An area a partner covers, or an area an alert names. */
export interface Area {
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  readonly region?: string;
  readonly locality?: string;
}

/** A partner that can receive events. */
export interface Partner {
  readonly partnerId: string;
  readonly sector: Sector;
  /** Areas the partner serves; without it the partner serves everywhere. */
  readonly coverage?: readonly Area[];
}

/** A recipient named by a JSON pointer inside the event, under a role name. */
export interface AddressedRecipient {
  /** `receiver`, `originator`, …; also the key of {@link RoutingContext.knownParties}. */
  readonly role: string;
  readonly path: string;
}

/** A filter on one facet: matches when the facet's value (or one of its values) is listed. */
export interface FacetCondition {
  readonly anyOf: readonly string[];
}

/** One rule of a broadcast flow. */
export interface BroadcastRule {
  readonly id: string;
  readonly to: { readonly sectors?: readonly Sector[]; readonly partners?: readonly string[] };
  /** Every condition must hold; facet names are those of the flow's `facets`. */
  readonly when?: Readonly<Record<string, FacetCondition>>;
  /** The partner's coverage must include the event's area (facets `country`, `region`, `locality`). */
  readonly withinCoverage?: boolean;
  readonly purpose: Purpose;
  /** Also deliver to the partner that sent the event (off unless said). */
  readonly includeSource?: boolean;
  readonly note?: string;
}

/** Routes an event to the partners it names (referrals, status changes). */
export interface AddressedFlow {
  readonly kind: 'addressed';
  readonly id: string;
  /** Event types, `*` matching any run of characters other than `.` (`org.beacon.referral.created.v*`). */
  readonly eventTypes: readonly string[];
  /** Where the sending partner's id sits in the event data. */
  readonly sourcePath?: string;
  readonly recipients: readonly AddressedRecipient[];
  readonly purpose: Purpose;
  readonly includeSource?: boolean;
  readonly note?: string;
}

/** Routes an event to every partner a rule selects (alerts, tips). */
export interface BroadcastFlow {
  readonly kind: 'broadcast';
  readonly id: string;
  readonly eventTypes: readonly string[];
  readonly sourcePath?: string;
  /** Named JSON pointers the rules filter on. */
  readonly facets: Readonly<Record<string, string>>;
  readonly rules: readonly BroadcastRule[];
  readonly note?: string;
}

/** One routing flow; the first flow whose `eventTypes` match an event routes it. */
export type RoutingFlow = AddressedFlow | BroadcastFlow;

/**
 * An API answer decided by the engine per caller, as a delivery is: its
 * schema gives every leaf a data category, and the caller's partner and
 * sector, the subject's consents and `purpose` decide each leaf.
 */
export interface ApiViewRule {
  readonly id: string;
  /** The view's schema under `schemas/` (`api/referral-view.v1.json`). */
  readonly schema: string;
  readonly purpose: Purpose;
  /** `METHOD /path` of each route that answers with the view. */
  readonly routes: readonly string[];
  readonly note: string;
}

/** Routes whose answers need no decision per caller, and why. */
export interface OperationalApiFields {
  readonly id: string;
  /** `METHOD /path`, or `header <name>` for a response header. */
  readonly routes: readonly string[];
  readonly note: string;
}

/** Every field any Beacon API returns: decided per caller (`views`) or operational, with the reason. */
export interface ApiFieldsPolicy {
  readonly note?: string;
  readonly views: readonly ApiViewRule[];
  readonly operational: readonly OperationalApiFields[];
}

/** A policy file as parsed and validated (config/policies/*.json). */
export interface PolicyDocument {
  readonly $schema?: string;
  readonly policyId: string;
  readonly title: string;
  readonly description?: string;
  readonly effectiveFrom?: string;
  readonly sectors: Readonly<Partial<Record<Sector, SectorPolicy>>>;
  readonly routing: readonly RoutingFlow[];
  readonly apiFields?: ApiFieldsPolicy;
}

/** A validated policy, ready for {@link decide} and {@link routeEvent}. */
export interface CompiledPolicy {
  readonly id: string;
  /** `sha256:<hex>` of the canonical JSON of the document (sorted keys, no whitespace). */
  readonly version: string;
  /** SHA-256 of the file bytes, when the loader passed it. */
  readonly fileSha256?: string;
  readonly document: PolicyDocument;
}

import type { BreakGlassGrant } from './break-glass';
import type { ConsentIndex, ConsentVerdict } from './consent';
import type { Basis, WithheldReason } from './decision.types';
import type { Action, CategoryRule, CompiledPolicy } from './policy.types';
import { CATEGORIES, type Category, type Purpose, type Sector } from './vocabulary';

/**
 * What the policy, consents and break-glass say about one category; the
 * same for all its leaves. Made once and shared by every leaf (and, when
 * nothing but the policy decides, by every decision): frozen, so no
 * caller can change one record through another.
 */
export interface CategoryDecision {
  readonly action: Action;
  readonly basis: Basis;
  /** The short reason a leaf withheld under this decision gets (unless the value itself fails). */
  readonly reason: WithheldReason;
  /** The consents the record names for a leaf of this category, if any. */
  readonly consentIds: readonly string[] | undefined;
}

/** One category's decision for every category of the vocabulary. */
export type CategoryTable = Readonly<Record<Category, CategoryDecision>>;

interface CandidateGrant {
  readonly grantIndex: number;
  readonly action: Action;
  readonly requiresConsent: boolean;
  /** The basis when the grant applies without consent (it never depends on the consents). */
  readonly basis: Basis | undefined;
}

/** One category's rule for one sector and purpose, prepared: the grants that can apply, in order. */
interface CategoryPlan {
  readonly category: Category;
  readonly rule: CategoryRule | undefined;
  /** The grants for this purpose, up to and including the first that needs no consent. */
  readonly candidates: readonly CandidateGrant[];
}

/**
 * Everything one (sector, purpose) of a policy needs to decide: a plan per
 * category and the table for the common case, where no consent concerns
 * the recipient and no break-glass is active.
 */
export interface PurposePlan {
  readonly sector: Sector;
  readonly purpose: Purpose;
  readonly plans: Readonly<Record<Category, CategoryPlan>>;
  readonly withoutConsent: CategoryTable;
}

const NO_IGNORED: readonly never[] = Object.freeze([]);

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
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

function decision(action: Action, basis: Basis): CategoryDecision {
  const consentIds =
    basis.kind === 'consent-permit' || basis.kind === 'consent-deny' ? basis.consentIds : undefined;
  // The basis goes into records and is frozen whole; the action belongs to the policy and is left as it is.
  return Object.freeze({ action, basis: deepFreeze(basis), reason: reasonFor(basis), consentIds });
}

const ALLOW: Action = Object.freeze({ type: 'allow' });
const DROP: Action = Object.freeze({ type: 'drop' });

/** Break-glass lets a category through; the record says who, why, until when, and which denies it overrode. */
function breakGlassAllows(
  glass: BreakGlassGrant,
  category: Category,
  overriddenConsentIds: readonly string[],
): CategoryDecision {
  return decision(ALLOW, {
    kind: 'break-glass',
    category,
    role: glass.role,
    reason: glass.reason,
    expiresAt: glass.expiresAt,
    overriddenConsentIds,
  });
}

/**
 * Decides what one category comes to for one recipient: default deny
 * without a rule; a consent deny over everything but break-glass; else the
 * first grant that matches the purpose (and has consent when it needs it);
 * else the rule's own action. Break-glass, while active, lets its
 * categories through whatever the rest says.
 */
function decideCategory(
  plan: CategoryPlan,
  sector: Sector,
  purpose: Purpose,
  verdict: ConsentVerdict,
  breakGlass: BreakGlassGrant | undefined,
): CategoryDecision {
  const { category, rule } = plan;
  const glass = breakGlass?.categories.includes(category) === true ? breakGlass : undefined;

  if (rule === undefined) {
    if (glass !== undefined) return breakGlassAllows(glass, category, []);
    return decision(DROP, { kind: 'default-deny', sector, category });
  }

  if (verdict.kind === 'deny') {
    // A subject's explicit "no" beats every rule; only a documented emergency overrides it.
    if (glass !== undefined) return breakGlassAllows(glass, category, verdict.consentIds);
    return decision(DROP, { kind: 'consent-deny', category, purpose, consentIds: verdict.consentIds });
  }

  let chosen: CategoryDecision | undefined;
  // Remembered so the record (and explain) can say what consent would have changed.
  let aGrantNeededConsent = false;
  for (const grant of plan.candidates) {
    if (grant.basis !== undefined) {
      chosen = decision(grant.action, grant.basis);
      break;
    }
    if (verdict.kind === 'permit') {
      chosen = decision(grant.action, {
        kind: 'consent-permit',
        sector,
        category,
        purpose,
        action: grant.action.type,
        grantIndex: grant.grantIndex,
        consentIds: verdict.consentIds,
      });
      break;
    }
    aGrantNeededConsent = true;
  }
  chosen ??= decision(rule.action, {
    kind: 'sector-rule',
    sector,
    category,
    action: rule.action.type,
    ...(aGrantNeededConsent
      ? { consentNeeded: { purposes: [purpose], ignoredConsents: verdict.ignored } }
      : {}),
  });
  if (glass !== undefined && chosen.action.type !== 'allow') return breakGlassAllows(glass, category, []);
  return chosen;
}

function planCategory(
  category: Category,
  sector: Sector,
  purpose: Purpose,
  rule: CategoryRule | undefined,
): CategoryPlan {
  const candidates: CandidateGrant[] = [];
  for (const [grantIndex, grant] of (rule?.grants ?? []).entries()) {
    if (!grant.purposes.includes(purpose)) continue;
    if (grant.requiresConsent) {
      candidates.push({ grantIndex, action: grant.action, requiresConsent: true, basis: undefined });
      continue;
    }
    const basis: Basis = {
      kind: 'purpose-grant',
      sector,
      category,
      purpose,
      action: grant.action.type,
      grantIndex,
    };
    candidates.push({ grantIndex, action: grant.action, requiresConsent: false, basis });
    // The first grant that needs no consent always applies; nothing after it is ever reached.
    break;
  }
  return { category, rule, candidates };
}

const NO_CONSENT: ConsentVerdict = Object.freeze({ kind: 'none', ignored: NO_IGNORED });

/** A table of decisions: one per category, under one verdict source and break-glass. */
function tableOf(
  plans: Readonly<Record<Category, CategoryPlan>>,
  sector: Sector,
  purpose: Purpose,
  verdictOf: (category: Category) => ConsentVerdict,
  glass: BreakGlassGrant | undefined,
): CategoryTable {
  const table = {} as Record<Category, CategoryDecision>;
  for (const category of CATEGORIES) {
    const plan = plans[category];
    // Without a rule the consents are never asked (a permit cannot create a rule).
    const verdict = plan.rule === undefined ? NO_CONSENT : verdictOf(category);
    table[category] = decideCategory(plan, sector, purpose, verdict, glass);
  }
  return Object.freeze(table);
}

function planPurpose(policy: CompiledPolicy, sector: Sector, purpose: Purpose): PurposePlan {
  const rules = policy.document.sectors[sector]?.rules;
  const plans = {} as Record<Category, CategoryPlan>;
  for (const category of CATEGORIES) {
    plans[category] = planCategory(category, sector, purpose, rules?.[category]);
  }
  const withoutConsent = tableOf(plans, sector, purpose, () => NO_CONSENT, undefined);
  return { sector, purpose, plans, withoutConsent };
}

const plansByPolicy = new WeakMap<CompiledPolicy, Map<string, PurposePlan>>();

/**
 * The prepared plan for one sector and purpose of a policy, made once per
 * policy object: a compiled policy is read, never changed, so what it
 * says for a (sector, purpose) is worked out on first use and kept as
 * long as the policy is.
 */
export function purposePlan(policy: CompiledPolicy, sector: Sector, purpose: Purpose): PurposePlan {
  let plans = plansByPolicy.get(policy);
  if (plans === undefined) {
    plans = new Map();
    plansByPolicy.set(policy, plans);
  }
  const key = `${sector}\u0000${purpose}`;
  let plan = plans.get(key);
  if (plan === undefined) {
    plan = planPurpose(policy, sector, purpose);
    plans.set(key, plan);
  }
  return plan;
}

const tablesByIndex = new WeakMap<ConsentIndex, Map<PurposePlan, CategoryTable>>();

/**
 * The decision for every category, for one recipient's consents and
 * break-glass. Without a consent that concerns the recipient and without
 * break-glass this is the policy's own table; with consents it is worked
 * out once per consent index (one subject, recipient and instant) and
 * plan; under break-glass, which is rare and must be recorded as it
 * stands, every time.
 */
export function categoryTable(
  plan: PurposePlan,
  consents: ConsentIndex,
  glass: BreakGlassGrant | undefined,
): CategoryTable {
  if (glass === undefined && consents.concernsNoOne) return plan.withoutConsent;
  const verdictOf = (category: Category): ConsentVerdict => consents.verdict(plan.purpose, category);
  if (glass !== undefined) return tableOf(plan.plans, plan.sector, plan.purpose, verdictOf, glass);
  let tables = tablesByIndex.get(consents);
  if (tables === undefined) {
    tables = new Map();
    tablesByIndex.set(consents, tables);
  }
  let table = tables.get(plan);
  if (table === undefined) {
    table = tableOf(plan.plans, plan.sector, plan.purpose, verdictOf, undefined);
    tables.set(plan, table);
  }
  return table;
}

/** The basis of a leaf the schema gives no category. */
export const UNCATEGORISED: CategoryDecision = decision(DROP, { kind: 'uncategorised' });

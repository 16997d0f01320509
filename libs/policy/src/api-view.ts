import type { CategoryMap, CompiledCategoryMap } from './category-map';
import type { Consent, Recipient } from './consent';
import { decide } from './decide';
import type { DecisionRecord, Refusal } from './decision.types';
import type { ApiViewRule, CompiledPolicy } from './policy.types';
import type { HashKeySource } from './transformations';

/** What deciding one API answer depends on; the same inputs as a delivery's decision. */
export interface DecideApiViewInput {
  /** The id of the view under `apiFields.views` of the policy (`referral`). */
  readonly viewId: string;
  /** The answer as the service would give it to someone who may see everything. */
  readonly view: Readonly<Record<string, unknown>>;
  /** What the answer is about (a referral id): names the decision, as an event id names a delivery's. */
  readonly viewKey: string;
  /** The subject the answer is about: consents are looked up for it. */
  readonly subjectId: string;
  /** The categories of the view's schema (libs/contracts `loadApiView`). */
  readonly categories: CategoryMap | CompiledCategoryMap;
  /** The verified caller's partner and sector. */
  readonly caller: Recipient;
  readonly policy: CompiledPolicy;
  /** The subject's consents; consents about anyone else are ignored. */
  readonly consents: readonly Consent[];
  readonly decisionTime: string;
  /** The same key source the deliveries are hashed with, so a hash here matches the caller's deliveries. */
  readonly hashKeys: HashKeySource;
}

/** The answer the caller may have, and the record of what was withheld and why. */
export type ApiViewDecision =
  | {
      readonly outcome: 'decided';
      /** The view with every leaf the caller may not see removed, hashed or generalized. */
      readonly view: Record<string, unknown>;
      readonly record: DecisionRecord;
    }
  | { readonly outcome: 'refused'; readonly refusal: Refusal };

/**
 * The policy's rule for one API view.
 *
 * @throws when the policy names no such view: a service must not answer with
 * a view nobody decided on (it checks this at start)
 */
export function apiViewRule(policy: CompiledPolicy, viewId: string): ApiViewRule {
  const rule = policy.document.apiFields?.views.find((view) => view.id === viewId);
  if (rule === undefined)
    throw new Error(`policy ${policy.id} names no API view "${viewId}" under apiFields.views`);
  return rule;
}

/**
 * Decides what one caller may see of one API answer, with {@link decide}:
 * the view is the data, its schema's categories the category map, the
 * caller the recipient, the view's purpose in the policy the purpose. So an
 * API answer follows the same sector rules, consents and hash keys as the
 * caller's deliveries: a subject id hashed in a partner's deliveries is the
 * same hash in its API answers, and in clear only where a consent or grant
 * lets that partner see identity. Break-glass does not widen API views: what
 * it widens reaches the caller as deliveries, flagged and audited.
 */
export function decideApiView(input: DecideApiViewInput): ApiViewDecision {
  const rule = apiViewRule(input.policy, input.viewId);
  const decision = decide({
    event: { id: input.viewKey, type: `api:${rule.id}`, subject: input.subjectId, data: input.view },
    categories: input.categories,
    recipient: input.caller,
    policy: input.policy,
    consents: input.consents,
    purpose: rule.purpose,
    decisionTime: input.decisionTime,
    hashKeys: input.hashKeys,
  });
  if (decision.outcome === 'refused') return decision;
  const view =
    decision.data !== null && typeof decision.data === 'object' && !Array.isArray(decision.data)
      ? (decision.data as Record<string, unknown>)
      : {};
  return { outcome: 'decided', view, record: decision.record };
}

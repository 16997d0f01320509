import { loadApiView } from '@beacon/contracts';
import {
  apiViewRule,
  compileCategoryMap,
  decideApiView,
  type CategoryMap,
  type CompiledCategoryMap,
  type CompiledPolicy,
  type Consent,
  type HashKeySource,
  type Sector,
} from '@beacon/policy';
import type { ReferralView } from '../referral-view';

/** The referral view's id under `apiFields.views` of the sector policy. */
export const REFERRAL_VIEW_ID = 'referral';

/** Who asks: the verified token's partner and sector. */
export interface ReferralCaller {
  readonly partnerId: string;
  readonly sector: string;
}

/**
 * A referral view as the caller may see it: the subject id is in clear, a
 * per-recipient hash, or absent, as the policy decided; every other leaf the
 * schema names as operational is as it was.
 */
export type DisclosedReferral<T extends ReferralView> = Omit<T, 'subjectId'> & {
  readonly subjectId?: string;
};

/**
 * Decides each referral answer for its caller with the sector policy, as
 * redaction decides each delivery: the view's schema
 * (`schemas/api/referral-view.v1.json`) gives every leaf a category, the
 * caller's partner and sector, the subject's consents and the view's
 * purpose decide it, and the hash keys are redaction's. The service keeps no
 * list of its own of what a case worker may see.
 */
export class ReferralDisclosure {
  private readonly categories: CompiledCategoryMap;

  constructor(
    private readonly policy: CompiledPolicy,
    private readonly hashKeys: HashKeySource,
    categories: CategoryMap,
  ) {
    // A policy that does not name the view stops the service at start, not at the first answer.
    apiViewRule(policy, REFERRAL_VIEW_ID);
    this.categories = compileCategoryMap(categories);
    if (this.categories.problems.length > 0)
      throw new Error(`referral view categories: ${this.categories.problems.join('; ')}`);
  }

  /** With the categories of the view schema the policy names for referrals. */
  static forPolicy(policy: CompiledPolicy, hashKeys: HashKeySource, schemasDir?: string): ReferralDisclosure {
    const schema = apiViewRule(policy, REFERRAL_VIEW_ID).schema;
    const name = schema.replace(/^api\//, '').replace(/\.json$/, '');
    return new ReferralDisclosure(policy, hashKeys, loadApiView(name, schemasDir).categories);
  }

  /**
   * `view` as `caller` may see it, given the subject's `consents` at `now`.
   *
   * @throws when the engine refuses to decide (it never should for a view:
   * no break-glass, a valid time); nothing is answered then
   */
  disclose<T extends ReferralView>(
    view: T,
    caller: ReferralCaller,
    consents: readonly Consent[],
    now: Date,
  ): DisclosedReferral<T> {
    const decision = decideApiView({
      viewId: REFERRAL_VIEW_ID,
      view: view as unknown as Record<string, unknown>,
      viewKey: view.referralId,
      subjectId: view.subjectId,
      categories: this.categories,
      // A sector the policy does not name (the operator's own, `beacon`) is denied every category.
      caller: { partnerId: caller.partnerId, sector: caller.sector as Sector },
      policy: this.policy,
      consents,
      decisionTime: now.toISOString(),
      hashKeys: this.hashKeys,
    });
    if (decision.outcome === 'refused')
      throw new Error(`the referral view was not decided: ${decision.refusal.message}`);
    // The engine leaves out containers it left empty, so that a delivery does not tell
    // that a field it withheld existed. A list that was empty to begin with holds no
    // leaf and tells nothing; keeping it keeps the answer's shape (`possibleDuplicateOf: []`).
    const answer: Record<string, unknown> = decision.view;
    for (const [key, value] of Object.entries(view))
      if (Array.isArray(value) && value.length === 0 && !(key in answer)) answer[key] = [];
    return answer as unknown as DisclosedReferral<T>;
  }
}

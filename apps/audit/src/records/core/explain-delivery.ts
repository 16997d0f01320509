/**
 * "What did partner P receive of event E, and why": each path of the event
 * as the disclosure record of that delivery names it, with what was done to
 * it and what decided it.
 *
 * The disclosure record names, for a withheld or transformed path, the
 * reason code the policy engine gave; for a disclosed path it names no
 * rule, so the answer says which bases were in play (the sector policy's
 * version, the consents the record lists, break-glass) rather than guess one.
 *
 * Pure: no Nest, no I/O.
 */
import type { AuditRecordView } from '../../chain';

export type ExplainedOutcome = 'disclosed' | 'transformed' | 'withheld';

/** What decided a path, in a word and in a sentence. */
export interface DecidedBy {
  kind:
    | 'sector-policy'
    | 'sector-policy-or-consent'
    | 'consent-permit'
    | 'break-glass'
    | 'consent-denied'
    | 'consent-required'
    | 'default-deny'
    | 'narrative-scrub'
    | 'fail-closed'
    | 'unknown';
  /** The policy and consents that count for this path. */
  policy: { id: string | null; version: string | null };
  consentIds: string[];
  /**
   * The rule, grant or consent that decided, as the policy engine named it
   * when it decided (e.g. `consent c-17 (permit)`); null on records written
   * before disclosure records carried it.
   */
  rule: string | null;
  explanation: string;
}

export interface ExplainedPath {
  path: string;
  outcome: ExplainedOutcome;
  /** `none` for a path delivered unchanged. */
  transformation: string;
  /** The record's reason code for a withheld or transformed path; null for a disclosed one. */
  reason: string | null;
  decidedBy: DecidedBy;
}

/** One delivery of the event to the partner (one disclosure record). */
export interface ExplainedDelivery {
  recordId: string;
  time: string | null;
  purpose: string | null;
  policy: { id: string | null; version: string | null };
  consentIds: string[];
  breakGlass: { used: boolean; reason: string | null };
  /** Where the record sits in the trail, so an auditor can check it. */
  chain: AuditRecordView['chain'];
  paths: ExplainedPath[];
}

export interface DeliveryExplanation {
  eventId: string;
  eventType: string | null;
  partnerId: string;
  subjectId: string | null;
  deliveries: ExplainedDelivery[];
}

function policyName(view: AuditRecordView): string {
  return `${view.policy.id ?? 'unknown'} policy (version ${view.policy.version ?? 'unknown'})`;
}

/** A disclosed path's kind once the record names its rule: a consent's permit or the sector policy. */
function kindOfRule(rule: string): DecidedBy['kind'] {
  return rule.startsWith('consent ') ? 'consent-permit' : 'sector-policy';
}

function disclosedBy(view: AuditRecordView): Omit<DecidedBy, 'rule'> {
  const base = { policy: view.policy, consentIds: view.consentIds };
  const sector = view.actor.sector ?? 'the recipient’s sector';
  if (view.breakGlass.used)
    return {
      ...base,
      kind: 'break-glass',
      explanation: `disclosed under break-glass (emergency access), flagged on this record; the ${policyName(view)} applied to ${sector}`,
    };
  if (view.consentIds.length > 0)
    return {
      ...base,
      kind: 'sector-policy-or-consent',
      explanation: `the ${policyName(view)} allows it for ${sector}, or consent ${view.consentIds.join(', ')} permits it; the record does not say which`,
    };
  return {
    ...base,
    kind: 'sector-policy',
    explanation: `the ${policyName(view)} allows it for ${sector}, and no consent was involved`,
  };
}

function withheldBy(view: AuditRecordView, reason: string | null): Omit<DecidedBy, 'rule'> {
  const policy = view.policy;
  const withConsents = { policy, consentIds: view.consentIds };
  const without = { policy, consentIds: [] };
  switch (reason) {
    case 'sector-policy':
      return {
        ...without,
        kind: 'sector-policy',
        explanation: `the ${policyName(view)} says so for this data category`,
      };
    case 'default-deny':
      return {
        ...without,
        kind: 'default-deny',
        explanation: `default deny: the ${policyName(view)} has no rule for this data category`,
      };
    case 'uncategorised':
      return {
        ...without,
        kind: 'default-deny',
        explanation: 'default deny: the field has no data category',
      };
    case 'consent-denied':
      return {
        ...withConsents,
        kind: 'consent-denied',
        explanation: `a consent of the subject denies it${view.consentIds.length > 0 ? ` (one of ${view.consentIds.join(', ')})` : ''}; a deny wins over any rule`,
      };
    case 'consent-required':
      return {
        ...without,
        kind: 'consent-required',
        explanation: `the ${policyName(view)} shares it only with the subject's consent, and none in force permitted it`,
      };
    case 'narrative-scrubbed':
      return {
        ...without,
        kind: 'narrative-scrub',
        explanation:
          'free text: identifiers were scrubbed out before it left, as the recipient may not see identity',
      };
    case 'hash-key-unavailable':
      return {
        ...without,
        kind: 'fail-closed',
        explanation: 'no per-recipient hash key was available, so it was withheld',
      };
    case 'not-generalizable':
      return {
        ...without,
        kind: 'fail-closed',
        explanation: 'the value could not be generalised, so it was withheld',
      };
    default:
      return {
        ...without,
        kind: 'unknown',
        explanation: `the record gives reason ${JSON.stringify(reason)}`,
      };
  }
}

function outcomeOf(transformation: string): ExplainedOutcome {
  return transformation === 'drop' || transformation === 'nullify' ? 'withheld' : 'transformed';
}

/** Explains one disclosure record, path by path, in the record's order (disclosed first). */
export function explainDelivery(view: AuditRecordView): ExplainedDelivery {
  const rules = new Map(view.decidedBy.map((d) => [d.path, d.by]));
  const withRule = (path: string, decided: Omit<DecidedBy, 'rule'>): DecidedBy => {
    const rule = rules.get(path) ?? null;
    if (rule === null) return { ...decided, rule };
    const kind = decided.kind === 'sector-policy-or-consent' ? kindOfRule(rule) : decided.kind;
    return { ...decided, kind, rule, explanation: `${decided.explanation}; decided by ${rule}` };
  };
  const paths: ExplainedPath[] = [
    ...view.disclosedPaths.map((path) => ({
      path,
      outcome: 'disclosed' as const,
      transformation: 'none',
      reason: null,
      decidedBy: withRule(path, disclosedBy(view)),
    })),
    ...view.withheld.map((w) => ({
      path: w.path,
      outcome: outcomeOf(w.transformation),
      transformation: w.transformation,
      reason: w.reason,
      decidedBy: withRule(w.path, withheldBy(view, w.reason)),
    })),
  ];
  return {
    recordId: view.recordId,
    time: view.time,
    purpose: view.purpose,
    policy: view.policy,
    consentIds: view.consentIds,
    breakGlass: view.breakGlass,
    chain: view.chain,
    paths,
  };
}

/**
 * The explanation of every delivery of `eventId` to `partnerId`; undefined
 * when there is none (that partner never received the event).
 */
export function explainEventForPartner(
  eventId: string,
  partnerId: string,
  views: readonly AuditRecordView[],
): DeliveryExplanation | undefined {
  const deliveries = views.filter(
    (v) => v.action === 'deliver' && v.resource.id === eventId && v.actor.partnerId === partnerId,
  );
  if (deliveries.length === 0) return undefined;
  return {
    eventId,
    eventType: deliveries[0].resource.type,
    partnerId,
    subjectId: deliveries[0].resource.subjectId,
    deliveries: deliveries.map(explainDelivery),
  };
}

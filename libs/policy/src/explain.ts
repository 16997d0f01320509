import type { IgnoredConsent } from './consent';
import type { Basis, DecisionRecord, Transformation, WithheldPath } from './decision.types';
import type { Refusal } from './decision.types';

/** How a path ended up, in one word. */
export type ExplainedOutcome = 'disclosed' | 'transformed' | 'withheld';

/** One path of a decision, in plain words. */
export interface ExplainedPath {
  readonly path: string;
  readonly outcome: ExplainedOutcome;
  readonly transformation: Transformation;
  /** The rule or consent that decided, e.g. `consent c-17 (permit)` or `ngo policy, identity rule`. */
  readonly decidedBy: string;
  /** A sentence a case worker or an auditor can read. */
  readonly explanation: string;
}

function list(ids: readonly string[]): string {
  return ids.join(', ');
}

function describeIgnored(ignored: IgnoredConsent): string {
  const since = ignored.since === undefined ? '' : ` on ${ignored.since}`;
  switch (ignored.why) {
    case 'revoked':
      return `consent ${ignored.consentId} was revoked${since}`;
    case 'revoked-for-recipient':
      return `consent ${ignored.consentId} was revoked for this recipient${since}`;
    case 'expired':
      return `consent ${ignored.consentId} ran out${since}`;
    case 'not-yet-valid':
      return `consent ${ignored.consentId} was not yet in force`;
    case 'unreadable':
      return `consent ${ignored.consentId} has dates that cannot be read`;
    default: {
      const unreachable: never = ignored.why;
      return `consent ${ignored.consentId} did not count (${String(unreachable)})`;
    }
  }
}

function doneTo(transformation: Transformation): string {
  switch (transformation) {
    case 'allow':
      return 'Disclosed unchanged';
    case 'drop':
      return 'Withheld (left out)';
    case 'nullify':
      return 'Withheld (sent as null)';
    case 'mask':
      return 'Sent masked';
    case 'hash':
      return 'Sent as a keyed hash that only this recipient gets';
    case 'generalize':
      return 'Sent generalized';
    case 'scrub':
      return 'Sent with identifiers scrubbed out';
    default: {
      const unreachable: never = transformation;
      return String(unreachable);
    }
  }
}

/** The rule, grant, consent or break-glass a basis names, in a few words (kept on disclosure records). */
export function decidedBy(basis: Basis): string {
  switch (basis.kind) {
    case 'sector-rule':
      return `${basis.sector} policy, ${basis.category} rule`;
    case 'purpose-grant':
      return `${basis.sector} policy, ${basis.category} grant #${basis.grantIndex} (${basis.purpose})`;
    case 'consent-permit':
      return `consent ${list(basis.consentIds)} (permit)`;
    case 'consent-deny':
      return `consent ${list(basis.consentIds)} (deny)`;
    case 'break-glass':
      return `break-glass by ${basis.role}`;
    case 'default-deny':
      return `default deny (${basis.sector} policy has no ${basis.category} rule)`;
    case 'uncategorised':
      return 'default deny (field has no data category)';
    default: {
      const unreachable: never = basis;
      return JSON.stringify(unreachable);
    }
  }
}

function because(basis: Basis): string {
  switch (basis.kind) {
    case 'sector-rule': {
      const base = `the ${basis.sector} policy says "${basis.action}" for ${basis.category} data`;
      if (basis.consentNeeded === undefined) return base;
      const purposes = basis.consentNeeded.purposes.join(', ');
      const lapsed = basis.consentNeeded.ignoredConsents.map(describeIgnored);
      const none =
        lapsed.length === 0
          ? 'no consent of the subject permits it'
          : `no consent in force permits it (${lapsed.join('; ')})`;
      return `${base}; with the subject's consent it would be shared further for ${purposes}, but ${none}`;
    }
    case 'purpose-grant':
      return `the ${basis.sector} policy says "${basis.action}" for ${basis.category} data when the purpose is ${basis.purpose}`;
    case 'consent-permit':
      return `the subject's consent ${list(basis.consentIds)} permits ${basis.category} data for ${basis.purpose}, and the ${basis.sector} policy then says "${basis.action}"`;
    case 'consent-deny':
      return `the subject's consent ${list(basis.consentIds)} denies ${basis.category} data for ${basis.purpose}; a deny wins over any permit or rule`;
    case 'break-glass': {
      const overridden =
        basis.overriddenConsentIds.length === 0
          ? ''
          : `, overriding the subject's deny in consent ${list(basis.overriddenConsentIds)}`;
      return `emergency access (break-glass) by role ${basis.role} until ${basis.expiresAt}, reason: "${basis.reason}"${overridden}`;
    }
    case 'default-deny':
      return `the ${basis.sector} policy has no rule for ${basis.category} data, and what no rule allows goes nowhere`;
    case 'uncategorised':
      return 'the field has no data category in its schema, and a field without a category is withheld from everyone';
    default: {
      const unreachable: never = basis;
      return JSON.stringify(unreachable);
    }
  }
}

function valueLevel(entry: WithheldPath): string {
  switch (entry.reason) {
    case 'hash-key-unavailable':
      return '; it should have been hashed, but no usable key exists for this recipient, so it was left out';
    case 'not-generalizable':
      return '; it should have been generalized, but the value has no shape the rule can coarsen, so it was left out';
    case 'narrative-scrubbed': {
      const counts = Object.entries(entry.scrubbed ?? {})
        .map(([token, n]) => `${n} × ${token}`)
        .join(', ');
      return `; the recipient may not see the subject's identity or contact details, so they were replaced (${counts})`;
    }
    default:
      return '';
  }
}

/**
 * Says, for every path of a decision, what reached the recipient and which
 * rule or consent decided it, in words a case worker or an auditor can
 * read. Works from the record alone, so an auditor can explain a decision
 * years later without the data.
 */
export function explain(record: DecisionRecord): ExplainedPath[] {
  const disclosed = record.disclosed.map((entry): ExplainedPath => ({
    path: entry.path,
    outcome: 'disclosed',
    transformation: 'allow',
    decidedBy: decidedBy(entry.basis),
    explanation: `${doneTo('allow')}: ${because(entry.basis)}.`,
  }));
  const withheld = record.withheld.map((entry): ExplainedPath => ({
    path: entry.path,
    outcome:
      entry.transformation === 'drop' || entry.transformation === 'nullify' ? 'withheld' : 'transformed',
    transformation: entry.transformation,
    decidedBy: decidedBy(entry.basis),
    explanation: `${doneTo(entry.transformation)}: ${because(entry.basis)}${valueLevel(entry)}.`,
  }));
  return [...disclosed, ...withheld];
}

/** Says why a decision was refused, in one sentence. */
export function explainRefusal(refusal: Refusal): string {
  return `No data was sent to ${refusal.recipient.partnerId} for event ${refusal.eventId}: ${refusal.message} (${refusal.code}).`;
}

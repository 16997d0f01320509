/**
 * @beacon/policy — the pure consent-and-redaction decision engine.
 *
 * Sector rules × data categories × consent × purpose (× break-glass) →
 * a redacted copy of an event plus a record of every path disclosed or
 * withheld and why. No I/O, no framework: the redaction service loads
 * policies, consents and keys, and hands them in.
 */
export * from './vocabulary';
export * from './policy.types';
export { validatePolicy, compilePolicy, policyVersion } from './policy-validator';
export type { PolicyError, PolicyCompileResult, CompilePolicyOptions } from './policy-validator';
export { compileCategoryMap } from './category-map';
export type { CategoryMap, CompiledCategoryMap } from './category-map';
export type {
  Consent,
  ConsentProvision,
  ConsentVerdict,
  Grantee,
  IgnoredConsent,
  IgnoredWhy,
  PartialRevocation,
  Period,
  Recipient,
} from './consent';
export { indexConsents } from './consent';
export { consentFromRecords } from './consent-records';
export type { StoredConsent } from './consent-records';
export { hashKeysFromSecret } from './hash-keys';
export { compilePolicyFile } from './policy-file';
export { apiViewRule, decideApiView } from './api-view';
export type { ApiViewDecision, DecideApiViewInput } from './api-view';
export type { ConsentIndex } from './consent';
export type { BreakGlassRequest, BreakGlassGrant, BreakGlassState, RefusalCode } from './break-glass';
export { assessBreakGlass } from './break-glass';
export {
  MIN_HASH_KEY_BYTES,
  ageBand,
  generalizeValue,
  hmacValue,
  isUsableHashKey,
  maskValue,
} from './transformations';
export type { Generalized, HashKeySource, LeafValue } from './transformations';
export { SCRUB_TOKENS, scrubNarrative } from './narrative-scrub';
export type { OwnIdentifier, ScrubResult, ScrubToken } from './narrative-scrub';
export * from './decision.types';
export { decide } from './decide';
export { disclosingConsentIds } from './disclosing-consents';
export { decidedBy, explain, explainRefusal } from './explain';
export type { ExplainedOutcome, ExplainedPath } from './explain';
export { routeEvent } from './routing';
export type {
  RouteBasis,
  RouteResult,
  RoutableEvent,
  RoutedRecipient,
  RoutingContext,
  SkippedRecipient,
} from './routing';
export { canonicalJson } from './canonical-json';
export { escapeToken, formatPointer, parsePointer } from './json-pointer';

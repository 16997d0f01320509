import type { Consent } from '@beacon/policy';

/** The subjects' consents as the gateway's consent API recorded them, read when an answer is decided. */
export interface SubjectConsents {
  /** Each subject's consents, by subject id (a subject without any maps to an empty list or is absent). */
  forSubjects(subjectIds: readonly string[]): Promise<ReadonlyMap<string, readonly Consent[]>>;
}

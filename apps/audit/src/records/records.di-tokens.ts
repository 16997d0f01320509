/** Injection token of the {@link AuditRecordsReader}: the trail as auditors query it. */
export const AUDIT_RECORDS_READER = Symbol('AUDIT_RECORDS_READER');

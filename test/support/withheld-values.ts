/**
 * The check that no API answer carries a value the sector policy withholds
 * from its caller. The suites tell it which subjects they made up (the
 * referral data they sent, the consents they recorded); for each answer and
 * caller it asks the policy engine what that caller's own delivery of each
 * subject's referral withholds — the subject id in clear where it is hashed
 * or dropped, names, phone numbers, documents, health notes — and scans
 * every string of the answer, at any depth, for those values.
 *
 * `callGateway` (test/support/referral-flow.ts) runs it on every answer, so
 * each suite that calls the gateway through it is checked on every request.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SchemaRegistry, type ReferralCreatedV1Data } from '@beacon/contracts';
import {
  apiViewRule,
  compilePolicyFile,
  decide,
  hashKeysFromSecret,
  isSector,
  parsePointer,
  type Consent,
  type Recipient,
} from '@beacon/policy';

const POLICY_FILE = join(__dirname, '..', '..', 'config', 'policies', 'beacon-default.v1.json');
const REFERRAL_CREATED = 'org.beacon.referral.created.v1';
/** Shorter values (an enum word, a small number) turn up in any answer by coincidence. */
const MIN_LENGTH = 6;

const policy = compilePolicyFile(readFileSync(POLICY_FILE, 'utf8'), POLICY_FILE);
// Any key: only which paths are withheld matters here, not their hashes.
const hashKeys = hashKeysFromSecret('withheld-values-check-key-of-32-characters');

/** A subject a suite made up: the referral it sent about them, and the consents it recorded since. */
export interface KnownSubject {
  readonly referral: ReferralCreatedV1Data;
  readonly consents: readonly Consent[];
}

/** Who an answer went to: the verified token's partner and sector. */
export interface AnswerCaller {
  readonly partnerId: string;
  readonly sector: string;
}

const known = new Map<string, { referral: ReferralCreatedV1Data; consents: Consent[] }>();

/**
 * Operational answers that are only ever the caller's own records or words
 * (consent records, its break-glass request, its token, its ingest receipt)
 * or the auditors' oversight; config/policies, `apiFields.operational`, says
 * why each needs no decision. Every other answer — the API views and the
 * inbox of decided deliveries — is checked.
 */
const UNCHECKED = new Set(['consent-records', 'break-glass', 'who-am-i', 'ingest', 'contracts', 'auditor']);

function routeMatches(route: string, method: string, path: string): boolean {
  const [routeMethod, template] = route.split(' ');
  if (routeMethod !== method || template === undefined) return false;
  const pattern = template
    .split('/')
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.]/g, '\\.')))
    .join('/');
  return new RegExp(`^${pattern}$`).test(path.split('?')[0] ?? '');
}

/** Whether answers of this route are checked (see {@link UNCHECKED}). */
export function isCheckedRoute(method: string, path: string): boolean {
  const operational = policy.document.apiFields?.operational ?? [];
  return !operational.some(
    (entry) => UNCHECKED.has(entry.id) && entry.routes.some((route) => routeMatches(route, method, path)),
  );
}

/** Makes every later answer checked for `referral`'s subject. */
export function rememberSubject(referral: ReferralCreatedV1Data): void {
  const subjectId = referral.subject.subjectId;
  if (!known.has(subjectId)) known.set(subjectId, { referral, consents: [] });
}

/** A consent recorded for a known subject: what it permits is no longer withheld from its grantee. */
export function rememberConsent(consent: Consent): void {
  known.get(consent.subjectId)?.consents.push(consent);
}

/** A consent revoked as a whole at `revokedAt`: from then on it permits nothing. */
export function rememberRevocation(consentId: string, revokedAt: string): void {
  for (const subject of known.values())
    subject.consents = subject.consents.map((c) =>
      c.consentId === consentId ? { ...c, status: 'revoked' as const, revokedAt } : c,
    );
}

/** Every subject remembered in this suite. */
export function knownSubjects(): KnownSubject[] {
  return [...known.values()];
}

function valueAt(data: unknown, pointer: string): unknown {
  let here: unknown = data;
  for (const token of parsePointer(pointer) ?? []) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<string, unknown>)[token];
  }
  return here;
}

/**
 * The values of `referral` that the policy withholds from `caller` (dropped,
 * hashed, masked, generalized or scrubbed out of its delivery), each with
 * the path and category it was withheld at.
 */
export function withheldValues(
  caller: Recipient,
  subject: KnownSubject,
  at: Date = new Date(),
): { value: string; path: string; category: string | null }[] {
  const decision = decide({
    event: {
      id: subject.referral.referralId,
      type: REFERRAL_CREATED,
      subject: subject.referral.subject.subjectId,
      data: subject.referral,
    },
    categories: SchemaRegistry.load().categoryMap(REFERRAL_CREATED),
    recipient: caller,
    policy,
    consents: subject.consents,
    purpose: apiViewRule(policy, 'referral').purpose,
    decisionTime: at.toISOString(),
    hashKeys,
  });
  if (decision.outcome !== 'decided') throw new Error(decision.refusal.message);
  // A value the caller may read at another path of its delivery is not withheld information.
  const delivered = JSON.stringify(decision.data);
  const found: { value: string; path: string; category: string | null }[] = [];
  for (const entry of decision.record.withheld) {
    const value = valueAt(subject.referral, entry.path);
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const text = String(value);
    if (text.length < MIN_LENGTH || delivered.includes(text)) continue;
    found.push({ value: text, path: entry.path, category: entry.category });
  }
  return found;
}

function* strings(node: unknown, path: string): Generator<{ path: string; text: string }> {
  if (typeof node === 'string' || typeof node === 'number') {
    yield { path, text: String(node) };
  } else if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) yield* strings(node[i], `${path}/${i}`);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      yield { path: `${path}/${key}#key`, text: key };
      yield* strings(value, `${path}/${key}`);
    }
  }
}

/**
 * Fails when any string of `body` (values and keys, at any depth) contains a
 * value the policy withholds from `caller` for one of `subjects`. A caller
 * outside the policy's sectors (the operator's auditors and administrators)
 * is not checked: the policy file's `apiFields.operational` says what they
 * see and why.
 */
export function assertNoWithheldValues(
  caller: AnswerCaller,
  body: unknown,
  subjects: readonly KnownSubject[] = knownSubjects(),
): void {
  if (!isSector(caller.sector)) return;
  const recipient: Recipient = { partnerId: caller.partnerId, sector: caller.sector };
  const leaks: string[] = [];
  const texts = [...strings(body, '')];
  for (const subject of subjects) {
    for (const withheld of withheldValues(recipient, subject)) {
      const needle = withheld.value.toLowerCase();
      for (const { path, text } of texts) {
        if (text.toLowerCase().includes(needle))
          leaks.push(
            `${path || '/'} holds ${JSON.stringify(withheld.value)}, withheld from ${caller.partnerId} ` +
              `(${caller.sector}) at ${withheld.path} (${withheld.category ?? 'uncategorised'})`,
          );
      }
    }
  }
  if (leaks.length > 0)
    throw new Error(`an answer carries values the policy withholds:\n${leaks.join('\n')}`);
}

/** The caller a bearer token names (its claims, read without verifying: the gateway verified it). */
export function callerOfToken(bearer: string): AnswerCaller | undefined {
  const payload = bearer.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    return typeof claims.partner_id === 'string' && typeof claims.sector === 'string'
      ? { partnerId: claims.partner_id, sector: claims.sector }
      : undefined;
  } catch {
    return undefined;
  }
}

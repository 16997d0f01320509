import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Grantee } from '@beacon/contracts';
import { appendToOutbox, type NewOutboxMessage } from '@beacon/persistence';
import { granteeKey, type Actor, type Consent, type ConsentStatus, type Revocation } from '../domain/consent';
import { OutboxRelayService } from '@beacon/platform/nest';
import type { ConfirmationPlan, ConsentStore, RevocationPlan } from '../ports/consent-store.port';

/**
 * First key of the advisory lock a consent change holds on its subject; the
 * second is the subject id's hash. An arbitrary constant ("BCN3").
 */
const SUBJECT_LOCK_NAMESPACE = 0x42434e33;

interface ConsentRow {
  consent_id: string;
  subject_id: string;
  data: Consent['data'];
  recorded_at: Date;
  recorded_by_sub: string;
  recorded_by_partner: string;
  recorded_by_token: string | null;
  status: ConsentStatus;
  revoked_at: Date | null;
  requires_confirmation: boolean;
  confirmed_at: Date | null;
  confirmed_by_sub: string | null;
  confirmed_by_token: string | null;
  flag_code: 'consent-volume' | null;
  flag_reason: string | null;
}

interface RevocationRow {
  consent_id: string;
  reason: Revocation['reason'];
  data: Revocation['data'];
  revoked_at: Date;
  recorded_by_sub: string;
  recorded_by_partner: string;
  recorded_by_token: string | null;
}

const CONSENT_COLUMNS =
  'consent_id, subject_id, data, recorded_at, recorded_by_sub, recorded_by_partner, recorded_by_token, status, revoked_at, ' +
  'requires_confirmation, confirmed_at, confirmed_by_sub, confirmed_by_token, flag_code, flag_reason';

/**
 * The {@link ConsentStore} in the gateway's Postgres schema (tables
 * `consents`, `consent_revocations` and `outbox`, unqualified: the
 * connection's search_path names the schema).
 *
 * Every change also takes a transaction-scoped advisory lock on its subject
 * before it writes to the outbox. Outbox ids are handed out when a row is
 * inserted, not when it commits; without the lock, two changes about one
 * subject could commit in the opposite order to their ids, and the relay,
 * which publishes in id order, could publish the later change first. With
 * it, one subject's outbox ids follow its commit order.
 */
@Injectable()
export class TypeOrmConsentStore implements ConsentStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly relay: OutboxRelayService,
  ) {}

  async recordGrant(consent: Consent, event: NewOutboxMessage | undefined): Promise<boolean> {
    const recorded = await this.dataSource.transaction(async (manager) => {
      await lockSubject(manager, consent.subjectId);
      const inserted = (await manager.query(
        `INSERT INTO consents (consent_id, subject_id, data, granted_at, recorded_at,
                               recorded_by_sub, recorded_by_partner, recorded_by_token, status,
                               requires_confirmation, flag_code, flag_reason)
         VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (consent_id) DO NOTHING
         RETURNING consent_id`,
        [
          consent.consentId,
          consent.subjectId,
          JSON.stringify(consent.data),
          consent.data.grantedAt,
          consent.recordedAt,
          consent.recordedBy.subject,
          consent.recordedBy.partnerId,
          consent.recordedBy.tokenId ?? null,
          consent.status,
          consent.requiresConfirmation,
          consent.flag?.code ?? null,
          consent.flag?.reason ?? null,
        ],
      )) as unknown[];
      if (inserted.length === 0) return false;
      if (event !== undefined) await appendToOutbox(manager, [event]);
      return true;
    });
    // After the commit, not inside it: woken earlier, the relay could look before the row is visible.
    if (recorded && event !== undefined) this.relay.nudge();
    return recorded;
  }

  async countRecordedBy(partnerId: string, subject: string, since: Date): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM consents
        WHERE recorded_by_partner = $1 AND recorded_by_sub = $2 AND recorded_at >= $3`,
      [partnerId, subject, since],
    )) as { n: number }[];
    return rows[0]?.n ?? 0;
  }

  async listFlagged(since: Date, limit: number): Promise<Consent[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${CONSENT_COLUMNS} FROM consents
        WHERE flag_code IS NOT NULL AND recorded_at >= $1
        ORDER BY recorded_at DESC, consent_id
        LIMIT $2`,
      [since, limit],
    )) as ConsentRow[];
    const revocations = await revocationsOf(
      this.dataSource.manager,
      rows.map((row) => row.consent_id),
    );
    return rows.map((row) => toConsent(row, revocations.get(row.consent_id) ?? []));
  }

  async confirm<R>(
    consentId: string,
    partnerId: string,
    plan: (consent: Consent) => ConfirmationPlan<R>,
  ): Promise<R | undefined> {
    return this.change(consentId, partnerId, plan, async (manager, step) => {
      await manager.query(
        `UPDATE consents SET status = $2, data = $3::jsonb, confirmed_at = $4, confirmed_by_sub = $5,
                             confirmed_by_token = $6
          WHERE consent_id = $1`,
        [
          step.next.consentId,
          step.next.status,
          JSON.stringify(step.next.data),
          step.next.confirmedAt ?? null,
          step.next.confirmedBy?.subject ?? null,
          step.next.confirmedBy?.tokenId ?? null,
        ],
      );
    });
  }

  async listForSubject(subjectId: string, partnerId: string): Promise<Consent[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${CONSENT_COLUMNS} FROM consents
        WHERE subject_id = $1 AND recorded_by_partner = $2
        ORDER BY granted_at, recorded_at, consent_id`,
      [subjectId, partnerId],
    )) as ConsentRow[];
    const revocations = await revocationsOf(
      this.dataSource.manager,
      rows.map((row) => row.consent_id),
    );
    return rows.map((row) => toConsent(row, revocations.get(row.consent_id) ?? []));
  }

  async revoke<R>(
    consentId: string,
    partnerId: string,
    plan: (consent: Consent) => RevocationPlan<R>,
  ): Promise<R | undefined> {
    return this.change(consentId, partnerId, plan, async (manager, step) => {
      await insertRevocation(manager, step.next.consentId, step.revocation);
      await manager.query('UPDATE consents SET status = $2, revoked_at = $3 WHERE consent_id = $1', [
        step.next.consentId,
        step.next.status,
        step.next.revokedAt ?? null,
      ]);
    });
  }

  /**
   * One change of a stored consent: loads the consent recorded by
   * `partnerId` and locks it for the transaction (so concurrent changes are
   * decided one after the other), lets `plan` decide, and when it writes,
   * takes the subject's lock (the order a new consent takes them in), applies
   * the change and appends its event to the outbox in the same transaction.
   */
  private async change<R, P extends { readonly write: false; readonly result: R } | WritePlan<R>>(
    consentId: string,
    partnerId: string,
    plan: (consent: Consent) => P,
    apply: (manager: EntityManager, step: Extract<P, { write: true }>) => Promise<void>,
  ): Promise<R | undefined> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `SELECT ${CONSENT_COLUMNS} FROM consents
          WHERE consent_id = $1 AND recorded_by_partner = $2
            FOR UPDATE`,
        [consentId, partnerId],
      )) as ConsentRow[];
      const row = rows[0];
      if (row === undefined) return undefined;
      const revocations = await revocationsOf(manager, [row.consent_id]);
      const step = plan(toConsent(row, revocations.get(row.consent_id) ?? []));
      if (!step.write) return { result: step.result, wrote: false };
      await lockSubject(manager, step.next.subjectId);
      await apply(manager, step as Extract<P, { write: true }>);
      await appendToOutbox(manager, [step.event]);
      return { result: step.result, wrote: true };
    });
    if (outcome?.wrote === true) this.relay.nudge();
    return outcome?.result;
  }
}

/** What a plan that writes carries, whatever the change. */
interface WritePlan<R> {
  readonly write: true;
  readonly next: Consent;
  readonly event: NewOutboxMessage;
  readonly result: R;
}

async function lockSubject(manager: EntityManager, subjectId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [SUBJECT_LOCK_NAMESPACE, subjectId]);
}

async function insertRevocation(
  manager: EntityManager,
  consentId: string,
  revocation: Revocation,
): Promise<void> {
  await manager.query(
    `INSERT INTO consent_revocations (consent_id, grantee, grantee_key, reason, data, revoked_at,
                                      recorded_by_sub, recorded_by_partner, recorded_by_token)
     VALUES ($1, $2::jsonb, $3, $4, $5::jsonb, $6, $7, $8, $9)`,
    [
      consentId,
      revocation.grantee === undefined ? null : JSON.stringify(revocation.grantee),
      granteeKey(revocation.grantee),
      revocation.reason,
      JSON.stringify(revocation.data),
      revocation.revokedAt,
      revocation.recordedBy.subject,
      revocation.recordedBy.partnerId,
      revocation.recordedBy.tokenId ?? null,
    ],
  );
}

async function revocationsOf(
  manager: EntityManager,
  consentIds: readonly string[],
): Promise<Map<string, Revocation[]>> {
  const byConsent = new Map<string, Revocation[]>();
  if (consentIds.length === 0) return byConsent;
  const rows = (await manager.query(
    `SELECT consent_id, reason, data, revoked_at, recorded_by_sub, recorded_by_partner, recorded_by_token
       FROM consent_revocations
      WHERE consent_id = ANY($1::uuid[])
      ORDER BY id`,
    [consentIds],
  )) as RevocationRow[];
  for (const row of rows) {
    const list = byConsent.get(row.consent_id) ?? [];
    list.push(toRevocation(row));
    byConsent.set(row.consent_id, list);
  }
  return byConsent;
}

function actor(sub: string, partnerId: string, tokenId: string | null): Actor {
  return { subject: sub, partnerId, ...(tokenId === null ? {} : { tokenId }) };
}

function toRevocation(row: RevocationRow): Revocation {
  const grantee: Grantee | undefined = row.data.grantee;
  return {
    ...(grantee === undefined ? {} : { grantee }),
    reason: row.reason,
    revokedAt: row.revoked_at.toISOString(),
    data: row.data,
    recordedBy: actor(row.recorded_by_sub, row.recorded_by_partner, row.recorded_by_token),
  };
}

function toConsent(row: ConsentRow, revocations: Revocation[]): Consent {
  return {
    consentId: row.consent_id,
    subjectId: row.subject_id,
    data: row.data,
    recordedAt: row.recorded_at.toISOString(),
    recordedBy: actor(row.recorded_by_sub, row.recorded_by_partner, row.recorded_by_token),
    status: row.status,
    requiresConfirmation: row.requires_confirmation,
    ...(row.confirmed_at === null || row.confirmed_by_sub === null
      ? {}
      : {
          confirmedAt: row.confirmed_at.toISOString(),
          confirmedBy: actor(row.confirmed_by_sub, row.recorded_by_partner, row.confirmed_by_token),
        }),
    ...(row.flag_code === null ? {} : { flag: { code: row.flag_code, reason: row.flag_reason ?? '' } }),
    ...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at.toISOString() }),
    revocations,
  };
}

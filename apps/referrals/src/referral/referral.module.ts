import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SchemaRegistry } from '@beacon/contracts';
import { OutboxRelayService } from '@beacon/platform/nest';
import { compilePolicyFile, hashKeysFromSecret } from '@beacon/policy';
import { AcceptReferralHandler } from './commands/accept-referral/accept-referral.handler';
import { AcceptReferralHttpController } from './commands/accept-referral/accept-referral.http.controller';
import { CloseReferralHandler } from './commands/close-referral/close-referral.handler';
import { CloseReferralHttpController } from './commands/close-referral/close-referral.http.controller';
import { DeclineReferralHandler } from './commands/decline-referral/decline-referral.handler';
import { DeclineReferralHttpController } from './commands/decline-referral/decline-referral.http.controller';
import { EscalateOverdueReferralsHandler } from './commands/escalate-overdue-referrals/escalate-overdue-referrals.handler';
import { EscalateOverdueReferralsScheduler } from './commands/escalate-overdue-referrals/escalate-overdue-referrals.scheduler';
import { ReassignReferralHandler } from './commands/reassign-referral/reassign-referral.handler';
import { ReassignReferralHttpController } from './commands/reassign-referral/reassign-referral.http.controller';
import { ReceiveReferralHandler } from './commands/receive-referral/receive-referral.handler';
import { ReferralCreatedKafkaConsumer } from './commands/receive-referral/referral-created.kafka.consumer';
import { StartReferralHandler } from './commands/start-referral/start-referral.handler';
import { StartReferralHttpController } from './commands/start-referral/start-referral.http.controller';
import { WithdrawReferralHandler } from './commands/withdraw-referral/withdraw-referral.handler';
import { WithdrawReferralHttpController } from './commands/withdraw-referral/withdraw-referral.http.controller';
import { PostgresSubjectConsents } from './database/postgres-subject-consents.adapter';
import { TypeOrmReferralQueries } from './database/typeorm-referral-queries.adapter';
import { TypeOrmReferralStore } from './database/typeorm-referral-store.adapter';
import { ReferralDisclosure } from './disclosure/referral-disclosure';
import type { AcceptDeadlines } from './domain/accept-deadlines';
import { ReferralActions } from './http/referral-http';
import { GetReferralHandler } from './queries/get-referral/get-referral.handler';
import { GetReferralHttpController } from './queries/get-referral/get-referral.http.controller';
import { ListReferralsHandler } from './queries/list-referrals/list-referrals.handler';
import { ListReferralsHttpController } from './queries/list-referrals/list-referrals.http.controller';
import {
  ACCEPT_DEADLINES,
  ESCALATION_CHECK_INTERVAL_MS,
  REFERRAL_DISCLOSURE,
  REFERRAL_QUERIES,
  REFERRAL_STORE,
  SUBJECT_CONSENTS,
} from './referral.di-tokens';

/**
 * The referral lifecycle: referrals arrive from the canonical log and are
 * delivered at once; case workers' commands (accept, decline, start, close,
 * reassign; withdraw for the originator) come through the HTTP API
 * (`/v1/referrals`, reached through the gateway) and the command bus. Every
 * change is stored with its `referral.status-changed` event in one
 * transaction and published by the outbox relay, so the originator hears it.
 * A deadline check escalates referrals not accepted in time. Every answer
 * is decided for its caller by the sector policy (`ReferralDisclosure`),
 * with the subjects' consents read from the gateway's consent tables.
 *
 * Needs, from the root module: the CQRS buses, TypeORM's DataSource, the
 * messaging edge (Kafka client, topic registry), settings and the auth guard.
 */
@Module({
  controllers: [
    ListReferralsHttpController,
    GetReferralHttpController,
    AcceptReferralHttpController,
    DeclineReferralHttpController,
    StartReferralHttpController,
    CloseReferralHttpController,
    WithdrawReferralHttpController,
    ReassignReferralHttpController,
  ],
  providers: [
    ReceiveReferralHandler,
    AcceptReferralHandler,
    DeclineReferralHandler,
    StartReferralHandler,
    CloseReferralHandler,
    WithdrawReferralHandler,
    ReassignReferralHandler,
    EscalateOverdueReferralsHandler,
    ListReferralsHandler,
    GetReferralHandler,
    ReferralActions,
    ReferralCreatedKafkaConsumer,
    EscalateOverdueReferralsScheduler,
    OutboxRelayService,
    { provide: REFERRAL_STORE, useClass: TypeOrmReferralStore },
    { provide: REFERRAL_QUERIES, useClass: TypeOrmReferralQueries },
    { provide: SUBJECT_CONSENTS, useClass: PostgresSubjectConsents },
    {
      // The policy file and the view schema are read once; either broken stops the start.
      provide: REFERRAL_DISCLOSURE,
      inject: [ConfigService],
      useFactory: (config: ConfigService): ReferralDisclosure => {
        const file = resolve(config.getOrThrow<string>('REFERRALS_POLICY_FILE'));
        return ReferralDisclosure.forPolicy(
          compilePolicyFile(readFileSync(file, 'utf8'), file),
          hashKeysFromSecret(config.getOrThrow<string>('REDACTION_HASH_SECRET')),
        );
      },
    },
    {
      provide: ACCEPT_DEADLINES,
      inject: [ConfigService],
      useFactory: (config: ConfigService): AcceptDeadlines =>
        config.getOrThrow<AcceptDeadlines>('REFERRAL_ACCEPT_DEADLINES'),
    },
    {
      provide: ESCALATION_CHECK_INTERVAL_MS,
      inject: [ConfigService],
      useFactory: (config: ConfigService): number =>
        config.getOrThrow<number>('REFERRAL_ESCALATION_CHECK_SECONDS') * 1000,
    },
    // Loaded and compiled once per process; a broken schema stops the start.
    { provide: SchemaRegistry, useFactory: () => SchemaRegistry.load() },
  ],
})
export class ReferralModule {}

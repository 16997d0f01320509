import { Module } from '@nestjs/common';
import { SchemaRegistry } from '@beacon/contracts';
import { AcceptReferralHandler } from './commands/accept-referral/accept-referral.handler';
import { CloseReferralHandler } from './commands/close-referral/close-referral.handler';
import { DeclineReferralHandler } from './commands/decline-referral/decline-referral.handler';
import { ReassignReferralHandler } from './commands/reassign-referral/reassign-referral.handler';
import { ReceiveReferralHandler } from './commands/receive-referral/receive-referral.handler';
import { ReferralCreatedKafkaConsumer } from './commands/receive-referral/referral-created.kafka.consumer';
import { StartReferralHandler } from './commands/start-referral/start-referral.handler';
import { WithdrawReferralHandler } from './commands/withdraw-referral/withdraw-referral.handler';
import { TypeOrmReferralStore } from './database/typeorm-referral-store.adapter';
import { OutboxRelayService } from '@beacon/platform/nest';
import { REFERRAL_STORE } from './referral.di-tokens';

/**
 * The referral lifecycle: referrals arrive from the canonical log and are
 * delivered at once; case workers' commands (accept, decline, start, close,
 * reassign; withdraw for the originator) go through the command bus, which
 * the gateway's routes will call. Every change is stored with its
 * `referral.status-changed` event in one transaction and published by the
 * outbox relay, so the originator hears it.
 *
 * Needs, from the root module: the CQRS buses, TypeORM's DataSource and the
 * messaging edge (Kafka client, topic registry).
 */
@Module({
  providers: [
    ReceiveReferralHandler,
    AcceptReferralHandler,
    DeclineReferralHandler,
    StartReferralHandler,
    CloseReferralHandler,
    WithdrawReferralHandler,
    ReassignReferralHandler,
    ReferralCreatedKafkaConsumer,
    OutboxRelayService,
    { provide: REFERRAL_STORE, useClass: TypeOrmReferralStore },
    // Loaded and compiled once per process; a broken schema stops the start.
    { provide: SchemaRegistry, useFactory: () => SchemaRegistry.load() },
  ],
})
export class ReferralModule {}

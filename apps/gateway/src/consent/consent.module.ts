import { Module } from '@nestjs/common';
import { SchemaRegistry } from '@beacon/contracts';
import { GrantConsentHandler } from './commands/grant-consent/grant-consent.handler';
import { GrantConsentHttpController } from './commands/grant-consent/grant-consent.http.controller';
import { RevokeConsentHandler } from './commands/revoke-consent/revoke-consent.handler';
import { RevokeConsentHttpController } from './commands/revoke-consent/revoke-consent.http.controller';
import { CONSENT_STORE } from './consent.di-tokens';
import { TypeOrmConsentStore } from './database/typeorm-consent-store.adapter';
import { OutboxRelayService } from '@beacon/platform/nest';
import { ListSubjectConsentsHandler } from './queries/list-subject-consents/list-subject-consents.handler';
import { ListSubjectConsentsHttpController } from './queries/list-subject-consents/list-subject-consents.http.controller';

/**
 * The consent API: case workers record consents and their revocations;
 * each change is stored with its event in one transaction and published to
 * the canonical log by the outbox relay. The gateway owns consent records
 * (DESIGN.md, "Storage"); they live in its schema.
 *
 * Needs, from the root module: the CQRS buses, TypeORM's DataSource and the
 * messaging edge (Kafka client, topic registry).
 */
@Module({
  controllers: [GrantConsentHttpController, RevokeConsentHttpController, ListSubjectConsentsHttpController],
  providers: [
    GrantConsentHandler,
    RevokeConsentHandler,
    ListSubjectConsentsHandler,
    OutboxRelayService,
    { provide: CONSENT_STORE, useClass: TypeOrmConsentStore },
    // Loaded and compiled once per process; a broken schema stops the start.
    { provide: SchemaRegistry, useFactory: () => SchemaRegistry.load() },
  ],
})
export class ConsentModule {}

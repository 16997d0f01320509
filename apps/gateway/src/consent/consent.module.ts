import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SchemaRegistry } from '@beacon/contracts';
import { OutboxRelayService } from '@beacon/platform/nest';
import { ConfirmConsentHandler } from './commands/confirm-consent/confirm-consent.handler';
import { ConfirmConsentHttpController } from './commands/confirm-consent/confirm-consent.http.controller';
import { GrantConsentHandler } from './commands/grant-consent/grant-consent.handler';
import { GrantConsentHttpController } from './commands/grant-consent/grant-consent.http.controller';
import { RevokeConsentHandler } from './commands/revoke-consent/revoke-consent.handler';
import { RevokeConsentHttpController } from './commands/revoke-consent/revoke-consent.http.controller';
import { CONSENT_SETTINGS, CONSENT_STORE, SUBJECT_RELATIONSHIPS } from './consent.di-tokens';
import { consentSettingsFrom } from './consent-settings';
import { PostgresSubjectRelationships } from './database/postgres-subject-relationships.adapter';
import { TypeOrmConsentStore } from './database/typeorm-consent-store.adapter';
import { ListFlaggedConsentsHandler } from './queries/list-flagged-consents/list-flagged-consents.handler';
import { ListFlaggedConsentsHttpController } from './queries/list-flagged-consents/list-flagged-consents.http.controller';
import { ListSubjectConsentsHandler } from './queries/list-subject-consents/list-subject-consents.handler';
import { ListSubjectConsentsHttpController } from './queries/list-subject-consents/list-subject-consents.http.controller';

/**
 * The consent API: case workers record consents and their revocations,
 * supervisors confirm the ones that widen what their own organisation
 * receives, auditors list the flagged ones; each change is stored with its
 * event in one transaction and published to the canonical log by the
 * outbox relay. The gateway owns consent records (DESIGN.md, "Storage");
 * they live in its schema. Whether an organisation may record a subject's
 * consent at all is read from the redaction service's subject relationships.
 *
 * Needs, from the root module: the CQRS buses, TypeORM's DataSource and the
 * messaging edge (Kafka client, topic registry).
 */
@Module({
  controllers: [
    // Before the routes with an `:id`, so that `flagged` is never read as one.
    ListFlaggedConsentsHttpController,
    GrantConsentHttpController,
    ConfirmConsentHttpController,
    RevokeConsentHttpController,
    ListSubjectConsentsHttpController,
  ],
  providers: [
    GrantConsentHandler,
    ConfirmConsentHandler,
    RevokeConsentHandler,
    ListSubjectConsentsHandler,
    ListFlaggedConsentsHandler,
    OutboxRelayService,
    { provide: CONSENT_SETTINGS, inject: [ConfigService], useFactory: consentSettingsFrom },
    { provide: CONSENT_STORE, useClass: TypeOrmConsentStore },
    { provide: SUBJECT_RELATIONSHIPS, useClass: PostgresSubjectRelationships },
    // Loaded and compiled once per process; a broken schema stops the start.
    { provide: SchemaRegistry, useFactory: () => SchemaRegistry.load() },
  ],
})
export class ConsentModule {}

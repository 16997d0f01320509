import { resolve } from 'node:path';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { TopicRegistry } from '@beacon/messaging';
import { TOPIC_REGISTRY } from '@beacon/messaging/nest';
import { PinoLogger } from 'nestjs-pino';
import type { Signer } from '../chain';
import { AppendAuditRecordsHandler } from './commands/append-audit-records/append-audit-records.handler';
import { AppendAuditRecordsKafkaConsumer } from './commands/append-audit-records/append-audit-records.kafka.consumer';
import { SignCheckpointsWhenAuditRecordsAppendedHandler } from './commands/sign-checkpoints/sign-checkpoints-when-audit-records-appended.handler';
import { SignCheckpointsHandler } from './commands/sign-checkpoints/sign-checkpoints.handler';
import { TypeOrmAuditLedger } from './database/typeorm-audit-ledger.adapter';
import { ExportAuditTrailHandler } from './queries/export-audit-trail/export-audit-trail.handler';
import { ExportAuditTrailHttpController } from './queries/export-audit-trail/export-audit-trail.http.controller';
import { GetPublicKeyHandler } from './queries/get-public-key/get-public-key.handler';
import { GetPublicKeyHttpController } from './queries/get-public-key/get-public-key.http.controller';
import { VerifyAuditTrailHandler } from './queries/verify-audit-trail/verify-audit-trail.handler';
import { VerifyAuditTrailHttpController } from './queries/verify-audit-trail/verify-audit-trail.http.controller';
import { loadOrCreateSigningKey } from './signing/signing-key.file';
import { AUDIT_LEDGER, AUDIT_SIGNER, TRAIL_SETTINGS } from './trail.di-tokens';
import { trailSettingsFrom } from './trail-settings';

/** Loads (or creates) the signing key once, at start: a bad key file stops the start with its reason. */
function signerFrom(config: ConfigService, logger: PinoLogger): Signer {
  logger.setContext('audit-signing-key');
  const file = resolve(config.getOrThrow<string>('AUDIT_SIGNING_KEY_FILE'));
  const { signer, created, mode } = loadOrCreateSigningKey(file);
  logger.info({ file, keyId: signer.keyId }, created ? 'signing key generated' : 'signing key loaded');
  if ((mode & 0o077) !== 0) {
    logger.warn(
      { file, mode: mode.toString(8) },
      'the signing key file was readable by others; it is now 0600, but treat the key as exposed',
    );
  }
  return signer;
}

/**
 * The audit trail: the audit topic appended to one hash chain per partition
 * in Postgres, checkpoints signed over the chains' heads, and the
 * verification and export endpoints.
 *
 * Needs, from the root module: the CQRS buses, TypeORM's DataSource, the
 * messaging edge (Kafka client, topic registry) and the validated settings.
 */
@Module({
  controllers: [VerifyAuditTrailHttpController, ExportAuditTrailHttpController, GetPublicKeyHttpController],
  providers: [
    AppendAuditRecordsHandler,
    AppendAuditRecordsKafkaConsumer,
    SignCheckpointsHandler,
    SignCheckpointsWhenAuditRecordsAppendedHandler,
    VerifyAuditTrailHandler,
    ExportAuditTrailHandler,
    GetPublicKeyHandler,
    { provide: AUDIT_LEDGER, useClass: TypeOrmAuditLedger },
    { provide: AUDIT_SIGNER, inject: [ConfigService, PinoLogger], useFactory: signerFrom },
    {
      provide: TRAIL_SETTINGS,
      inject: [ConfigService, TOPIC_REGISTRY],
      useFactory: (config: ConfigService, topics: TopicRegistry) => trailSettingsFrom(config, topics),
    },
  ],
  // The auditor API signs its exports with the same key.
  exports: [AUDIT_SIGNER],
})
export class TrailModule {}

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Module } from '@nestjs/common';
import { SchemaRegistry } from '@beacon/contracts';
import { env, readAppSettings } from '@beacon/platform';
import { OutboxRelayService } from '@beacon/platform/nest';
import { compilePolicy, type CompiledPolicy } from '@beacon/policy';
import { BREAK_GLASS_POLICY, BREAK_GLASS_STORE } from './break-glass.di-tokens';
import { BreakGlassHandler } from './commands/break-glass/break-glass.handler';
import { BreakGlassHttpController } from './commands/break-glass/break-glass.http.controller';
import { TypeOrmBreakGlassStore } from './database/typeorm-break-glass-store.adapter';

/** The settings the break-glass API reads, checked when the module starts. */
export const breakGlassSettings = {
  /** The sector policy whose break-glass rules requests are checked against: the one redaction applies. */
  BREAK_GLASS_POLICY_FILE: env.string(
    'the path of a sector policy file',
    'config/policies/beacon-default.v1.json',
  ),
};

/** Loads and checks the policy; a bad file stops the start. */
export function loadBreakGlassPolicy(
  source: Record<string, string | undefined> = process.env,
): CompiledPolicy {
  const file = resolve(readAppSettings(breakGlassSettings, source).BREAK_GLASS_POLICY_FILE);
  const text = readFileSync(file, 'utf8');
  const compiled = compilePolicy(JSON.parse(text), {
    fileSha256: createHash('sha256').update(text).digest('hex'),
  });
  if (!compiled.ok)
    throw new Error(
      `policy ${file} is not valid: ${compiled.errors.map((e) => `${e.pointer} ${e.message}`).join('; ')}`,
    );
  return compiled.policy;
}

/**
 * The break-glass API: a case worker asks for emergency access to one
 * subject for their own organisation; the grant is stored with its event in
 * one transaction and published to the canonical log by the outbox relay,
 * and the redaction service applies it while it lasts.
 *
 * Needs, from the root module: the CQRS buses, TypeORM's DataSource and the
 * messaging edge (Kafka client, topic registry).
 */
@Module({
  controllers: [BreakGlassHttpController],
  providers: [
    BreakGlassHandler,
    OutboxRelayService,
    { provide: BREAK_GLASS_STORE, useClass: TypeOrmBreakGlassStore },
    { provide: BREAK_GLASS_POLICY, useFactory: () => loadBreakGlassPolicy() },
    { provide: SchemaRegistry, useFactory: () => SchemaRegistry.load() },
  ],
})
export class BreakGlassModule {}

import type { ConfigService } from '@nestjs/config';
import { env, type EnvSpec } from '@beacon/platform';
import type { ConsentVolumeRule } from './domain/consent-trust';

/** The consent API's settings (merged into the gateway's settings). */
export const consentSpec = {
  /** The schema of the redaction service's `subject_relationships`, read through `beacon_relationship_reader`. */
  RELATIONSHIP_SCHEMA: env.identifier('redaction'),
  /** One person recording more consents than this within the window is flagged to auditors. */
  CONSENT_FLAG_THRESHOLD: env.int(1, 100_000, 20),
  CONSENT_FLAG_WINDOW_MINUTES: env.int(1, 7 * 24 * 60, 60),
} satisfies EnvSpec;

export interface ConsentSettings {
  readonly relationshipSchema: string;
  readonly volume: ConsentVolumeRule;
}

export function consentSettingsFrom(config: ConfigService): ConsentSettings {
  return {
    relationshipSchema: config.get<string>('RELATIONSHIP_SCHEMA') || 'redaction',
    volume: {
      threshold: Number(config.getOrThrow('CONSENT_FLAG_THRESHOLD')),
      windowMs: Number(config.getOrThrow('CONSENT_FLAG_WINDOW_MINUTES')) * 60_000,
    },
  };
}

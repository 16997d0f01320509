import type { EnvSpec } from '../env-spec';

export const PLATFORM_OPTIONS = Symbol('PLATFORM_OPTIONS');

export interface PlatformOptions {
  /** The app's name: log field, Kafka client id, default schema. */
  name: string;
  spec: EnvSpec;
  /** Whether the health check pings Postgres. */
  usesPostgres: boolean;
}

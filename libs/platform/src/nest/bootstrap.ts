import { NestFactory } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import { Logger } from 'nestjs-pino';
import { readAppSettings } from '../app-settings';
import { ConfigError, type EnvSpec } from '../env-spec';

/** Exit status for a configuration error (sysexits EX_CONFIG). */
export const EXIT_CONFIG = 78;

export interface BootstrapOptions {
  name: string;
  spec: EnvSpec;
  module: unknown;
}

/**
 * Starts an app: checks its settings first (one line and exit 78 when one is
 * wrong, before any connection is opened), then builds the Nest app, listens,
 * and closes everything on SIGTERM or SIGINT.
 */
export async function bootstrapApp({ name, spec, module }: BootstrapOptions): Promise<void> {
  try {
    readAppSettings(spec, process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`beacon-${name}: ${error.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    throw error;
  }
  try {
    const app = await NestFactory.create(module as never, { bufferLogs: true });
    app.useLogger(app.get(Logger));
    app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
    const config = app.get(ConfigService);
    const port = config.getOrThrow<number>('PORT');
    const host = config.getOrThrow<string>('HOST');
    await app.listen(port, host);
    app.get(Logger).log(`beacon-${name} listening on http://${host}:${port}`);
  } catch (error) {
    process.stderr.write(`beacon-${name}: failed to start: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

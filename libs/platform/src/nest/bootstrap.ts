import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import { PLAINTEXT_KAFKA_WARNING, readAppSettings } from '../app-settings';
import { ConfigError, type EnvSpec } from '../env-spec';
import { hasIJsonBodyParser, useIJsonBodyParser } from './ijson-body-parser';

/** How long consumers and connections get to finish on SIGTERM. */
const SHUTDOWN_TIMEOUT_MS = 20_000;

/** Exit status for a configuration error (sysexits EX_CONFIG). */
export const EXIT_CONFIG = 78;

export interface BootstrapOptions {
  name: string;
  spec: EnvSpec;
  module: unknown;
  /**
   * Runs once the app is built and before it listens: the place for what
   * must be set up on the HTTP server itself rather than in a module, such as
   * OpenAPI routes or body parsers (through {@link useIJsonBodyParser}, so
   * that JSON bodies stay I-JSON). A throw stops the start like any other
   * start-up failure.
   */
  configure?: (app: INestApplication) => void | Promise<void>;
  /**
   * The certificate and key to serve HTTPS with, from the checked settings;
   * `undefined` serves plain HTTP. May throw a ConfigError for a rule that
   * spans settings, which stops the start like any other bad setting.
   */
  https?: (settings: Record<string, unknown>) => { cert: Buffer; key: Buffer } | undefined;
}

/**
 * Starts an app: checks its settings first (one line and exit 78 when one is
 * wrong, before any connection is opened), then builds the Nest app, listens,
 * and closes everything on SIGTERM or SIGINT.
 */
export async function bootstrapApp({
  name,
  spec,
  module,
  configure,
  https,
}: BootstrapOptions): Promise<void> {
  let settings: Record<string, unknown>;
  let httpsOptions: { cert: Buffer; key: Buffer } | undefined;
  try {
    settings = readAppSettings(spec, process.env);
    httpsOptions = https?.(settings);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`beacon-${name}: ${error.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    throw error;
  }
  if (settings.KAFKA_SSL === false) {
    // Said before the first connection opens (Nest's logger is not up yet),
    // in the same JSON shape as every other log line of the app.
    pino({ base: { app: name, pid: process.pid } }).warn({ setting: 'KAFKA_SSL' }, PLAINTEXT_KAFKA_WARNING);
  }
  try {
    const app = await NestFactory.create(module as never, { bufferLogs: true, httpsOptions });
    app.useLogger(app.get(Logger));
    // Before listen(), which initialises the app: body parsers registered
    // here come before Nest's defaults, and routes added here are served.
    await configure?.(app);
    // Every JSON body is I-JSON (RFC 7493); an app that chose which bodies the parser reads has installed it already.
    if (!hasIJsonBodyParser(app)) useIJsonBodyParser(app);
    const config = app.get(ConfigService);
    const port = config.getOrThrow<number>('PORT');
    const host = config.getOrThrow<string>('HOST');
    await app.listen(port, host);
    const logger = app.get(Logger);
    logger.log(`beacon-${name} listening on ${httpsOptions ? 'https' : 'http'}://${host}:${port}`);
    // Our own handler rather than Nest's shutdown hooks: Nest re-raises the
    // signal after closing, so a clean stop would look like a kill (no exit status).
    let closing = false;
    const shutdown = (signal: NodeJS.Signals) => {
      if (closing) return;
      closing = true;
      logger.log(`beacon-${name} received ${signal}; closing`);
      const timer = setTimeout(() => {
        process.stderr.write(`beacon-${name}: did not close within ${SHUTDOWN_TIMEOUT_MS} ms; exiting\n`);
        process.exit(1);
      }, SHUTDOWN_TIMEOUT_MS);
      timer.unref();
      app.close().then(
        () => {
          logger.log(`beacon-${name} stopped cleanly`);
          process.exit(0);
        },
        (error: Error) => {
          process.stderr.write(`beacon-${name}: error while closing: ${error.message}\n`);
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  } catch (error) {
    process.stderr.write(`beacon-${name}: failed to start: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Kafka, logLevel, type KafkaConfig, type LogEntry, type SASLOptions } from 'kafkajs';

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

/**
 * How a client protects its connection. TLS always verifies the broker's
 * certificate and host name; `caFile` names the CA certificates (PEM) to
 * trust instead of the system's, `servername` the host name to expect when
 * it is not the address dialled. `false` is plaintext, only where a setting
 * asks for it.
 */
export type KafkaTls = false | { caFile?: string; servername?: string };

/** How to reach a Kafka cluster as one principal. */
export interface KafkaConnectionConfig {
  brokers: string[];
  clientId: string;
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
  tls: KafkaTls;
}

/**
 * The Node TLS options for a connection, or `false` for plaintext. A
 * certificate that does not chain to the trusted CAs, or that does not name
 * the host, fails the handshake: nothing here can turn verification off.
 */
export function kafkaTlsOptions(tls: KafkaTls): ConnectionOptions | false {
  if (tls === false) return false;
  return {
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
    ...(tls.caFile ? { ca: [readFileSync(tls.caFile, 'utf8')] } : {}),
    ...(tls.servername ? { servername: tls.servername } : {}),
  };
}

/** The sink for kafkajs' own log lines (pino, console, or nothing). */
export type KafkaLogSink = (
  level: 'error' | 'warn' | 'info' | 'debug',
  message: string,
  extra: object,
) => void;

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * Creates a kafkajs client. Retries are bounded so that a wrong address or a
 * refused credential surfaces as an error instead of an endless wait; see
 * {@link kafkaTlsOptions} for what TLS checks.
 */
export function createKafka(config: KafkaConnectionConfig, sink?: KafkaLogSink): Kafka {
  const options: KafkaConfig = {
    clientId: config.clientId,
    brokers: config.brokers,
    ssl: kafkaTlsOptions(config.tls),
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5_000 },
    logLevel: sink ? logLevel.WARN : logLevel.NOTHING,
    logCreator: () => (entry: LogEntry) => {
      if (!sink) return;
      const { message, ...extra } = entry.log;
      sink(LEVELS[entry.level] ?? 'info', `kafkajs ${entry.namespace}: ${message}`, extra);
    },
  };
  if (config.sasl) {
    options.sasl = { ...config.sasl } as SASLOptions;
  }
  return new Kafka(options);
}

/** Parses `host:port,host:port`; throws with a message naming the bad entry. */
export function parseBrokerList(value: string): string[] {
  const brokers = value
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
  if (brokers.length === 0) throw new Error('expected at least one host:port');
  for (const broker of brokers) {
    const match = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(broker);
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
      throw new Error(`"${broker}" is not host:port`);
    }
  }
  return brokers;
}

import { ConfigError, env, readEnv } from './env-spec';
import { baseSpec, databaseSpec, readAppSettings } from './app-settings';

describe('settings from the environment', () => {
  const spec = { ...baseSpec(8081), ...databaseSpec };
  const good = { KAFKA_BROKERS: '127.0.0.1:9092', DATABASE_URL: 'postgres://u:p@127.0.0.1:5433/beacon' };

  it('given only the required settings, then defaults fill the rest with their types', () => {
    const values = readAppSettings(spec, good);
    expect(values).toMatchObject({
      PORT: 8081,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      KAFKA_SSL: true,
      KAFKA_TOPIC_PARTITIONS: 3,
    });
    expect(values.KAFKA_SASL_MECHANISM).toBeUndefined();
  });

  it('given several bad settings, then one error names each setting and what is wrong', () => {
    const attempt = () =>
      readAppSettings(spec, {
        ...good,
        KAFKA_BROKERS: 'kafka',
        PORT: '99999',
        LOG_LEVEL: 'loud',
        DATABASE_URL: 'mysql://x',
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      'invalid configuration: PORT "99999" is not a port number; expected a TCP port between 0 and 65535; ' +
        'LOG_LEVEL "loud" is not one of fatal, error, warn, info, debug, trace, silent; expected one of fatal, error, warn, info, debug, trace, silent; ' +
        'KAFKA_BROKERS "kafka" is not host:port; expected a comma-separated list of host:port, e.g. 127.0.0.1:9092; ' +
        'DATABASE_URL has protocol "mysql:", expected postgres or postgresql; expected a URL (postgres or postgresql)',
    );
  });

  it('given SASL without credentials, then both missing credentials are named', () => {
    expect(() => readAppSettings(spec, { ...good, KAFKA_SASL_MECHANISM: 'scram-sha-256' })).toThrow(
      'KAFKA_SASL_USERNAME is missing; it is required when KAFKA_SASL_MECHANISM is set; KAFKA_SASL_PASSWORD is missing',
    );
  });

  it('given a required setting set to an empty string, then it counts as missing', () => {
    expect(() => readEnv({ NAME: env.string() }, { NAME: '' })).toThrow(
      'NAME is missing; expected a non-empty string',
    );
  });

  it('given a schema name that is not an identifier, then it is refused before it reaches SQL', () => {
    expect(() => readAppSettings(spec, { ...good, DATABASE_SCHEMA: 'audit; drop' })).toThrow(
      'DATABASE_SCHEMA "audit; drop"',
    );
  });
});

/**
 * docker-compose.yml cannot be run here (no Docker engine), so its shape is
 * checked instead: Kafka in KRaft mode from Apache's image, Postgres, and
 * each app with its port, its own Kafka principal, the variables the code
 * reads, the dependencies it waits for and a healthcheck on its own port.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The apps, their ports and the variables each one's environment must hold, exactly. */
const COMPOSE_CONTRACT = {
  commonVariables: [
    'PORT',
    'LOG_LEVEL',
    'KAFKA_BROKERS',
    'KAFKA_SASL_MECHANISM',
    'KAFKA_SASL_USERNAME',
    'KAFKA_SASL_PASSWORD',
    'KAFKA_SSL',
    'KAFKA_SSL_CA_FILE',
    'KAFKA_CLIENT_ID',
    'BEACON_TOPIC_NAMESPACE',
    'KAFKA_TOPIC_PARTITIONS',
    'KAFKA_REPLICATION_FACTOR',
    'DATABASE_URL',
  ],
  apps: {
    gateway: {
      port: 8080,
      extraVariables: ['AUTH_JWKS_FILE', 'AUTH_ISSUER', 'AUTH_AUDIENCE', 'REFERRALS_URL', 'AUDIT_URL'],
    },
    intake: { port: 8081, extraVariables: [] },
    redaction: { port: 8082, extraVariables: ['REDACTION_HASH_SECRET'] },
    referrals: {
      port: 8083,
      extraVariables: ['REDACTION_HASH_SECRET', 'AUTH_JWKS_FILE', 'AUTH_ISSUER', 'AUTH_AUDIENCE'],
    },
    audit: {
      port: 8084,
      extraVariables: ['AUDIT_SIGNING_KEY_FILE', 'AUTH_JWKS_FILE', 'AUTH_ISSUER', 'AUTH_AUDIENCE'],
    },
  },
} as const;

type AppName = keyof typeof COMPOSE_CONTRACT.apps;
const APP_NAMES = Object.keys(COMPOSE_CONTRACT.apps) as AppName[];

interface Service {
  image?: string;
  command?: string | string[];
  build?: string | { context?: string; args?: Record<string, string> | string[] };
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[] };
  ports?: (string | number | { target?: number; published?: string | number })[];
  volumes?: string[];
  user?: string;
}

const compose = parse(readFileSync(join(__dirname, '..', '..', 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as { services?: Record<string, Service> };
const services = compose.services ?? {};

function service(name: string): Service {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** `environment` as a map, whether written as a map or as a list of NAME=value. */
function environment(name: string): Record<string, string> {
  const env = service(name).environment ?? {};
  const entries = Array.isArray(env)
    ? env.map((line): [string, string] => {
        const at = line.indexOf('=');
        return at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 1)];
      })
    : Object.entries(env).map(([key, value]): [string, string] => [key, String(value ?? '')]);
  return Object.fromEntries(entries);
}

function dependencies(name: string): Record<string, string | undefined> {
  const dependsOn = service(name).depends_on ?? [];
  return Array.isArray(dependsOn)
    ? Object.fromEntries(dependsOn.map((dependency) => [dependency, undefined]))
    : Object.fromEntries(Object.entries(dependsOn).map(([key, value]) => [key, value?.condition]));
}

function requiredVariables(app: AppName): string[] {
  return [...COMPOSE_CONTRACT.commonVariables, ...COMPOSE_CONTRACT.apps[app].extraVariables];
}

describe('docker-compose.yml', () => {
  describe('kafka', () => {
    it("runs Apache Kafka's own image", () => {
      expect(service('kafka').image).toMatch(/^apache\/kafka:/);
    });

    it('runs in KRaft combined mode (broker and controller in one process)', () => {
      const roles = (environment('kafka').KAFKA_PROCESS_ROLES ?? '').split(',').map((role) => role.trim());
      expect({ service: 'kafka', KAFKA_PROCESS_ROLES: roles.sort() }).toEqual({
        service: 'kafka',
        KAFKA_PROCESS_ROLES: ['broker', 'controller'],
      });
    });

    it('authenticates clients with SASL/SCRAM and denies what no ACL allows', () => {
      const env = environment('kafka');
      expect({
        mechanisms: env.KAFKA_SASL_ENABLED_MECHANISMS,
        authorizer: env.KAFKA_AUTHORIZER_CLASS_NAME,
        allowEveryone: env.KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND,
      }).toEqual({
        mechanisms: 'SCRAM-SHA-256',
        authorizer: 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
        allowEveryone: 'false',
      });
    });

    it('serves apps and host tools only over TLS 1.2 or 1.3 (SASL_SSL), with the keystore kafka-certs made', () => {
      const env = environment('kafka');
      const protocols = Object.fromEntries(
        (env.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP ?? '').split(',').map((pair) => pair.split(':')),
      ) as Record<string, string>;
      const clientListeners = (env.KAFKA_ADVERTISED_LISTENERS ?? '').split(',').map((l) => l.split(':')[0]);
      expect({
        clientListeners: clientListeners.map((name) => [name, protocols[name]]),
        enabledProtocols: env.KAFKA_SSL_ENABLED_PROTOCOLS,
        keystore: [env.KAFKA_SSL_KEYSTORE_TYPE, env.KAFKA_SSL_KEYSTORE_LOCATION],
        truststore: [env.KAFKA_SSL_TRUSTSTORE_TYPE, env.KAFKA_SSL_TRUSTSTORE_LOCATION],
        keystorePasswordFromEnvironment: /^\$\{[A-Z0-9_]+:-[^}]+\}$/.test(
          env.KAFKA_SSL_KEYSTORE_PASSWORD ?? '',
        ),
        waitsForCertificates: dependencies('kafka')['kafka-certs'],
      }).toEqual({
        clientListeners: [
          ['CLIENT', 'SASL_SSL'],
          ['HOST', 'SASL_SSL'],
        ],
        enabledProtocols: 'TLSv1.3,TLSv1.2',
        keystore: ['PKCS12', '/etc/kafka/secrets/broker.p12'],
        truststore: ['PEM', '/etc/kafka/secrets/ca.pem'],
        keystorePasswordFromEnvironment: true,
        waitsForCertificates: 'service_completed_successfully',
      });
      expect(JSON.stringify(service('kafka').command)).toContain('security.protocol=SASL_SSL');
    });

    it('has a one-shot kafka-certs service that makes the CA and a broker certificate for kafka, localhost and 127.0.0.1 with keytool', () => {
      const certs = service('kafka-certs');
      const script = JSON.stringify(certs.command ?? '');
      expect(certs.image).toBe(service('kafka').image);
      expect(script).toContain('keytool -gencert');
      expect(script).toContain('-ext san=dns:kafka,dns:localhost,ip:127.0.0.1');
      expect(script).toContain('chmod 0600');
      expect(certs.volumes).toEqual(
        expect.arrayContaining([
          'kafka-secrets:/etc/kafka/secrets',
          expect.stringMatching(/^kafka-ca:\/var\/lib\/beacon\/kafka-ca$/),
        ]),
      );
    });

    it('creates a SCRAM user for every app principal when it formats its storage', () => {
      const startScript = JSON.stringify(service('kafka').command ?? '');
      const missing = APP_NAMES.map((app) => `beacon-${app}`).filter(
        (principal) => !startScript.includes(`name=${principal},`),
      );
      expect({ service: 'kafka', principalsWithoutScramUser: missing }).toEqual({
        service: 'kafka',
        principalsWithoutScramUser: [],
      });
    });
  });

  it('has a postgres service with a healthcheck', () => {
    expect(service('postgres').image).toMatch(/^postgres:/);
    expect(service('postgres').healthcheck?.test).toBeDefined();
  });

  it.each(APP_NAMES)('has a service for %s, built from the Dockerfile with its APP', (app) => {
    const build = service(app).build;
    const args = typeof build === 'object' && build.args && !Array.isArray(build.args) ? build.args : {};
    expect({ service: app, APP: args.APP }).toEqual({ service: app, APP: app });
  });

  it.each(APP_NAMES)('gives %s its own PORT', (app) => {
    expect({ service: app, PORT: environment(app).PORT }).toEqual({
      service: app,
      PORT: String(COMPOSE_CONTRACT.apps[app].port),
    });
  });

  it.each(APP_NAMES)('gives %s exactly the variables it needs, none missing and none extra', (app) => {
    const present = Object.keys(environment(app));
    const required = requiredVariables(app);
    expect({
      service: app,
      missing: required.filter((name) => !present.includes(name)),
      unexpected: present.filter((name) => !required.includes(name)),
    }).toEqual({ service: app, missing: [], unexpected: [] });
  });

  it.each(APP_NAMES)('leaves no required variable of %s empty', (app) => {
    const env = environment(app);
    const empty = requiredVariables(app).filter((name) => name in env && env[name].trim() === '');
    expect({ service: app, emptyVariables: empty }).toEqual({ service: app, emptyVariables: [] });
  });

  it.each(APP_NAMES)('points %s at the compose Kafka and Postgres with the agreed settings', (app) => {
    const env = environment(app);
    expect({
      service: app,
      KAFKA_BROKERS: env.KAFKA_BROKERS,
      KAFKA_SASL_MECHANISM: env.KAFKA_SASL_MECHANISM,
      BEACON_TOPIC_NAMESPACE: env.BEACON_TOPIC_NAMESPACE,
      KAFKA_TOPIC_PARTITIONS: env.KAFKA_TOPIC_PARTITIONS,
      KAFKA_REPLICATION_FACTOR: env.KAFKA_REPLICATION_FACTOR,
      DATABASE_URL: env.DATABASE_URL,
    }).toEqual({
      service: app,
      KAFKA_BROKERS: 'kafka:9092',
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      BEACON_TOPIC_NAMESPACE: 'beacon',
      KAFKA_TOPIC_PARTITIONS: '3',
      KAFKA_REPLICATION_FACTOR: '1',
      DATABASE_URL: expect.stringMatching(/^postgres:\/\/beacon:[^@]+@postgres:5432\/beacon$/),
    });
  });

  it.each(APP_NAMES)('has %s verify the broker with the CA from kafka-certs, mounted read-only', (app) => {
    const env = environment(app);
    expect({
      service: app,
      KAFKA_SSL: env.KAFKA_SSL,
      KAFKA_SSL_CA_FILE: env.KAFKA_SSL_CA_FILE,
      caVolume: service(app).volumes?.find((v) => v.startsWith('kafka-ca:')),
      brokerSecrets: service(app).volumes?.find((v) => v.startsWith('kafka-secrets:')),
    }).toEqual({
      service: app,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: '/var/lib/beacon/kafka-ca/ca.pem',
      caVolume: 'kafka-ca:/var/lib/beacon/kafka-ca:ro',
      brokerSecrets: undefined,
    });
  });

  it.each(APP_NAMES)('takes the secrets of %s from the environment, with a default', (app) => {
    const secrets = ['KAFKA_SASL_PASSWORD', 'DATABASE_URL'];
    const env = environment(app);
    const hardCoded = secrets.filter((name) => !/\$\{[A-Z0-9_]+:-[^}]+\}/.test(env[name] ?? ''));
    expect({ service: app, secretsWithoutVariable: hardCoded }).toEqual({
      service: app,
      secretsWithoutVariable: [],
    });
  });

  it.each(APP_NAMES)('connects %s to Kafka as its own principal', (app) => {
    const env = environment(app);
    expect({
      service: app,
      KAFKA_SASL_USERNAME: env.KAFKA_SASL_USERNAME,
      KAFKA_CLIENT_ID: env.KAFKA_CLIENT_ID,
    }).toEqual({ service: app, KAFKA_SASL_USERNAME: `beacon-${app}`, KAFKA_CLIENT_ID: `beacon-${app}` });
  });

  it('gives no two apps the same Kafka principal or password', () => {
    const shared = (variable: string): string[] => {
      const byValue = new Map<string, AppName[]>();
      for (const app of APP_NAMES) {
        const value = environment(app)[variable];
        byValue.set(value, [...(byValue.get(value) ?? []), app]);
      }
      return [...byValue.entries()]
        .filter(([, apps]) => apps.length > 1)
        .map(([value, apps]) => `${variable}=${value} is shared by ${apps.join(', ')}`);
    };
    expect([...shared('KAFKA_SASL_USERNAME'), ...shared('KAFKA_SASL_PASSWORD')]).toEqual([]);
  });

  it.each(APP_NAMES)('starts %s only after kafka and postgres are healthy and provision has run', (app) => {
    const dependsOn = dependencies(app);
    expect({ service: app, depends_on: dependsOn }).toEqual({
      service: app,
      depends_on: expect.objectContaining({
        kafka: 'service_healthy',
        postgres: 'service_healthy',
        provision: 'service_completed_successfully',
      }),
    });
  });

  it('has a one-shot provision service that runs the compiled provisioning script', () => {
    const provision = service('provision');
    const command = Array.isArray(provision.command) ? provision.command.join(' ') : provision.command;
    expect(command).toBe('node dist/scripts/provision.js');
    expect(dependencies('provision')).toEqual(
      expect.objectContaining({ kafka: 'service_healthy', postgres: 'service_healthy' }),
    );
  });

  it.each(APP_NAMES)("checks the health of %s on the app's own port", (app) => {
    const test = service(app).healthcheck?.test;
    const command = Array.isArray(test) ? test.join(' ') : (test ?? '');
    const url = /https?:\/\/(?:localhost|127\.0\.0\.1):(\d+)\/health\b/.exec(command);
    const healthcheckPort = url ? Number(url[1]) : `no /health URL in: ${command}`;
    expect({ service: app, healthcheckPort }).toEqual({
      service: app,
      healthcheckPort: COMPOSE_CONTRACT.apps[app].port,
    });
  });

  it('publishes the gateway on port 8080', () => {
    const ports = (service('gateway').ports ?? []).map((port) => String(port));
    expect(ports).toEqual(expect.arrayContaining([expect.stringMatching(/(?:^|:|-)8080:8080$/)]));
  });

  it('points the gateway at the referrals and audit services, which verify tokens with the same keys once they exist', () => {
    expect(environment('gateway')).toMatchObject({
      REFERRALS_URL: `http://referrals:${COMPOSE_CONTRACT.apps.referrals.port}`,
      AUDIT_URL: `http://audit:${COMPOSE_CONTRACT.apps.audit.port}`,
    });
    for (const app of ['gateway', 'referrals', 'audit'] as const) {
      expect(environment(app).AUTH_JWKS_FILE).toBe(environment('gateway').AUTH_JWKS_FILE);
      expect(dependencies(app)['auth-keys']).toBe('service_completed_successfully');
    }
  });
});

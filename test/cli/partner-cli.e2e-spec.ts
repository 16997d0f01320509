import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadExamples } from '@beacon/contracts';
import { EventPublisher, partnerSource, topicsFor } from '@beacon/messaging';
import { localIssuer } from '../../scripts/lib/issuer';
import { REPO_ROOT } from '../../scripts/lib/paths';
import {
  addPartner,
  listPartners,
  removePartner,
  type AdminConnection,
  type OnboardedPartner,
} from '../../scripts/cli/partner-commands';
import { caFile, kafkaAs, loadTestStack, SuiteNamespace } from '../support/test-stack';

const ALERT = loadExamples().find((e) => e.type === 'org.beacon.alert.raised.v1')?.payload as {
  subject: { subjectId: string };
};

async function publishAs(onboarded: OnboardedPartner, topic: string): Promise<void> {
  const publisher = EventPublisher.create(kafkaAs(onboarded.kafka, `${onboarded.partner.id}-probe`));
  await publisher.connect();
  try {
    await publisher.publish(topic, {
      id: randomUUID(),
      source: partnerSource(onboarded.partner.id),
      type: 'org.beacon.alert.raised.v1',
      specversion: '1.0',
      time: new Date().toISOString(),
      subject: ALERT.subject.subjectId,
      datacontenttype: 'application/json',
      data: ALERT,
    });
  } finally {
    await publisher.disconnect();
  }
}

describe('partner onboarding in one step', () => {
  const stack = loadTestStack();
  let ns: SuiteNamespace;
  let conn: AdminConnection;
  let scratch: string;
  let onboarded: OnboardedPartner;

  beforeAll(async () => {
    if (stack.kafka.external) throw new Error('onboarding suites need the broker that npm test starts');
    ns = await SuiteNamespace.create(stack, ['metro-police']);
    const kafka = kafkaAs(stack.kafka.admin, `${ns.namespace}-cli`);
    const admin = kafka.admin();
    await admin.connect();
    conn = { kafka, admin, access: stack.kafka.admin, namespace: ns.namespace };
    scratch = mkdtempSync(join(tmpdir(), 'beacon-cli-'));
    onboarded = await addPartner(
      conn,
      { id: 'harbour-clinic', sector: 'health-care', name: 'Harbour Clinic' },
      { issuer: localIssuer(join(scratch, 'keys')), credentialsDir: join(scratch, 'partners') },
    );
  }, 120_000);

  afterAll(async () => {
    await conn?.admin.disconnect();
    await ns?.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('given a partner just added, then its credentials file is private and names its topics and token', () => {
    expect(statSync(onboarded.file).mode & 0o777).toBe(0o600);
    expect(onboarded.kafka.inbound).toBe(topicsFor(ns.namespace).inbound('harbour-clinic'));
    expect(onboarded.token.split('.')).toHaveLength(3);
  });

  it('given a partner just added, then its credentials file says to connect over SASL_SSL and holds the CA to trust', () => {
    const saved = JSON.parse(readFileSync(onboarded.file, 'utf8')) as { kafka: OnboardedPartner['kafka'] };
    expect(saved.kafka.securityProtocol).toBe('SASL_SSL');
    expect(saved.kafka.tls).toEqual({ caFile: caFile(stack.kafka.admin) });
    expect(saved.kafka.caCertificate).toBe(readFileSync(caFile(stack.kafka.admin), 'utf8'));
    expect(saved.kafka.caCertificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it('given its new principal, then it may write its own inbound topic and nothing of another partner', async () => {
    await expect(publishAs(onboarded, onboarded.kafka.inbound)).resolves.toBeUndefined();
    await expect(publishAs(onboarded, topicsFor(ns.namespace).inbound('metro-police'))).rejects.toThrow(
      /Not authorized/,
    );
  });

  it('given the directory, then both partners are listed with their sectors, by the library and by the CLI', async () => {
    const partners = await listPartners(conn);
    expect(partners.map((p) => [p.id, p.sector, p.status])).toEqual([
      ['harbour-clinic', 'health-care', 'active'],
      ['metro-police', 'law-enforcement', 'active'],
    ]);
    const cli = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/cli/beacon.mjs'), 'partner', 'list'], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        KAFKA_BROKERS: stack.kafka.admin.brokers.join(','),
        KAFKA_SASL_MECHANISM: stack.kafka.admin.sasl?.mechanism,
        KAFKA_SASL_USERNAME: stack.kafka.admin.sasl?.username,
        KAFKA_SASL_PASSWORD: stack.kafka.admin.sasl?.password,
        KAFKA_SSL_CA_FILE: caFile(stack.kafka.admin),
        BEACON_TOPIC_NAMESPACE: ns.namespace,
      },
    });
    expect(cli.status).toBe(0);
    expect(cli.stdout).toMatch(/^harbour-clinic\s+health-care\s+active\s+Harbour Clinic$/m);
  });

  it('given a bad sector, then the CLI says which values are allowed and changes nothing', () => {
    const cli = spawnSync(
      process.execPath,
      [
        join(REPO_ROOT, 'scripts/cli/beacon.mjs'),
        'partner',
        'add',
        '--id',
        'x-school',
        '--sector',
        'schools',
      ],
      {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          KAFKA_BROKERS: stack.kafka.admin.brokers.join(','),
          KAFKA_SASL_MECHANISM: 'scram-sha-256',
          KAFKA_SASL_USERNAME: stack.kafka.admin.sasl?.username,
          KAFKA_SASL_PASSWORD: stack.kafka.admin.sasl?.password,
          KAFKA_SSL_CA_FILE: caFile(stack.kafka.admin),
          BEACON_TOPIC_NAMESPACE: ns.namespace,
        },
      },
    );
    expect(cli.status).toBe(1);
    expect(cli.stderr).toBe(
      'beacon: --sector "schools" is not one of law-enforcement, health-care, ngo, education, social-services\n',
    );
  });

  it('given the partner is removed, then its principal can no longer write and the directory marks it removed', async () => {
    await removePartner(conn, 'harbour-clinic');
    await expect(publishAs(onboarded, onboarded.kafka.inbound)).rejects.toThrow(
      /authenticat|SASL|Not authorized/i,
    );
    const partners = await listPartners(conn);
    expect(partners.find((p) => p.id === 'harbour-clinic')?.status).toBe('removed');
  });
});

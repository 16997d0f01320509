import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  connect as tlsConnect,
  createServer as createTlsServer,
  type ConnectionOptions,
  type TLSSocket,
} from 'node:tls';
import { createKafka, EventPublisher, topicsFor, type KafkaTls } from '@beacon/messaging';
import { ensureLocalTls } from '../../scripts/lib/local-ca';
import { appEnvironment, spawnApp, type KafkaAccess } from '../../scripts/lib/stack';
import { schoolAlert } from '../support/alerts';
import { eventually } from '../support/eventually';
import { caFile, loadTestStack, SuiteNamespace, uniqueName } from '../support/test-stack';

/** Connects as `access` with the given TLS and asks for the cluster's metadata; no retries. */
async function describeClusterAs(access: KafkaAccess, tls: KafkaTls): Promise<void> {
  const admin = createKafka({ clientId: 'tls-probe', ...access, tls }).admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    await admin.describeCluster();
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function hostAndPort(broker: string): { host: string; port: number } {
  const at = broker.lastIndexOf(':');
  return { host: broker.slice(0, at), port: Number(broker.slice(at + 1)) };
}

/** A raw TLS handshake with the broker's listener; resolves with the protocol agreed and the certificate shown. */
async function handshake(broker: string, options: ConnectionOptions & { ca: string }) {
  const socket: TLSSocket = tlsConnect({ ...hostAndPort(broker), ...options, rejectUnauthorized: true });
  try {
    await once(socket, 'secureConnect');
    return { protocol: socket.getProtocol(), certificate: socket.getPeerX509Certificate() };
  } finally {
    socket.destroy();
  }
}

describe('Kafka traffic is encrypted, and clients talk only to the broker the local CA vouches for', () => {
  const stack = loadTestStack();
  let ns: SuiteNamespace;
  let scratch: string;
  const police = () => stack.kafka.partners['metro-police'];

  beforeAll(async () => {
    if (stack.kafka.external) throw new Error('TLS suites need the broker that npm test starts');
    ns = await SuiteNamespace.create(stack, ['metro-police', 'safe-harbour'], 1);
    scratch = mkdtempSync(join(tmpdir(), 'beacon-tls-'));
  });
  afterAll(async () => {
    await ns?.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('given a client that speaks plaintext, when it connects to the broker, then it is refused', async () => {
    await expect(describeClusterAs(police(), false)).rejects.toThrow();
    // The same principal over TLS is let in: the refusal above is the missing TLS, not the credential.
    await expect(describeClusterAs(police(), { caFile: caFile(police()) })).resolves.toBeUndefined();
  });

  it('given the listener, then it agrees TLS 1.3, also TLS 1.2, and shows a certificate for 127.0.0.1 and localhost signed by the local CA', async () => {
    const ca = readFileSync(caFile(police()), 'utf8');
    const broker = police().brokers[0];
    const modern = await handshake(broker, { ca });
    expect(modern.protocol).toBe('TLSv1.3');
    expect(modern.certificate?.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
    await expect(handshake(broker, { ca, maxVersion: 'TLSv1.2' })).resolves.toMatchObject({
      protocol: 'TLSv1.2',
    });
  });

  it('given an old client that offers only TLS 1.0 or 1.1, then the broker answers with a protocol-version alert', async () => {
    const ca = readFileSync(caFile(police()), 'utf8');
    await expect(
      handshake(police().brokers[0], {
        ca,
        minVersion: 'TLSv1',
        maxVersion: 'TLSv1.1',
        // Node's own floor would refuse TLS 1.1 before the broker could; lowered so the broker decides.
        ciphers: 'DEFAULT@SECLEVEL=0',
      }),
    ).rejects.toThrow(/alert protocol version/);
  });

  it('given a client that trusts only the system certificate authorities, when it connects, then the broker certificate is rejected', async () => {
    await expect(describeClusterAs(police(), {})).rejects.toThrow(/certificate/i);
  });

  it('given a client that trusts another CA, when it connects, then the broker certificate is rejected', async () => {
    const other = ensureLocalTls(join(scratch, 'other-ca'));
    await expect(describeClusterAs(police(), { caFile: other.caFile })).rejects.toThrow(/certificate/i);
  });

  it('given an impostor broker on the path with a certificate for 127.0.0.1 from another CA, when a Beacon client connects to it, then the handshake fails before any credential is sent', async () => {
    const otherDir = join(scratch, 'impostor-ca');
    ensureLocalTls(otherDir);
    const impostor = createTlsServer({
      key: readFileSync(join(otherDir, 'broker.key')),
      cert: readFileSync(join(otherDir, 'broker.pem')),
    });
    let bytesFromClient = 0;
    impostor.on('secureConnection', (socket: TLSSocket) => {
      socket.on('data', (chunk: Buffer) => (bytesFromClient += chunk.length));
    });
    impostor.listen(0, '127.0.0.1');
    await once(impostor, 'listening');
    try {
      const { port } = impostor.address() as AddressInfo;
      await expect(
        describeClusterAs({ ...police(), brokers: [`127.0.0.1:${port}`] }, { caFile: caFile(police()) }),
      ).rejects.toThrow(/certificate/i);
      expect(bytesFromClient).toBe(0);
    } finally {
      impostor.close();
    }
  });

  it('given a client that expects a host name the certificate does not name, when it connects, then host-name verification refuses it', async () => {
    await expect(
      describeClusterAs(police(), {
        caFile: caFile(police()),
        servername: 'kafka.not-in-the-certificate.example',
      }),
    ).rejects.toThrow(/Hostname\/IP does not match certificate's altnames/);
    // The names the certificate does carry pass the same check.
    await expect(
      describeClusterAs(police(), { caFile: caFile(police()), servername: 'localhost' }),
    ).resolves.toBeUndefined();
  });

  it('given a partner with the CA and the right host name, then it writes its own inbound topic and is still refused another partner’s', async () => {
    const publisher = EventPublisher.create(createKafka({ clientId: 'tls-partner', ...police() }));
    await publisher.connect();
    try {
      await expect(
        publisher.publish(topicsFor(ns.namespace).inbound('metro-police'), schoolAlert('tls')),
      ).resolves.toEqual([expect.objectContaining({ errorCode: 0 })]);
      await expect(
        publisher.publish(topicsFor(ns.namespace).inbound('safe-harbour'), schoolAlert('tls')),
      ).rejects.toThrow(/Not authorized to access topics/);
    } finally {
      await publisher.disconnect();
    }
  });

  it('given KAFKA_SSL=false, when an app starts, then it logs that its Kafka traffic is not encrypted and cannot reach the TLS listener', async () => {
    const env = appEnvironment('intake', stack, {
      PORT: '0',
      BEACON_TOPIC_NAMESPACE: ns.namespace,
      KAFKA_SSL: 'false',
    });
    const intake = spawnApp('intake', env, join(stack.runDir, 'logs', uniqueName('plaintext')));
    try {
      const exitCode = await eventually(
        'beacon-intake exiting',
        async () => intake.child.exitCode,
        (code) => code !== null,
        100_000,
      );
      expect(exitCode).not.toBe(0);
      const lines = readFileSync(intake.logFile, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { level: number; setting?: string; msg: string });
      expect(lines.find((l) => l.setting === 'KAFKA_SSL')).toMatchObject({
        level: 40,
        msg: expect.stringMatching(/^KAFKA_SSL=false: Kafka traffic to and from this app is NOT encrypted/),
      });
    } finally {
      await intake.stop();
    }
  });
});

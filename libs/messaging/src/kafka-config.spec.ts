import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaTlsOptions, parseBrokerList } from './kafka-config';

describe('broker list', () => {
  it('given hosts with ports, then they are returned trimmed', () => {
    expect(parseBrokerList(' 127.0.0.1:9092, kafka-2.internal:19092 ,[::1]:9093')).toEqual([
      '127.0.0.1:9092',
      'kafka-2.internal:19092',
      '[::1]:9093',
    ]);
  });

  it('given an entry without a port or with a bad one, then the entry is named', () => {
    expect(() => parseBrokerList('localhost')).toThrow('"localhost" is not host:port');
    expect(() => parseBrokerList('a:1,b:70000')).toThrow('"b:70000" is not host:port');
    expect(() => parseBrokerList(' , ')).toThrow('expected at least one host:port');
  });
});

describe('TLS options of a Kafka connection', () => {
  let dir: string;
  let caFile: string;
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'beacon-tls-'));
    caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, pem);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('given a CA file, then the broker is verified against that CA with TLS 1.2 or later', () => {
    expect(kafkaTlsOptions({ caFile })).toEqual({
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
      ca: [pem],
    });
  });

  it('given no CA file, then the broker is still verified, against the system trust store', () => {
    expect(kafkaTlsOptions({})).toEqual({ rejectUnauthorized: true, minVersion: 'TLSv1.2' });
  });

  it('given an expected host name, then it is the one checked in the certificate', () => {
    expect(kafkaTlsOptions({ caFile, servername: 'kafka.example' })).toMatchObject({
      rejectUnauthorized: true,
      servername: 'kafka.example',
    });
  });

  it('given plaintext asked for, then there is no TLS at all', () => {
    expect(kafkaTlsOptions(false)).toBe(false);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseSpec, kafkaTlsFromEnv, readAppSettings } from './app-settings';

describe('Kafka TLS settings', () => {
  const spec = baseSpec(8081);
  const good = { KAFKA_BROKERS: '127.0.0.1:9092' };
  let dir: string;
  let caFile: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'beacon-settings-'));
    caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('given nothing about TLS, then TLS is on and the system trust store is used', () => {
    const values = readAppSettings(spec, good);
    expect(values.KAFKA_SSL).toBe(true);
    expect(values.KAFKA_SSL_CA_FILE).toBeUndefined();
    expect(kafkaTlsFromEnv(good)).toEqual({});
  });

  it('given a readable CA file, then clients trust that file', () => {
    expect(readAppSettings(spec, { ...good, KAFKA_SSL_CA_FILE: caFile }).KAFKA_SSL_CA_FILE).toBe(caFile);
    expect(kafkaTlsFromEnv({ ...good, KAFKA_SSL_CA_FILE: caFile })).toEqual({ caFile });
  });

  it('given KAFKA_SSL=false, then the connection is plaintext', () => {
    expect(readAppSettings(spec, { ...good, KAFKA_SSL: 'false' }).KAFKA_SSL).toBe(false);
    expect(kafkaTlsFromEnv({ ...good, KAFKA_SSL: 'false' })).toBe(false);
  });

  it('given KAFKA_SSL that is not a boolean, then the setting is named', () => {
    expect(() => readAppSettings(spec, { ...good, KAFKA_SSL: 'yes please' })).toThrow(
      'KAFKA_SSL "yes please" is not true or false; expected true or false',
    );
  });

  it('given a CA file that does not exist, then the error names KAFKA_SSL_CA_FILE and the path', () => {
    const missing = join(dir, 'nope.pem');
    const expected = `invalid configuration: KAFKA_SSL_CA_FILE "${missing}" cannot be read (ENOENT); expected the path of a PEM file with the CA certificate of the Kafka brokers`;
    expect(() => readAppSettings(spec, { ...good, KAFKA_SSL_CA_FILE: missing })).toThrow(expected);
    expect(() => kafkaTlsFromEnv({ KAFKA_SSL_CA_FILE: missing })).toThrow(expected);
  });

  it('given a CA file with no certificate in it, then the error says so', () => {
    const notPem = join(dir, 'key.pem');
    writeFileSync(notPem, 'just text\n');
    expect(() => readAppSettings(spec, { ...good, KAFKA_SSL_CA_FILE: notPem })).toThrow(
      `KAFKA_SSL_CA_FILE "${notPem}" holds no PEM certificate`,
    );
  });
});

import { javaClientProperties } from './scram';

describe("the Kafka tools' client settings", () => {
  const sasl = { mechanism: 'scram-sha-256' as const, username: 'beacon-admin', password: 'p"w' };

  it('given a CA file, then the tools connect over SASL_SSL, trust that CA and check the host name', () => {
    expect(javaClientProperties({ brokers: ['127.0.0.1:9092'], sasl, tls: { caFile: '/ca.pem' } })).toEqual([
      'security.protocol=SASL_SSL',
      'ssl.enabled.protocols=TLSv1.3,TLSv1.2',
      'ssl.endpoint.identification.algorithm=https',
      'ssl.truststore.type=PEM',
      'ssl.truststore.location=/ca.pem',
      'sasl.mechanism=SCRAM-SHA-256',
      'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="beacon-admin" password="p\\"w";',
    ]);
  });

  it('given plaintext asked for, then SASL_PLAINTEXT and no TLS settings', () => {
    const lines = javaClientProperties({ brokers: ['127.0.0.1:9092'], sasl, tls: false });
    expect(lines[0]).toBe('security.protocol=SASL_PLAINTEXT');
    expect(lines.filter((l) => l.startsWith('ssl.'))).toEqual([]);
  });
});

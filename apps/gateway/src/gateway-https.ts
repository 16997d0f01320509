import { readFileSync } from 'node:fs';
import { ConfigError } from '@beacon/platform';

/**
 * The certificate chain and key the gateway serves HTTPS with, or
 * `undefined` for plain HTTP (on loopback, or behind a proxy that terminates
 * TLS). One without the other is refused: a half-configured gateway would
 * otherwise fall back to plain HTTP without anyone noticing.
 */
export function gatewayHttps(settings: {
  GATEWAY_TLS_CERT_FILE?: unknown;
  GATEWAY_TLS_KEY_FILE?: unknown;
}): { cert: Buffer; key: Buffer } | undefined {
  const certFile = settings.GATEWAY_TLS_CERT_FILE as string | undefined;
  const keyFile = settings.GATEWAY_TLS_KEY_FILE as string | undefined;
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile) {
    const [missing, given] = certFile
      ? ['GATEWAY_TLS_KEY_FILE', 'GATEWAY_TLS_CERT_FILE']
      : ['GATEWAY_TLS_CERT_FILE', 'GATEWAY_TLS_KEY_FILE'];
    throw new ConfigError([{ name: missing, problem: `is missing; it is required when ${given} is set` }]);
  }
  return { cert: readFileSync(certFile), key: readFileSync(keyFile) };
}

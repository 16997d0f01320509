/**
 * A local certificate authority and the broker's certificate, made with the
 * `openssl` command on first start and kept in one folder. Partners and
 * Beacon's own clients trust `ca.pem`; the broker serves `broker.p12`.
 *
 * Files that hold a key or a password are created mode 0600, before anything
 * is written into them, so no other user can read them even for a moment.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

/** What the broker and its clients need from the local CA. */
export interface LocalTls {
  /** The CA certificate (PEM) that clients trust. */
  caFile: string;
  /** The broker's key and certificate chain, PKCS12. */
  keystoreFile: string;
  keystorePassword: string;
}

/** Names the broker's certificate covers: what clients dial on this machine. */
export const BROKER_HOST_NAMES = ['localhost'] as const;
export const BROKER_IP_ADDRESSES = ['127.0.0.1'] as const;

const CA_DAYS = 3650;
const BROKER_DAYS = 825;

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: 'pipe' });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        'openssl was not found; install it (Debian: apt-get install openssl) to run the local broker',
      );
    }
    throw new Error(`openssl ${args[0]} failed: ${stderr ?? (error as Error).message}`);
  }
}

/** Creates an empty file readable by its owner only (or tightens an existing one). */
function privateFile(file: string): string {
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  return file;
}

function writePrivate(file: string, content: string): void {
  privateFile(file);
  writeFileSync(file, content, { mode: 0o600 });
}

/** True when the certificate is still valid for a day and names every host we dial. */
function brokerCertificateUsable(certFile: string, caFile: string): boolean {
  if (!existsSync(certFile)) return false;
  const cert = new X509Certificate(readFileSync(certFile));
  const ca = new X509Certificate(readFileSync(caFile));
  const inADay = Date.now() + 24 * 3600_000;
  return (
    cert.checkIssued(ca) &&
    cert.verify(ca.publicKey) &&
    new Date(cert.validTo).getTime() > inADay &&
    BROKER_HOST_NAMES.every((h) => cert.checkHost(h) !== undefined) &&
    BROKER_IP_ADDRESSES.every((ip) => cert.checkIP(ip) !== undefined)
  );
}

/**
 * Makes (once) a CA and a broker certificate for 127.0.0.1 and localhost in
 * `dir`, signed by that CA, with the broker's PKCS12 keystore. Reuses what
 * is there, so partners that saved `ca.pem` keep trusting the broker across
 * restarts; a broker certificate that is about to expire is renewed.
 */
export function ensureLocalTls(dir: string): LocalTls {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caKey = join(dir, 'ca.key');
  const caFile = join(dir, 'ca.pem');
  const brokerKey = join(dir, 'broker.key');
  const brokerCert = join(dir, 'broker.pem');
  const keystoreFile = join(dir, 'broker.p12');
  const passwordFile = join(dir, 'broker.p12.password');

  if (!existsSync(caKey) || !existsSync(caFile)) {
    privateFile(caKey);
    openssl(
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        caKey,
        '-out',
        caFile,
        '-days',
        String(CA_DAYS),
        '-subj',
        `/O=Beacon/CN=Beacon local CA ${randomBytes(4).toString('hex')}`,
        '-addext',
        'basicConstraints=critical,CA:TRUE,pathlen:0',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      ],
      dir,
    );
  }

  if (
    !brokerCertificateUsable(brokerCert, caFile) ||
    !existsSync(keystoreFile) ||
    !existsSync(passwordFile)
  ) {
    const csr = join(dir, 'broker.csr');
    const extensions = join(dir, 'broker.ext');
    privateFile(brokerKey);
    openssl(
      [
        'req',
        '-new',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        brokerKey,
        '-out',
        csr,
        '-subj',
        '/O=Beacon/CN=localhost',
      ],
      dir,
    );
    const san = [
      ...BROKER_HOST_NAMES.map((h) => `DNS:${h}`),
      ...BROKER_IP_ADDRESSES.map((ip) => `IP:${ip}`),
    ].join(',');
    writeFileSync(
      extensions,
      [
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature,keyAgreement',
        'extendedKeyUsage=serverAuth,clientAuth',
        `subjectAltName=${san}`,
        '',
      ].join('\n'),
    );
    openssl(
      [
        'x509',
        '-req',
        '-in',
        csr,
        '-CA',
        caFile,
        '-CAkey',
        caKey,
        '-CAcreateserial',
        '-CAserial',
        join(dir, 'ca.srl'),
        '-days',
        String(BROKER_DAYS),
        '-sha256',
        '-extfile',
        extensions,
        '-out',
        brokerCert,
      ],
      dir,
    );
    rmSync(csr, { force: true });
    rmSync(extensions, { force: true });
    const keystorePassword = randomBytes(18).toString('base64url');
    writePrivate(passwordFile, keystorePassword);
    privateFile(keystoreFile);
    openssl(
      [
        'pkcs12',
        '-export',
        '-name',
        'broker',
        '-in',
        brokerCert,
        '-inkey',
        brokerKey,
        '-certfile',
        caFile,
        '-out',
        keystoreFile,
        '-passout',
        `file:${passwordFile}`,
      ],
      dir,
    );
  }
  // Certificates are public, but the folder is the stack's own: everything in it is its owner's only,
  // like every other file under .beacon/ (partners get the CA's PEM in their 0600 credentials file).
  for (const file of readdirSync(dir)) chmodSync(join(dir, file), 0o600);
  return { caFile, keystoreFile, keystorePassword: readFileSync(passwordFile, 'utf8').trim() };
}

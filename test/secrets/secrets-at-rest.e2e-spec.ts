/**
 * Secrets at rest: every file that holds a password or a key is its owner's
 * alone (0600, in folders of 0700), and so is everything else in a state
 * folder. The run's own folder is what `npm test` made with the same start
 * path as `npm start` (scripts/lib/stack.ts: the broker's SCRAM passwords and
 * metadata, the embedded Postgres, the apps' database roles, the issuer's
 * keys, stack.json, the apps' logs); this suite adds an audit app's
 * signing key to it, and onboards a partner over files an older, careless
 * version left readable.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { hashSecret, localIssuer } from '../../scripts/lib/issuer';
import { addPartner, removePartner, type AdminConnection } from '../../scripts/cli/partner-commands';
import type { RunningApp } from '../../scripts/lib/stack';
import { entriesOpenToOthers } from '../support/private-files';
import {
  kafkaAs,
  loadTestStack,
  startApp,
  SuiteNamespace,
  uniqueName,
  withDatabase,
} from '../support/test-stack';

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('secrets at rest: keys and passwords are readable by their owner only', () => {
  const stack = loadTestStack();
  let ns: SuiteNamespace;
  let audit: RunningApp;
  let auditKeyDir: string;
  let scratch: string;

  beforeAll(async () => {
    ns = await SuiteNamespace.create(stack, ['metro-police']);
    auditKeyDir = join(stack.runDir, 'audit-keys', ns.namespace);
    audit = await startApp(stack, 'audit', ns.namespace, {
      AUDIT_SIGNING_KEY_FILE: join(auditKeyDir, 'signing-key.pem'),
    });
    scratch = mkdtempSync(join(tmpdir(), 'beacon-secrets-'));
  }, 120_000);

  afterAll(async () => {
    await audit?.stop();
    if (ns) {
      await withDatabase(stack, (db) => db.query(`DROP SCHEMA IF EXISTS "${ns.namespace}_audit" CASCADE`));
      await ns.dispose();
    }
    if (auditKeyDir) rmSync(auditKeyDir, { recursive: true, force: true });
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('given the run’s state folder as the start path left it, then every secret-bearing file is 0600 and nothing in it is open to group or others', () => {
    // given: the files that hold a password or a key
    const secrets = [
      'stack.json',
      'database-roles.json',
      'keys/issuer.private.jwk.json',
      'kafka/state.json',
      'kafka/server.properties',
      `audit-keys/${ns.namespace}/signing-key.pem`,
    ];

    // when
    const modes = Object.fromEntries(secrets.map((file) => [file, modeOf(join(stack.runDir, file))]));
    // Run as root, the embedded Postgres runs as the postgres OS user, which must pass through to its data.
    const passThrough = userInfo().uid === 0 ? ['.', 'postgres'] : [];
    const exposed = entriesOpenToOthers(stack.runDir, passThrough);

    // then
    expect(modes).toEqual(Object.fromEntries(secrets.map((file) => [file, '600'])));
    expect(exposed).toEqual([]);
    expect(modeOf(stack.runDir)).toMatch(/^7[01]{2}$/);
  });

  it('given key files and folders that others could read, when the start path’s writers run again, then each is made private', () => {
    // given: what a version that set modes only on creation (or a copy with cp) may leave behind
    const keys = join(scratch, 'keys');
    mkdirSync(keys, { recursive: true });
    chmodSync(keys, 0o755);
    localIssuer(keys);
    hashSecret(keys);
    for (const file of ['issuer.private.jwk.json', 'jwks.json', 'hash-secret'])
      chmodSync(join(keys, file), 0o644);

    // when
    localIssuer(keys);
    hashSecret(keys);

    // then
    expect(entriesOpenToOthers(scratch)).toEqual([]);
    expect(modeOf(keys)).toBe('700');
  });

  it('given a partner credentials folder others could list and a stale credentials file others could read, when a partner is onboarded, then both are private', async () => {
    // given
    const kafka = kafkaAs(stack.kafka.admin, `${ns.namespace}-secrets`);
    const admin = kafka.admin();
    await admin.connect();
    const conn: AdminConnection = { kafka, admin, access: stack.kafka.admin, namespace: ns.namespace };
    const partnerId = uniqueName('secrets-probe-');
    const partners = join(scratch, 'partners');
    mkdirSync(partners, { recursive: true });
    chmodSync(partners, 0o755);
    writeFileSync(join(partners, `${partnerId}.json`), '{}', { mode: 0o644 });
    chmodSync(join(partners, `${partnerId}.json`), 0o644);

    try {
      // when
      const onboarded = await addPartner(
        conn,
        { id: partnerId, sector: 'ngo' },
        { issuer: localIssuer(join(scratch, 'keys')), credentialsDir: partners },
      );

      // then
      expect(modeOf(onboarded.file)).toBe('600');
      expect(modeOf(partners)).toBe('700');
      expect(entriesOpenToOthers(scratch)).toEqual([]);
    } finally {
      await removePartner(conn, partnerId).catch(() => undefined);
      await admin.disconnect();
    }
  });
});

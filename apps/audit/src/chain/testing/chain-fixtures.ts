/**
 * Builders the chain's unit specs share: a signing key, disclosure records
 * shaped as the redaction service writes them, and chains built by the same
 * planner the app uses. Used by specs only.
 */
import { generateKeyPairSync } from 'node:crypto';
import { planAppend, type PendingRecord } from '../append-plan';
import type { ChainRow } from '../chain-link';
import { signerFromPrivateKey, type SignedCheckpoint, type Signer } from '../checkpoint';
import { summarizeRecord, type JsonObject } from '../record-summary';

export function newSigner(): Signer {
  return signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey);
}

function uuid(n: number, salt: number): string {
  const hex = (n * 7919 + salt).toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex.slice(-12)}`;
}

/** A disclosure record as redaction puts it on the audit topic (attributes and data). */
export function disclosureRecord(
  n: number,
  overrides: { partnerId?: string; correlationid?: string } = {},
): JsonObject {
  const recordId = uuid(n, 1);
  const partnerId = overrides.partnerId ?? 'metro-police';
  return {
    id: recordId,
    source: 'urn:beacon:service:redaction',
    type: 'org.beacon.disclosure.recorded.v1',
    specversion: '1.0',
    time: '2025-03-01T10:00:00.000Z',
    subject: uuid(n, 2),
    datacontenttype: 'application/json',
    dataschema: 'https://schemas.beacon.example/org.beacon.disclosure.recorded.v1.json',
    causationid: uuid(n, 3),
    correlationid: overrides.correlationid ?? `flow-${n}`,
    data: {
      recordId,
      recordedAt: '2025-03-01T10:00:00.000Z',
      event: {
        id: uuid(n, 3),
        type: 'org.beacon.alert.raised.v1',
        source: 'urn:beacon:partner:northside-school',
        time: '2025-03-01T09:59:59.000Z',
        topic: 'beacon.events',
        partition: 2,
        offset: String(40 + n),
      },
      subjectId: uuid(n, 2),
      recipient: { partnerId, sector: 'law-enforcement' },
      purpose: 'safeguarding',
      policy: { id: 'beacon-default', version: 'sha256:abc' },
      consentIds: [uuid(n, 4)],
      disclosedPaths: ['/urgency', '/category'],
      withheld: [
        { path: '/subject/name', reason: 'sector-policy', transformation: 'drop' },
        { path: '/location', reason: 'sector-policy', transformation: 'generalize' },
      ],
      breakGlass: { used: false },
      delivery: { topic: `beacon.deliver.${partnerId}`, id: uuid(n, 5) },
    },
  };
}

export function pending(record: JsonObject): PendingRecord {
  return { recordId: String(record.id), record, summary: summarizeRecord(record) };
}

/** A partition's chain of `count` disclosure records, with a checkpoint every `every` rows. */
export function chainOf(
  signer: Signer,
  options: { partition?: number; count: number; every?: number; first?: number },
): { rows: ChainRow[]; checkpoints: SignedCheckpoint[] } {
  const first = options.first ?? 1;
  const records = Array.from({ length: options.count }, (_, i) => pending(disclosureRecord(first + i)));
  const plan = planAppend(
    { partition: options.partition ?? 0, lastCheckpointSequence: 0, stored: new Map() },
    records,
    { checkpointEvery: options.every ?? 100, signer, now: '2025-03-01T10:00:05.000Z' },
  );
  return { rows: plan.rows, checkpoints: plan.checkpoints };
}

/** A deep copy, so a test can change one field without touching the original. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}

import { AclOperationTypes, ResourcePatternTypes } from 'kafkajs';
import { aclEntriesFor, BEACON_APPS, grantsFor, partnerAclEntries } from './acls';
import { topicsFor } from './topics';

describe('least-privilege ACLs', () => {
  const topics = topicsFor('beacon');

  it('given intake, then it reads inbound topics and the partner directory and writes only events and rejections', () => {
    expect(grantsFor('intake', topics)).toEqual([
      { resource: 'topic', name: 'beacon.inbound.', prefixed: true, access: ['read'] },
      { resource: 'topic', name: 'beacon.partners', prefixed: false, access: ['read'] },
      { resource: 'topic', name: 'beacon.events', prefixed: false, access: ['write'] },
      { resource: 'topic', name: 'beacon.rejections.', prefixed: true, access: ['write'] },
      { resource: 'topic', name: 'beacon.intake.dedupe', prefixed: false, access: ['read', 'write'] },
      { resource: 'transactional-id', name: 'beacon.intake.tx', prefixed: true, access: ['write'] },
      { resource: 'group', name: 'beacon.intake', prefixed: true, access: ['read'] },
    ]);
  });

  it('given any app but redaction, then it may not write a delivery topic', () => {
    for (const app of BEACON_APPS.filter((a) => a !== 'redaction')) {
      const writesDeliveries = aclEntriesFor(app, topics).some(
        (e) => e.operation === AclOperationTypes.WRITE && e.resourceName.startsWith('beacon.deliver.'),
      );
      expect({ app, writesDeliveries }).toEqual({ app, writesDeliveries: false });
    }
  });

  it('given the gateway, then it reads delivery topics for the inbox, in groups under its own prefix, and nothing else but the directory', () => {
    const grants = grantsFor('gateway', topics);
    const reads = grants.filter((g) => g.access.includes('read'));
    expect(reads).toEqual([
      { resource: 'topic', name: 'beacon.deliver.', prefixed: true, access: ['read'] },
      { resource: 'topic', name: 'beacon.partners', prefixed: false, access: ['read'] },
      { resource: 'group', name: 'beacon.gateway', prefixed: true, access: ['read'] },
    ]);
    // The inbox projector's group falls under the gateway's group prefix.
    expect(topics.consumerGroup('gateway.inbox').startsWith('beacon.gateway')).toBe(true);
  });

  it('given intake and redaction consume-transform-produce, then they alone hold transactional ids', () => {
    const holders = BEACON_APPS.filter((app) =>
      grantsFor(app, topics).some((g) => g.resource === 'transactional-id'),
    );
    expect(holders).toEqual(['intake', 'redaction']);
  });

  it('given the audit topic, then the gateway (access records) and redaction (disclosure records) write it, and only the audit app reads it', () => {
    const on = (operation: AclOperationTypes) =>
      BEACON_APPS.filter((app) =>
        aclEntriesFor(app, topics).some(
          (e) =>
            e.operation === operation &&
            e.resourceName === 'beacon.audit' &&
            e.resourcePatternType === ResourcePatternTypes.LITERAL,
        ),
      );
    expect(on(AclOperationTypes.WRITE)).toEqual(['gateway', 'redaction']);
    expect(on(AclOperationTypes.READ)).toEqual(['audit']);
  });

  it('given a partner, then its grants name its own topics literally and nothing of another partner', () => {
    const entries = partnerAclEntries('metro-police', topics);
    const topicsNamed = entries
      .filter((e) => e.resourcePatternType === ResourcePatternTypes.LITERAL)
      .map((e) => e.resourceName);
    expect(topicsNamed).toEqual([
      'beacon.inbound.metro-police',
      'beacon.deliver.metro-police',
      'beacon.rejections.metro-police',
    ]);
    expect(entries.every((e) => e.principal === 'User:partner-metro-police')).toBe(true);
  });
});

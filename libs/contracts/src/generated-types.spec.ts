import { readFileSync } from 'fs';
import { join } from 'path';
import {
  EVENTS_TS,
  dataTypeName,
  generateEventTypes,
  repoRoot,
} from '../../../scripts/contracts/generate-types';
import { BEACON_EVENT_TYPES, BeaconEventDataMap, TypedBeaconEventData } from './generated/events';
import { SchemaRegistry } from './schema-registry';

// json-schema-to-typescript loads Prettier's Node entry point, which starts an ES module import as
// soon as it is required; jest (without --experimental-vm-modules) cannot run that and the process
// dies. The generator never asks json-schema-to-typescript to format (it formats with Prettier's
// standalone build), so a stand-in that is never called keeps the output identical.
jest.mock('prettier', () => ({
  format: () => {
    throw new Error('the generator formats with prettier/standalone, not prettier');
  },
}));

describe('generated event types', () => {
  const registry = SchemaRegistry.load();

  it('are up to date with schemas/ (run npx tsx scripts/contracts/generate-types.ts if not)', async () => {
    const fresh = await generateEventTypes(registry);
    const committed = readFileSync(join(repoRoot(), EVENTS_TS), 'utf8');
    expect(committed).toBe(fresh);
  });

  it('list every event type the registry knows', () => {
    expect([...BEACON_EVENT_TYPES]).toEqual(registry.types());
  });

  it('name each data interface after its type', () => {
    expect(dataTypeName('org.beacon.referral.status-changed.v1')).toBe('ReferralStatusChangedV1Data');
  });

  it('type the examples: an example of each type is assignable to its interface', () => {
    // Compile-time check: the map's interfaces accept real data shapes.
    const alert: BeaconEventDataMap['org.beacon.alert.raised.v1'] = {
      alertId: '6b1f0c2e-4d7a-4c1e-9a53-1f2e8d4b7c10',
      raisedAt: '2025-03-14T16:42:00Z',
      observedAt: '2025-03-14T11:15:00Z',
      urgency: 'priority',
      raisedBy: { organisation: { partnerId: 'safe-harbour' } },
      subject: { subjectId: '0e7d6a3c-9f12-4b8e-8c55-3a9d2e6f1b04' },
      exploitationTypes: ['labour'],
      location: { precision: 'region', region: 'Westshire', country: 'GB' },
    };
    const typed: TypedBeaconEventData = { type: 'org.beacon.alert.raised.v1', data: alert };
    expect(registry.validate(typed.type, typed.data)).toEqual({ ok: true });
  });
});

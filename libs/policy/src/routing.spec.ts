import beaconDefaultV1 from '../../../config/policies/beacon-default.v1.json';
import { alertEvent } from '../fixtures/alert-raised-v2.fixture';
import { compilePolicy } from './policy-validator';
import type { Partner, RoutingFlow } from './policy.types';
import { routeEvent } from './routing';

const shippedResult = compilePolicy(beaconDefaultV1);
if (!shippedResult.ok) throw new Error(JSON.stringify(shippedResult.errors));
const ROUTING = shippedResult.policy.document.routing;

const PARTNERS: Partner[] = [
  { partnerId: 'metro-police', sector: 'law-enforcement', coverage: [{ country: 'GB', region: 'Midshire' }] },
  {
    partnerId: 'shire-police',
    sector: 'law-enforcement',
    coverage: [{ country: 'GB', region: 'Northshire' }],
  },
  { partnerId: 'st-mary-hospital', sector: 'health-care', coverage: [{ country: 'GB', region: 'Midshire' }] },
  { partnerId: 'safe-harbour', sector: 'ngo' },
  { partnerId: 'northside-school', sector: 'education', coverage: [{ country: 'GB', region: 'Midshire' }] },
  {
    partnerId: 'county-social-services',
    sector: 'social-services',
    coverage: [{ country: 'GB', region: 'midshire' }],
  },
];

const ids = (result: ReturnType<typeof routeEvent>): string[] => result.recipients.map((r) => r.partnerId);

function referralCreated(from: string, to: string) {
  return {
    type: 'org.beacon.referral.created.v1',
    source: `urn:beacon:partner:${from}`,
    data: { from: { organisation: { partnerId: from } }, to: { organisation: { partnerId: to } } },
  };
}

describe('routeEvent: referrals', () => {
  it('given a referral, when routing, then it goes to the partner it is addressed to and nowhere else', () => {
    // when
    const result = routeEvent(referralCreated('safe-harbour', 'st-mary-hospital'), ROUTING, PARTNERS);

    // then
    expect(result).toEqual({
      flowId: 'referral-created',
      recipients: [
        {
          partnerId: 'st-mary-hospital',
          sector: 'health-care',
          purpose: 'care-coordination',
          via: { kind: 'addressed', flowId: 'referral-created', role: 'receiver' },
        },
      ],
      skipped: [],
    });
  });

  it('given a referral addressed to an unknown partner, when routing, then nobody receives it and the skip is reported', () => {
    // when
    const result = routeEvent(referralCreated('safe-harbour', 'ghost-org'), ROUTING, PARTNERS);

    // then
    expect(result.recipients).toEqual([]);
    expect(result.skipped).toEqual([{ partnerId: 'ghost-org', why: 'unknown-partner', role: 'receiver' }]);
  });

  it('given a referral a partner addresses to itself, when routing, then it is not sent back to the source', () => {
    // when
    const result = routeEvent(referralCreated('safe-harbour', 'safe-harbour'), ROUTING, PARTNERS);

    // then
    expect(result.recipients).toEqual([]);
    expect(result.skipped).toEqual([{ partnerId: 'safe-harbour', why: 'is-source', role: 'receiver' }]);
  });

  it('given a status change by the receiver, when routing, then it goes back to the originator only', () => {
    // given
    const event = {
      type: 'org.beacon.referral.status-changed.v1',
      data: {
        actor: { organisation: { partnerId: 'st-mary-hospital' } },
        referringOrganisation: { partnerId: 'safe-harbour' },
        receivingOrganisation: { partnerId: 'st-mary-hospital' },
      },
    };

    // when
    const result = routeEvent(event, ROUTING, PARTNERS);

    // then
    expect(ids(result)).toEqual(['safe-harbour']);
    expect(result.skipped).toEqual([{ partnerId: 'st-mary-hospital', why: 'is-source', role: 'receiver' }]);
  });

  it('given a v1 status change by Beacon that names no parties, when the referral service passes them, then both parties receive it', () => {
    // given
    const event = {
      type: 'org.beacon.referral.status-changed.v1',
      source: 'urn:beacon:system:referrals',
      data: { toStatus: 'delivered', actor: { organisation: { partnerId: 'beacon' } } },
    };

    // when
    const result = routeEvent(event, ROUTING, PARTNERS, {
      knownParties: { originator: 'safe-harbour', receiver: 'st-mary-hospital' },
    });

    // then
    expect(ids(result)).toEqual(['safe-harbour', 'st-mary-hospital']);
  });
});

describe('routeEvent: alerts', () => {
  it('given an urgent alert about an adult in Midshire from a hospital, when routing, then police and NGOs there receive it, not the source, a school or another force', () => {
    // when
    const result = routeEvent(alertEvent(), ROUTING, PARTNERS);

    // then
    expect(result.recipients.map((r) => [r.partnerId, r.purpose, r.via])).toEqual([
      [
        'metro-police',
        'investigation',
        { kind: 'broadcast-rule', flowId: 'alerts', ruleId: 'police-in-area' },
      ],
      [
        'safe-harbour',
        'safety-planning',
        { kind: 'broadcast-rule', flowId: 'alerts', ruleId: 'support-to-ngos' },
      ],
    ]);
    expect(result.skipped).toEqual([
      { partnerId: 'st-mary-hospital', why: 'is-source', role: 'urgent-to-health-care' },
    ]);
  });

  it('given an alert about a child, when routing, then social services covering the area receive it (region compared case-insensitively)', () => {
    // given
    const event = alertEvent();
    const data = event.data as { subject: { ageGroup: string } };
    data.subject.ageGroup = 'child';

    // when
    const result = routeEvent(event, ROUTING, PARTNERS);

    // then
    expect(ids(result)).toContain('county-social-services');
    expect(ids(result)).not.toContain('northside-school');
  });

  it('given a routine alert, when routing, then hospitals do not receive it', () => {
    // given
    const event = alertEvent();
    (event.data as { urgency: string }).urgency = 'routine';

    // when
    const result = routeEvent({ ...event, source: 'urn:beacon:partner:metro-police' }, ROUTING, PARTNERS);

    // then
    expect(ids(result)).not.toContain('st-mary-hospital');
  });

  it('given an alert whose exploitation type no NGO rule names, when routing, then NGOs do not receive it', () => {
    // given
    const event = alertEvent();
    (event.data as { exploitationTypes: string[] }).exploitationTypes = ['organ-removal'];

    // when
    const result = routeEvent(event, ROUTING, PARTNERS);

    // then
    expect(ids(result)).toEqual(['metro-police']);
  });

  it('given an alert that does not say where, when routing, then partners with a coverage area do not receive it', () => {
    // given
    const event = alertEvent();
    delete (event.data as { location?: unknown }).location;

    // when
    const result = routeEvent(event, ROUTING, PARTNERS);

    // then
    expect(ids(result)).toEqual(['safe-harbour']);
  });

  it('given an event type no flow names, when routing, then it goes nowhere', () => {
    expect(routeEvent({ type: 'org.beacon.consent.granted.v1', data: {} }, ROUTING, PARTNERS)).toEqual({
      flowId: null,
      recipients: [],
      skipped: [],
    });
  });
});

describe('routeEvent: configurable paths and rules', () => {
  const flows: RoutingFlow[] = [
    {
      kind: 'addressed',
      id: 'referrals',
      eventTypes: ['org.example.referral.*.v*'],
      sourcePath: '/sender',
      recipients: [{ role: 'receiver', path: '/receivingOrganisation/partnerId' }],
      purpose: 'care-coordination',
      includeSource: true,
    },
    {
      kind: 'broadcast',
      id: 'named',
      eventTypes: ['org.example.alert'],
      sourcePath: '/sender',
      facets: { kind: '/kind' },
      rules: [
        {
          id: 'one-partner',
          to: { partners: ['safe-harbour'] },
          when: { kind: { anyOf: ['x'] } },
          purpose: 'research',
        },
        {
          id: 'source-too',
          to: { sectors: ['law-enforcement'] },
          purpose: 'investigation',
          includeSource: true,
        },
      ],
    },
  ];

  it('given a flow that reads the receiver from another path and includes the source, when routing, then both settings apply', () => {
    // when
    const result = routeEvent(
      {
        type: 'org.example.referral.created.v3',
        data: { sender: 'safe-harbour', receivingOrganisation: { partnerId: 'safe-harbour' } },
      },
      flows,
      PARTNERS,
    );

    // then
    expect(ids(result)).toEqual(['safe-harbour']);
  });

  it('given rules naming a partner and a sector with includeSource, when routing, then each selects as configured', () => {
    // when
    const result = routeEvent(
      { type: 'org.example.alert', data: { sender: 'metro-police', kind: ['x', 'y'] } },
      flows,
      PARTNERS,
    );

    // then
    expect(result.recipients.map((r) => [r.partnerId, r.purpose])).toEqual([
      ['metro-police', 'investigation'],
      ['shire-police', 'investigation'],
      ['safe-harbour', 'research'],
    ]);
  });
});

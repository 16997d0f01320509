import { loadPartners as shippedPartners } from '../../scripts/provision';
import { EventFactory, loadPartners } from './events';
import { ExpectedRouting } from './routing';

describe('the simulated partners and their events', () => {
  const partners = loadPartners(7, shippedPartners());

  it('given 7 partners, then the shipped five come first and the rest add sectors in turn', () => {
    expect(partners.map((p) => p.id)).toEqual([
      'metro-police',
      'st-mary-hospital',
      'safe-harbour',
      'northside-school',
      'county-social-services',
      'law-enforcement-2',
      'health-care-2',
    ]);
  });

  it('given every partner and every example type, then intake would admit each generated event', () => {
    const factory = new EventFactory(partners);
    const refused: string[] = [];
    for (let n = 0; n < partners.length * 40; n += 1) refused.push(...factory.refusals(n));
    expect(refused).toEqual([]);
  });

  it('given the shipped policy, then most events have recipients and none goes back to its sender', () => {
    const factory = new EventFactory(partners);
    const routing = new ExpectedRouting(partners);
    let routed = 0;
    for (let n = 0; n < 200; n += 1) {
      const { partnerId, event } = factory.make(n);
      const recipients = routing.recipients(event);
      expect(recipients).not.toContain(partnerId);
      if (recipients.length > 0) routed += 1;
    }
    expect(routed).toBeGreaterThan(150);
  });

  it('given fewer than two partners, then it says what is wrong', () => {
    expect(() => loadPartners(1, shippedPartners())).toThrow('--partners must be an integer ≥ 2, got 1');
  });
});

/**
 * A year of fictional, generated activity across the demo areas, for the
 * insights dashboard to show something meaningful: alerts and tips with a
 * seasonal pattern, two planted hot spots, and referrals, of which those in
 * one area are mostly declined for lack of capacity. Every person, place and
 * organisation in it is made up; the same seed gives the same year.
 *
 * It only plans: each event names the partner whose inbound topic it goes to
 * (as intake requires), and each referral the answer its receiver will give
 * (accept, or decline with a reason), which a case worker of that partner
 * gives through the gateway once the referral has arrived.
 */
import { loadExamples, SchemaRegistry, withOriginator } from '@beacon/contracts';
import { partnerSource, type CloudEvent, type PartnerSector } from '@beacon/messaging';

/** A demo locality: its region and a centre point (fictional places, placed in England). */
export interface DemoArea {
  readonly region: string;
  readonly locality: string;
  readonly latitude: number;
  readonly longitude: number;
}

export const DEMO_AREAS: readonly DemoArea[] = [
  { region: 'Westshire', locality: 'Eastbrook', latitude: 51.455, longitude: -2.588 },
  { region: 'Westshire', locality: 'Kingsbridge', latitude: 51.478, longitude: -2.521 },
  { region: 'Westshire', locality: 'Harbourside', latitude: 51.431, longitude: -2.651 },
  { region: 'Midshire', locality: 'Millgate', latitude: 52.481, longitude: -1.89 },
  { region: 'Midshire', locality: 'Copperhill', latitude: 52.512, longitude: -1.846 },
  { region: 'Midshire', locality: 'Ashford Green', latitude: 52.452, longitude: -1.941 },
  { region: 'Southshire', locality: 'Portmere', latitude: 50.805, longitude: -1.087 },
  { region: 'Southshire', locality: 'Saltash Bay', latitude: 50.832, longitude: -1.021 },
  { region: 'Southshire', locality: 'Downley', latitude: 50.861, longitude: -1.142 },
  { region: 'Eastshire', locality: 'Fenwick', latitude: 52.628, longitude: 1.297 },
  { region: 'Eastshire', locality: 'Marshend', latitude: 52.664, longitude: 1.361 },
  { region: 'Eastshire', locality: 'Oakridge', latitude: 52.594, longitude: 1.229 },
];

/** What is planted in the year, so tests and the docs can name it. */
export const DEMO_PLANTED = {
  /** A cluster of labour exploitation around Millgate and its neighbours. */
  labourHotSpot: { region: 'Midshire', locality: 'Millgate' },
  /** Sexual exploitation concentrated in Portmere. */
  sexualHotSpot: { region: 'Southshire', locality: 'Portmere' },
  /** Where the shelter has no beds: its referrals there are mostly declined for lack of capacity. */
  capacityShortage: { region: 'Eastshire' },
} as const;

export interface DemoPartner {
  readonly id: string;
  readonly sector: PartnerSector;
  readonly name: string;
}

export interface PlannedEvent {
  readonly partnerId: string;
  readonly event: CloudEvent<Record<string, unknown>>;
}

/** The answer a referral's receiver gives once it has arrived. */
export interface PlannedAnswer {
  readonly referralId: string;
  readonly receiverId: string;
  readonly action: 'accept' | 'decline';
  readonly reasonCode?: 'lack-of-capacity' | 'not-eligible' | 'client-refused-services';
  readonly region: string;
}

export interface DemoYear {
  readonly events: readonly PlannedEvent[];
  readonly answers: readonly PlannedAnswer[];
}

/** mulberry32: a small seeded generator, so a seed gives the same year everywhere. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A version 4 UUID from the generator (random in form, reproducible in fact). */
function uuid(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** A Poisson draw (Knuth), for the number of events of a week. */
function poisson(next: () => number, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = next();
  while (p > limit) {
    k += 1;
    p *= next();
  }
  return k;
}

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T;
}

const GIVEN = [
  'Ana',
  'Bogdan',
  'Chen',
  'Dara',
  'Emeka',
  'Farah',
  'Goran',
  'Hana',
  'Ivan',
  'Jun',
  'Kofi',
  'Lena',
];
const FAMILY = ['Novak', 'Okoro', 'Petrov', 'Quinn', 'Rossi', 'Sato', 'Tanaka', 'Usman', 'Varga', 'Wong'];

/** The weekly rate of alerts in an area, by exploitation type, before the season. */
function alertRates(
  area: DemoArea,
): Record<'labour' | 'sexual' | 'domestic-servitude' | 'forced-criminality', number> {
  const base = { labour: 0.5, sexual: 0.35, 'domestic-servitude': 0.12, 'forced-criminality': 0.12 };
  if (area.locality === DEMO_PLANTED.labourHotSpot.locality) return { ...base, labour: 3.2 };
  // Millgate's neighbours share some of its cluster, which is what makes it a hot spot and not one busy place.
  if (area.region === DEMO_PLANTED.labourHotSpot.region) return { ...base, labour: 1.6 };
  if (area.locality === DEMO_PLANTED.sexualHotSpot.locality) return { ...base, sexual: 2.6 };
  if (area.region === DEMO_PLANTED.sexualHotSpot.region) return { ...base, sexual: 1.1 };
  return base;
}

/** Labour peaks with the harvest and construction seasons (summer); sexual exploitation less so. */
function season(type: string, week: number): number {
  const wave = Math.sin((2 * Math.PI * (week - 14)) / 52);
  return type === 'labour' ? 1 + 0.45 * wave : 1 + 0.15 * wave;
}

const NEEDS: Record<string, readonly string[]> = {
  labour: ['shelter', 'legal', 'interpretation', 'employment-support'],
  sexual: ['shelter', 'counselling', 'medical', 'safety-planning'],
  'domestic-servitude': ['shelter', 'immigration-advice', 'counselling'],
  'forced-criminality': ['legal', 'safety-planning', 'counselling'],
};

/**
 * Plans `weeks` weeks of activity from the Monday on or before `start`,
 * as the demo partners send it.
 */
export function demoYear(options: {
  seed: number;
  start: Date;
  weeks?: number;
  partners: readonly DemoPartner[];
}): DemoYear {
  const next = random(options.seed);
  const weeks = options.weeks ?? 52;
  const registry = SchemaRegistry.load();
  const examples = loadExamples();
  const template = (type: string, name: string) => {
    const found = examples.find((e) => e.type === type && e.name === name);
    if (!found) throw new Error(`the example ${type}/${name} is missing from schemas/examples`);
    return found.payload as Record<string, unknown>;
  };
  const alertTemplate = template('org.beacon.alert.raised.v2', 'forced-criminality-cannabis-farm');
  const tipTemplate = template('org.beacon.tip.submitted.v1', 'anonymous-hotline-call-nail-salon');
  const referralTemplate = template(
    'org.beacon.referral.created.v1',
    'shelter-and-legal-advice-for-car-wash-worker',
  );
  const bySector = (sector: PartnerSector) => options.partners.find((p) => p.sector === sector);
  const police = bySector('law-enforcement');
  const shelter = bySector('ngo');
  if (!police || !shelter) throw new Error('the demo year needs a law-enforcement and an NGO partner');
  const raisers = options.partners.filter((p) => p.sector !== 'education');
  const school = bySector('education');

  const monday = new Date(
    Date.UTC(options.start.getUTCFullYear(), options.start.getUTCMonth(), options.start.getUTCDate()),
  );
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() || 7) - 1));

  const events: PlannedEvent[] = [];
  const answers: PlannedAnswer[] = [];
  const recent = new Map<string, string[]>();
  const envelope = (
    partner: DemoPartner,
    type: string,
    subject: string,
    at: Date,
    data: Record<string, unknown>,
  ) =>
    ({
      partnerId: partner.id,
      event: {
        id: uuid(next),
        source: partnerSource(partner.id),
        type,
        specversion: '1.0',
        time: at.toISOString(),
        subject,
        datacontenttype: 'application/json',
        dataschema: registry.dataschemaFor(type),
        correlationid: uuid(next),
        data,
      },
    }) satisfies PlannedEvent;

  for (let week = 0; week < weeks; week += 1) {
    for (const area of DEMO_AREAS) {
      const place = (jitter: number) => ({
        precision: 'point',
        latitude: Number((area.latitude + (next() - 0.5) * jitter).toFixed(5)),
        longitude: Number((area.longitude + (next() - 0.5) * jitter).toFixed(5)),
        placeType: 'residence',
        locality: area.locality,
        region: area.region,
        country: 'GB',
      });
      const at = () => new Date(monday.getTime() + (week * 7 + next() * 7) * 86_400_000);
      for (const [type, rate] of Object.entries(alertRates(area))) {
        const count = poisson(next, rate * season(type, week));
        for (let i = 0; i < count; i += 1) {
          // About a third of alerts are about someone already seen in the area: distinct people < alerts.
          const seen = recent.get(area.locality) ?? [];
          const subjectId = seen.length > 0 && next() < 0.3 ? pick(next, seen) : uuid(next);
          recent.set(area.locality, [...seen.slice(-20), subjectId]);
          const observed = at();
          const raiser =
            school && area.locality === 'Eastbrook' && next() < 0.25 ? school : pick(next, raisers);
          const child = next() < (type === 'sexual' ? 0.3 : 0.15);
          const data = withOriginator(
            'org.beacon.alert.raised.v2',
            structuredClone(alertTemplate),
            raiser.id,
          );
          Object.assign(data, {
            alertId: uuid(next),
            observedAt: observed.toISOString(),
            raisedAt: new Date(observed.getTime() + 3_600_000 * (1 + next() * 20)).toISOString(),
            urgency: pick(next, ['routine', 'priority', 'priority', 'urgent', 'emergency']),
            exploitationTypes:
              next() < 0.15 && type !== 'forced-criminality' ? [type, 'forced-criminality'] : [type],
            location: place(0.03),
            relatedAlertIds: [],
          });
          data.raisedBy = {
            organisation: { partnerId: raiser.id, name: raiser.name, sector: raiser.sector },
          };
          data.subject = {
            subjectId,
            givenName: pick(next, GIVEN),
            familyName: pick(next, FAMILY),
            ageGroup: child ? 'child' : 'adult',
            gender: pick(next, ['female', 'male', 'female', 'non-binary']),
          };
          delete data.vehicles;
          delete data.policeReference;
          data.narrative = `Fictional demo alert: possible ${type} exploitation seen in ${area.locality}.`;
          const alert = envelope(raiser, 'org.beacon.alert.raised.v2', subjectId, observed, data);
          events.push(alert);

          // Four alerts in ten lead to a referral to a partner of another sector.
          if (next() < 0.4) {
            const to = raiser.sector === 'ngo' ? police : shelter;
            const referralId = uuid(next);
            const referral = withOriginator(
              'org.beacon.referral.created.v1',
              structuredClone(referralTemplate),
              raiser.id,
            );
            const created = new Date(observed.getTime() + 86_400_000 * (0.2 + next()));
            Object.assign(referral, {
              referralId,
              createdAt: created.toISOString(),
              alertId: data.alertId,
              urgency: data.urgency,
              exploitationTypes: data.exploitationTypes,
              needs: (NEEDS[type] ?? ['shelter']).filter(() => next() < 0.6).map((t) => ({ type: t })),
            });
            if ((referral.needs as unknown[]).length === 0) referral.needs = [{ type: 'shelter' }];
            referral.from = {
              organisation: { partnerId: raiser.id, name: raiser.name, sector: raiser.sector },
              caseWorker: {
                workerId: `${raiser.id}-demo-${1 + Math.floor(next() * 6)}`,
                name: 'Demo case worker',
              },
            };
            referral.to = { organisation: { partnerId: to.id, name: to.name, sector: to.sector } };
            referral.subject = { ...(data.subject as object) };
            delete referral.narrative;
            events.push(envelope(raiser, 'org.beacon.referral.created.v1', subjectId, created, referral));
            const shortage = area.region === DEMO_PLANTED.capacityShortage.region && to.id === shelter.id;
            const declined = shortage ? next() < 0.7 : next() < 0.12;
            answers.push({
              referralId,
              receiverId: to.id,
              action: declined ? 'decline' : 'accept',
              ...(declined
                ? {
                    reasonCode: shortage
                      ? 'lack-of-capacity'
                      : pick(next, ['not-eligible', 'client-refused-services'] as const),
                  }
                : {}),
              region: area.region,
            });
          }
        }
      }
      // Community tips, through the shelter's hotline.
      for (let i = poisson(next, 0.35); i > 0; i -= 1) {
        const observed = at();
        const subjectId = uuid(next);
        const tip = withOriginator('org.beacon.tip.submitted.v1', structuredClone(tipTemplate), shelter.id);
        Object.assign(tip, {
          tipId: uuid(next),
          subjectId,
          observedAt: observed.toISOString(),
          submittedAt: new Date(observed.getTime() + 3_600_000 * (2 + next() * 48)).toISOString(),
          exploitationTypes: [pick(next, ['labour', 'sexual', 'labour', 'domestic-servitude'])],
          location: place(0.04),
          narrative: `Fictional demo tip from ${area.locality}.`,
        });
        tip.receivedBy = { partnerId: shelter.id, name: shelter.name, sector: shelter.sector };
        events.push(envelope(shelter, 'org.beacon.tip.submitted.v1', subjectId, observed, tip));
      }
    }
  }
  events.sort((a, b) => (a.event.time as string).localeCompare(b.event.time as string));
  return { events, answers };
}

import { parsePointer, valueAt } from './json-pointer';
import type { AddressedFlow, Area, BroadcastFlow, Partner, RoutingFlow } from './policy.types';
import type { Purpose, Sector } from './vocabulary';

/** What routing reads of an event. */
export interface RoutableEvent {
  readonly type: string;
  /** The CloudEvents source; `urn:beacon:partner:<id>` names the sending partner. */
  readonly source?: string;
  readonly data: unknown;
}

/**
 * Facts routing cannot read from the event itself. A referral status change
 * (v1) names only the actor, so the referrals service passes the referral's
 * parties by role: `{ originator: 'safe-harbour', receiver: 'st-mary-hospital' }`.
 */
export interface RoutingContext {
  readonly knownParties?: Readonly<Record<string, string>>;
}

/** Why a partner receives the event. */
export type RouteBasis =
  | { readonly kind: 'addressed'; readonly flowId: string; readonly role: string }
  | { readonly kind: 'broadcast-rule'; readonly flowId: string; readonly ruleId: string };

/** A partner that receives the event, and the purpose it receives it for. */
export interface RoutedRecipient {
  readonly partnerId: string;
  readonly sector: Sector;
  readonly purpose: Purpose;
  readonly via: RouteBasis;
}

/** A partner the event named but that will not receive it. */
export interface SkippedRecipient {
  readonly partnerId: string;
  readonly why: 'unknown-partner' | 'is-source';
  readonly role: string;
}

/** The result of {@link routeEvent}. */
export interface RouteResult {
  /** The flow that routed the event, or null when none matches (then nobody receives it). */
  readonly flowId: string | null;
  readonly recipients: readonly RoutedRecipient[];
  readonly skipped: readonly SkippedRecipient[];
}

const PARTNER_URN = /^urn:beacon:partner:([a-z0-9][a-z0-9-]{1,62})$/;

function typeMatches(pattern: string, type: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^.]*')}$`);
  return regex.test(type);
}

function stringAt(data: unknown, pointer: string | undefined): string | undefined {
  if (pointer === undefined) return undefined;
  const tokens = parsePointer(pointer);
  if (tokens === undefined) return undefined;
  const value = valueAt(data, tokens);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A facet's values: a string, or the strings of an array. */
function facetValues(data: unknown, pointer: string | undefined): string[] {
  if (pointer === undefined) return [];
  const tokens = parsePointer(pointer);
  if (tokens === undefined) return [];
  const value = valueAt(data, tokens);
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

/** Every partner the event came from: by its CloudEvents source and by the flow's source path. */
function sourcesOf(event: RoutableEvent, sourcePath: string | undefined): Set<string> {
  const sources = new Set<string>();
  const urn = event.source === undefined ? null : PARTNER_URN.exec(event.source);
  if (urn !== null && urn[1] !== undefined) sources.add(urn[1]);
  const fromData = stringAt(event.data, sourcePath);
  if (fromData !== undefined) sources.add(fromData);
  return sources;
}

function same(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
}

/**
 * Whether a partner serves the place an event names. A partner without
 * coverage serves everywhere. An area matches when the event gives every
 * field the area names and they agree; an event that does not say where it
 * happened matches only partners that serve everywhere.
 */
function covers(partner: Partner, place: { country?: string; region?: string; locality?: string }): boolean {
  if (partner.coverage === undefined) return true;
  return partner.coverage.some(
    (area: Area) =>
      place.country !== undefined &&
      same(area.country, place.country) &&
      (area.region === undefined || (place.region !== undefined && same(area.region, place.region))) &&
      (area.locality === undefined || (place.locality !== undefined && same(area.locality, place.locality))),
  );
}

function routeAddressed(
  flow: AddressedFlow,
  event: RoutableEvent,
  partners: ReadonlyMap<string, Partner>,
  context: RoutingContext,
): RouteResult {
  const sources = sourcesOf(event, flow.sourcePath);
  const recipients: RoutedRecipient[] = [];
  const skipped: SkippedRecipient[] = [];
  const seen = new Set<string>();
  for (const { role, path } of flow.recipients) {
    const partnerId = stringAt(event.data, path) ?? context.knownParties?.[role];
    if (partnerId === undefined || seen.has(partnerId)) continue;
    seen.add(partnerId);
    const partner = partners.get(partnerId);
    if (partner === undefined) {
      skipped.push({ partnerId, why: 'unknown-partner', role });
    } else if (sources.has(partnerId) && flow.includeSource !== true) {
      skipped.push({ partnerId, why: 'is-source', role });
    } else {
      recipients.push({
        partnerId,
        sector: partner.sector,
        purpose: flow.purpose,
        via: { kind: 'addressed', flowId: flow.id, role },
      });
    }
  }
  return { flowId: flow.id, recipients, skipped };
}

function routeBroadcast(
  flow: BroadcastFlow,
  event: RoutableEvent,
  partners: ReadonlyMap<string, Partner>,
): RouteResult {
  const sources = sourcesOf(event, flow.sourcePath);
  const facet = (name: string): string[] => facetValues(event.data, flow.facets[name]);
  const place = {
    country: facet('country')[0],
    region: facet('region')[0],
    locality: facet('locality')[0],
  };
  const recipients: RoutedRecipient[] = [];
  const skipped: SkippedRecipient[] = [];
  for (const partner of partners.values()) {
    // The first rule that selects a partner gives the purpose; rules are ordered.
    for (const rule of flow.rules) {
      const addressed =
        (rule.to.sectors?.includes(partner.sector) ?? false) ||
        (rule.to.partners?.includes(partner.partnerId) ?? false);
      if (!addressed) continue;
      const conditionsHold = Object.entries(rule.when ?? {}).every(([name, condition]) =>
        facet(name).some((value) => condition.anyOf.includes(value)),
      );
      if (!conditionsHold) continue;
      if (rule.withinCoverage === true && !covers(partner, place)) continue;
      if (sources.has(partner.partnerId) && rule.includeSource !== true) {
        skipped.push({ partnerId: partner.partnerId, why: 'is-source', role: rule.id });
        break;
      }
      recipients.push({
        partnerId: partner.partnerId,
        sector: partner.sector,
        purpose: rule.purpose,
        via: { kind: 'broadcast-rule', flowId: flow.id, ruleId: rule.id },
      });
      break;
    }
  }
  return { flowId: flow.id, recipients, skipped };
}

/**
 * Chooses the partners an event goes to, and the purpose each receives it
 * for. The first flow whose `eventTypes` match the event decides; an event
 * no flow matches goes nowhere (routing, too, is default deny).
 *
 * - `addressed` flows deliver to the partners the event names at the
 *   configured paths (a referral's receiver; a status change's originator
 *   and receiver, from `context.knownParties` when the event does not say).
 * - `broadcast` flows deliver to every partner that a rule selects by
 *   sector or id, by facets of the event (exploitation type, urgency, age
 *   group, …) and, when asked, by the partner's coverage of the event's area.
 *
 * Never back to the partner that sent the event, unless the flow or rule
 * says `includeSource`. What each recipient may see is for {@link decide}.
 */
export function routeEvent(
  event: RoutableEvent,
  routing: readonly RoutingFlow[],
  partners: readonly Partner[],
  context: RoutingContext = {},
): RouteResult {
  const flow = routing.find((candidate) =>
    candidate.eventTypes.some((pattern) => typeMatches(pattern, event.type)),
  );
  if (flow === undefined) return { flowId: null, recipients: [], skipped: [] };
  const byId = new Map(partners.map((partner) => [partner.partnerId, partner] as const));
  switch (flow.kind) {
    case 'addressed':
      return routeAddressed(flow, event, byId, context);
    case 'broadcast':
      return routeBroadcast(flow, event, byId);
    default: {
      const unreachable: never = flow;
      throw new TypeError(`unknown routing flow ${JSON.stringify(unreachable)}`);
    }
  }
}

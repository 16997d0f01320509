import type { AccessRecordedV1Data } from '@beacon/contracts';

export type AccessAction = AccessRecordedV1Data['action'];
export type AccessResourceType = AccessRecordedV1Data['resource']['type'];
export type HttpMethod = NonNullable<AccessRecordedV1Data['resource']['method']>;

/** A route of a protected area whose action, ids and subjects are known. */
export interface ProtectedRoute {
  readonly method: HttpMethod;
  /** Express-style template under the area's prefix, e.g. `/v1/subjects/:id/consents`. */
  readonly route: string;
  readonly action: AccessAction;
  /** Overrides the area's resource type. */
  readonly resource?: AccessResourceType;
  /** The path parameter that names the resource (`resource.id`). */
  readonly idParam?: string;
  /** The path parameter that names the subject whose data this is. */
  readonly subjectParam?: string;
  /** A top-level field of the JSON request body that names the subject. */
  readonly subjectBodyField?: string;
}

/** A path prefix whose every request, whatever its answer, gets an access record. */
export interface ProtectedArea {
  readonly prefix: string;
  readonly resource: AccessResourceType;
  readonly routes: readonly ProtectedRoute[];
}

/**
 * The one table of what the gateway records: every request under one of
 * these prefixes returns or changes personal data or the audit log, so it
 * gets an `org.beacon.access.recorded.v1` record — refused ones included
 * (no token, wrong role, no such resource, conflicts). A request under a
 * prefix that no route of the area describes is still recorded, with the
 * action its method implies (an unknown route answers 404 and is recorded as
 * a denied read).
 *
 * The areas of routes served by the referrals and audit apps (proxied) and
 * the inbox stream are here already, so they are recorded from the first
 * request; add a route row when a route's action or ids should be more
 * precise than the area's defaults.
 */
export const PROTECTED_AREAS: readonly ProtectedArea[] = [
  {
    prefix: '/v1/consents',
    resource: 'consent',
    routes: [
      { method: 'POST', route: '/v1/consents', action: 'create', subjectBodyField: 'subjectId' },
      { method: 'POST', route: '/v1/consents/:id/revoke', action: 'revoke', idParam: 'id' },
      { method: 'POST', route: '/v1/consents/:id/confirm', action: 'update', idParam: 'id' },
      // Before `/v1/consents/:id`, which would read `flagged` as an id.
      { method: 'GET', route: '/v1/consents/flagged', action: 'search' },
      { method: 'GET', route: '/v1/consents/:id', action: 'read', idParam: 'id' },
    ],
  },
  {
    prefix: '/v1/subjects',
    resource: 'subject',
    routes: [
      {
        method: 'GET',
        route: '/v1/subjects/:id/consents',
        action: 'list',
        resource: 'consent',
        subjectParam: 'id',
      },
    ],
  },
  {
    prefix: '/v1/break-glass',
    resource: 'break-glass',
    routes: [
      { method: 'POST', route: '/v1/break-glass', action: 'break-glass', subjectBodyField: 'subjectId' },
    ],
  },
  {
    prefix: '/v1/explain',
    resource: 'explanation',
    routes: [
      { method: 'GET', route: '/v1/explain', action: 'explain' },
      { method: 'POST', route: '/v1/explain', action: 'explain' },
    ],
  },
  {
    prefix: '/v1/inbox',
    resource: 'inbox',
    routes: [
      { method: 'GET', route: '/v1/inbox', action: 'list' },
      { method: 'GET', route: '/v1/inbox/stream', action: 'stream-open' },
    ],
  },
  {
    prefix: '/v1/retractions',
    resource: 'inbox',
    routes: [
      { method: 'GET', route: '/v1/retractions', action: 'search' },
      { method: 'POST', route: '/v1/retractions/:id/confirm', action: 'update', idParam: 'id' },
    ],
  },
  {
    prefix: '/v1/referrals',
    resource: 'referral',
    routes: [
      { method: 'GET', route: '/v1/referrals', action: 'list' },
      { method: 'GET', route: '/v1/referrals/:id', action: 'read', idParam: 'id' },
      { method: 'POST', route: '/v1/referrals/:id/:action', action: 'update', idParam: 'id' },
    ],
  },
  {
    prefix: '/v1/audit',
    resource: 'audit-record',
    routes: [
      { method: 'GET', route: '/v1/audit/export', action: 'export', resource: 'audit-export' },
      { method: 'GET', route: '/v1/audit/verify', action: 'verify' },
      { method: 'GET', route: '/v1/audit/records', action: 'search' },
      { method: 'GET', route: '/v1/audit/records/export', action: 'export', resource: 'audit-export' },
      { method: 'GET', route: '/v1/audit/who-could-see', action: 'search' },
      { method: 'GET', route: '/v1/audit/records/:id', action: 'read', idParam: 'id' },
    ],
  },
];

/** What the access log knows of a request before it is answered. */
export interface AccessTarget {
  readonly method: HttpMethod;
  /** The matched route template, or the area's prefix followed by `/*` when no route matched. */
  readonly route: string;
  readonly path: string;
  readonly action: AccessAction;
  readonly resource: AccessResourceType;
  readonly resourceId?: string;
  readonly subjectFromPath?: string;
  readonly subjectBodyField?: string;
}

const METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);

function defaultAction(method: HttpMethod): AccessAction {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return 'read';
    case 'POST':
      return 'create';
    case 'PUT':
    case 'PATCH':
    case 'DELETE':
      return 'update';
    default: {
      const unexpected: never = method;
      throw new Error(`unexpected method ${String(unexpected)}`);
    }
  }
}

/** The path as routing sees it: no query, no trailing slash, lower case (Express routes ignore case). */
function routingPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return trimmed.toLowerCase();
}

function underPrefix(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

function matchRoute(route: string, path: string, rawPath: string): Record<string, string> | undefined {
  const wanted = route.split('/');
  const got = path.split('/');
  const raw = rawPath.split('/');
  if (wanted.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < wanted.length; i += 1) {
    const segment = wanted[i] as string;
    if (segment.startsWith(':')) {
      if ((got[i] ?? '') === '') return undefined;
      params[segment.slice(1)] = safeDecode(raw[i] ?? '');
    } else if (segment !== got[i]) return undefined;
  }
  return params;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Whether a request must be recorded, and what it is: `undefined` for a
 * request outside every protected area. Methods other than the usual six
 * (OPTIONS, TRACE…) under a protected prefix are recorded as reads.
 */
export function accessTargetOf(
  method: string,
  url: string,
  areas: readonly ProtectedArea[] = PROTECTED_AREAS,
): AccessTarget | undefined {
  const path = routingPath(url);
  const area = areas.find((candidate) => underPrefix(path, candidate.prefix));
  if (area === undefined) return undefined;
  const upper = method.toUpperCase();
  const known: HttpMethod = METHODS.has(upper) ? (upper as HttpMethod) : 'GET';
  const rawPath = (url.split('?')[0] ?? '').replace(/\/+$/, '') || '/';
  for (const route of area.routes) {
    if (route.method !== known && !(known === 'HEAD' && route.method === 'GET')) continue;
    const params = matchRoute(route.route, path, rawPath);
    if (params === undefined) continue;
    return {
      method: known,
      route: route.route,
      path: rawPath,
      action: route.action,
      resource: route.resource ?? area.resource,
      ...(route.idParam && params[route.idParam] ? { resourceId: params[route.idParam] } : {}),
      ...(route.subjectParam && params[route.subjectParam]
        ? { subjectFromPath: params[route.subjectParam] }
        : {}),
      ...(route.subjectBodyField ? { subjectBodyField: route.subjectBodyField } : {}),
    };
  }
  return {
    method: known,
    route: `${area.prefix}/*`,
    path: rawPath,
    action: defaultAction(known),
    resource: area.resource,
  };
}

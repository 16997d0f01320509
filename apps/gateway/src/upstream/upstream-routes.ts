/*
 * Which of the gateway's paths belong to another Beacon service. The
 * gateway is Beacon's single HTTP face: it verifies the token, then hands
 * these requests on unchanged. Pure: the table and the matching, no I/O.
 */

/** A service behind the gateway, named by the setting that holds its base URL. */
export type UpstreamService = 'referrals' | 'audit';

export interface UpstreamRoute {
  /** The path, without a trailing slash. */
  readonly path: string;
  /** `exact`: that path only; `subtree`: the path and everything below it; `below`: only what is below it. */
  readonly match: 'exact' | 'subtree' | 'below';
  readonly service: UpstreamService;
}

/** The route table; add a line to put another service's API behind the gateway. */
export const UPSTREAM_ROUTES: readonly UpstreamRoute[] = [
  { path: '/v1/referrals', match: 'subtree', service: 'referrals' },
  { path: '/v1/audit', match: 'below', service: 'audit' },
  { path: '/v1/explain', match: 'exact', service: 'audit' },
];

/** The route patterns Nest registers for a route (Express 5 syntax: `*rest` is a named wildcard). */
export function routePatterns(route: UpstreamRoute): string[] {
  const path = route.path.slice(1);
  switch (route.match) {
    case 'exact':
      return [path];
    case 'below':
      return [`${path}/*rest`];
    case 'subtree':
      return [path, `${path}/*rest`];
    default: {
      const unknown: never = route.match;
      throw new Error(`unknown match ${String(unknown)}`);
    }
  }
}

/** Every pattern of the table, for the proxy controller. */
export const UPSTREAM_PATTERNS: readonly string[] = UPSTREAM_ROUTES.flatMap(routePatterns);

export type UpstreamMatch =
  | { readonly kind: 'forward'; readonly service: UpstreamService; readonly target: URL }
  /** The path spells a different path once `.`/`..` segments are resolved: refused, never forwarded. */
  | { readonly kind: 'unsafe-path' }
  | { readonly kind: 'no-route' };

/**
 * Where a request for `originalUrl` (path and query, as received) goes.
 * A path with dot segments, empty segments or encoded slashes is refused,
 * so that no request can leave its route's subtree on the upstream side.
 */
export function matchUpstream(
  originalUrl: string,
  baseUrls: Readonly<Record<UpstreamService, string>>,
): UpstreamMatch {
  const queryAt = originalUrl.indexOf('?');
  const path = queryAt === -1 ? originalUrl : originalUrl.slice(0, queryAt);
  const query = queryAt === -1 ? '' : originalUrl.slice(queryAt);
  let normalised: string;
  try {
    normalised = new URL(path, 'http://127.0.0.1').pathname;
  } catch {
    return { kind: 'unsafe-path' };
  }
  if (normalised !== path || path.includes('//') || /%2f|%5c|\\/i.test(path)) return { kind: 'unsafe-path' };
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const route = UPSTREAM_ROUTES.find((candidate) => {
    const below = trimmed.toLowerCase().startsWith(`${candidate.path}/`);
    const exact = trimmed.toLowerCase() === candidate.path;
    return candidate.match === 'exact' ? exact : candidate.match === 'below' ? below : exact || below;
  });
  if (route === undefined) return { kind: 'no-route' };
  const base = new URL(baseUrls[route.service]);
  const basePath = base.pathname.endsWith('/') ? base.pathname.slice(0, -1) : base.pathname;
  const target = new URL(`${base.origin}${basePath}${path}${query}`);
  return { kind: 'forward', service: route.service, target };
}

/** Request headers passed on to the service; everything else (cookies, hop-by-hop headers) stays behind. */
export const FORWARDED_REQUEST_HEADERS = [
  'authorization',
  'content-type',
  'accept',
  'last-event-id',
  'x-request-id',
] as const;

/** Response headers passed back to the caller, besides every `x-beacon-*` header. */
export const RETURNED_RESPONSE_HEADERS = [
  'content-type',
  'content-disposition',
  'cache-control',
  'www-authenticate',
];

/** Whether a response header of the service goes back to the caller. */
export function isReturnedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return RETURNED_RESPONSE_HEADERS.includes(lower) || lower.startsWith('x-beacon-');
}

/** The `x-forwarded-for` to send: the one received (from a proxy in front), then the caller's address. */
export function forwardedFor(
  received: string | undefined,
  remoteAddress: string | undefined,
): string | undefined {
  const parts = [received?.trim(), remoteAddress].filter(
    (part): part is string => part !== undefined && part !== '',
  );
  return parts.length === 0 ? undefined : parts.join(', ');
}

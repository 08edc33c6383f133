const TEMPLATES: readonly [RegExp, string][] = [
  [/^\/v3\/merchants\/[^/]+\/(orders|payments|refunds)\/?$/, '/v3/merchants/{mId}/$1'],
  [/^\/v3\/merchants\/[^/]+\/(orders|payments|refunds)\/[^/]+\/?$/, '/v3/merchants/{mId}/$1/{id}'],
  [
    /^\/v3\/merchants\/[^/]+\/orders\/[^/]+\/line_items\/?$/,
    '/v3/merchants/{mId}/orders/{id}/line_items',
  ],
  [
    /^\/v3\/merchants\/[^/]+\/orders\/[^/]+\/line_items\/[^/]+\/?$/,
    '/v3/merchants/{mId}/orders/{id}/line_items/{lineItemId}',
  ],
  [/^\/v3\/merchants\/[^/]+\/exports\/?$/, '/v3/merchants/{mId}/exports'],
  [/^\/v3\/merchants\/[^/]+\/exports\/[^/]+\/?$/, '/v3/merchants/{mId}/exports/{id}'],
  [/^\/export-files\/[^/]+\/[^/]+$/, '/export-files/{secret}/{file}'],
  [/^\/_mock\/store\/[^/]+\/(orders|payments|refunds)\/?$/, '/_mock/store/{mId}/$1'],
  [/^\/_mock\/store\/[^/]+\/orders\/deleted\/?$/, '/_mock/store/{mId}/orders/deleted'],
  [/^\/_mock\/store\/[^/]+\/(orders|payments|refunds)\/[^/]+\/?$/, '/_mock/store/{mId}/$1/{id}'],
  [/^\/_mock\/(clock|reset|faults|counters)(\/(?:set|advance|freeze|resume))?\/?$/, '/_mock/$1$2'],
];

/**
 * The route template of a request path, for counters: ids and secrets replaced by placeholders,
 * anything unknown as `unmatched`.
 *
 * @example routeKey('GET', '/v3/merchants/M1/orders/ABC') // 'GET /v3/merchants/{mId}/orders/{id}'
 */
export function routeKey(method: string, path: string): string {
  for (const [pattern, template] of TEMPLATES) {
    if (pattern.test(path)) return `${method} ${path.replace(pattern, template)}`;
  }
  return `${method} unmatched`;
}

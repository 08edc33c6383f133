import { createHash, timingSafeEqual } from 'node:crypto';
import { RESOURCE_NAMES, type ResourceName } from '@cloverql/dsl';
import { Router as createRouter, type Request, type RequestHandler, type Router } from 'express';
import type { MockCore } from '../core/mock-core.js';
import { MockError } from '../errors/mock-error.js';
import { resolveFaults } from '../faults/fault-config.js';
import type { FaultOptions } from '../options/mock-options.js';
import { numberOption } from '../options/validate.js';
import { jsonBody } from './json-body.js';
import { param } from './request-info.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Checks `Authorization: Bearer <adminToken>` in constant time: both sides are hashed to equal
 * length first, so neither the length nor a common prefix of a guess shows in the timing.
 */
function adminAuth(adminToken: string): RequestHandler {
  const expected = digest(`Bearer ${adminToken}`);
  return (req, _res, next) => {
    if (!timingSafeEqual(digest(req.get('authorization') ?? ''), expected)) {
      throw new MockError('UNAUTHORIZED', '401 Unauthorized', { details: 'Admin token required' });
    }
    next();
  };
}

function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new MockError('INVALID_ARGUMENT', 'Expected a JSON object body');
  }
  return body as Record<string, unknown>;
}

/** An instant from a body: UTC ms or an ISO-8601 string. */
function instant(value: unknown): number {
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    if (Number.isNaN(ms))
      throw new MockError('INVALID_ARGUMENT', `Invalid time ${JSON.stringify(value)}`);
    return ms;
  }
  return numberOption('now', value, { fallback: Number.NaN, code: 'INVALID_ARGUMENT' });
}

/**
 * The admin API under `/_mock/`, only when `adminToken` is set, authorised by
 * `Authorization: Bearer <adminToken>`: the virtual clock, reset and re-seed, faults, request
 * counters, and the store (`/_mock/store/{mId}/{resource}`: list, insert, update, remove, and
 * `/_mock/store/{mId}/orders/deleted`). Never rate-limited or faulted.
 */
export function adminRoutes(core: MockCore, adminToken: string): Router {
  const router = createRouter({ caseSensitive: true });
  router.use(adminAuth(adminToken));
  router.use(...jsonBody(core.options.limits.maxBodyBytes));
  const { clock } = core;
  const clockState = () => ({
    now: clock.now(),
    iso: new Date(clock.now()).toISOString(),
    frozen: clock.frozen,
  });
  router.get('/clock', (_req, res) => {
    res.json(clockState());
  });
  router.post('/clock/set', (req, res) => {
    const body = bodyObject(req.body);
    if (body.now === undefined) throw new MockError('INVALID_ARGUMENT', 'Body needs "now"');
    clock.set(instant(body.now));
    res.json(clockState());
  });
  router.post('/clock/advance', (req, res) => {
    const ms = numberOption('ms', bodyObject(req.body).ms, {
      min: 0,
      fallback: Number.NaN,
      code: 'INVALID_ARGUMENT',
    });
    clock.advance(ms);
    res.json(clockState());
  });
  router.post('/clock/freeze', (_req, res) => {
    clock.freeze();
    res.json(clockState());
  });
  router.post('/clock/resume', (_req, res) => {
    clock.resume();
    res.json(clockState());
  });
  router.post('/reset', (req, res) => {
    const seed = bodyObject(req.body).seed;
    core.reset(
      seed === undefined
        ? undefined
        : numberOption('seed', seed, {
            integer: true,
            min: Number.MIN_SAFE_INTEGER,
            max: Number.MAX_SAFE_INTEGER,
            fallback: 0,
            code: 'INVALID_ARGUMENT',
          }),
    );
    res.json({
      seed: core.store.seed,
      merchants: core.store.merchantIds().map((id) => ({
        id,
        orders: core.store.count(id, 'orders'),
        payments: core.store.count(id, 'payments'),
        refunds: core.store.count(id, 'refunds'),
      })),
    });
  });
  const resourceOf = (req: Request): ResourceName => {
    const r = param(req, 'resource');
    if (!(RESOURCE_NAMES as readonly string[]).includes(r)) {
      throw new MockError('NOT_FOUND', 'Not Found', {
        details: `No resource ${JSON.stringify(r.slice(0, 40))}; use orders, payments or refunds`,
      });
    }
    return r as ResourceName;
  };
  router.get('/store/:mId/orders/deleted', (req, res) => {
    res.json({ elements: core.store.deleted(param(req, 'mId'), 'orders') });
  });
  router.get('/store/:mId/:resource', (req, res) => {
    res.json({ elements: core.store.records(param(req, 'mId'), resourceOf(req)) });
  });
  router.post('/store/:mId/:resource', (req, res) => {
    const record = core.store.insert(param(req, 'mId'), resourceOf(req), req.body ?? {});
    res.json(record);
  });
  router.patch('/store/:mId/:resource/:id', (req, res) => {
    const resource = resourceOf(req);
    res.json(core.store.update(param(req, 'mId'), resource, param(req, 'id'), req.body ?? {}));
  });
  router.delete('/store/:mId/:resource/:id', (req, res) => {
    const resource = resourceOf(req);
    res.json(core.store.remove(param(req, 'mId'), resource, param(req, 'id')));
  });
  router.get('/faults', (_req, res) => {
    res.json(core.faults.config);
  });
  router.put('/faults', (req, res) => {
    core.faults.set(resolveFaults(bodyObject(req.body) as FaultOptions, 'INVALID_ARGUMENT'));
    res.json(core.faults.config);
  });
  router.delete('/faults', (_req, res) => {
    core.faults.clear();
    res.json(core.faults.config);
  });
  router.get('/counters', (_req, res) => {
    res.json({
      ...core.counters.snapshot(),
      faults: core.faults.injected,
      inFlight: core.limiter.appConcurrency,
    });
  });
  router.delete('/counters', (_req, res) => {
    core.counters.reset();
    core.faults.resetCounts();
    res.json(core.counters.snapshot());
  });
  return router;
}

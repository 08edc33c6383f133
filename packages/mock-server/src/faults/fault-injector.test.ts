import { describe, expect, it } from 'vitest';
import { NO_FAULTS, resolveFaults } from './fault-config.js';
import { FaultInjector } from './fault-injector.js';

const run = (f: FaultInjector, n: number) => Array.from({ length: n }, () => f.decide());

describe('fault injection', () => {
  it('is deterministic for a seed and changes with it', () => {
    const config = resolveFaults({ seed: 5, errorRate: 0.3, dropRate: 0.1, truncateRate: 0.1 });
    const a = run(new FaultInjector(config), 200);
    expect(run(new FaultInjector(config), 200)).toEqual(a);
    expect(run(new FaultInjector({ ...config, seed: 6 }), 200)).not.toEqual(a);
    const kinds = new Set(a.map((d) => d.kind));
    expect([...kinds].sort()).toEqual(['drop', 'error', 'none', 'truncate']);
  });

  it('restarts the sequence when set again', () => {
    const f = new FaultInjector(resolveFaults({ seed: 1, errorRate: 0.5 }));
    const a = run(f, 20);
    f.set(resolveFaults({ seed: 1, errorRate: 0.5 }));
    expect(run(f, 20)).toEqual(a);
  });

  it('injects errors at about the configured rate, with the configured statuses', () => {
    const f = new FaultInjector(resolveFaults({ errorRate: 0.2, errorStatuses: [500, 502] }));
    const errors = run(f, 5000).filter((d) => d.kind === 'error');
    expect(errors.length).toBeGreaterThan(850);
    expect(errors.length).toBeLessThan(1150);
    expect(new Set(errors.map((d) => (d.kind === 'error' ? d.status : 0)))).toEqual(
      new Set([500, 502]),
    );
  });

  it('repeats an error for burstLength requests (503 and 429 bursts)', () => {
    const f = new FaultInjector(
      resolveFaults({ seed: 3, errorRate: 0.05, errorStatuses: [503], burstLength: 4 }),
    );
    const kinds = run(f, 2000)
      .map((d) => (d.kind === 'error' ? 'E' : '.'))
      .join('');
    const runs = kinds.match(/E+/g) ?? [];
    expect(runs.length).toBeGreaterThan(10);
    for (const r of runs) expect(r.length % 4).toBe(0);
  });

  it('adds latency with jitter and counts what it injected', () => {
    const f = new FaultInjector(resolveFaults({ latencyMs: 20, latencyJitterMs: 10 }));
    const latencies = run(f, 100).map((d) => d.latencyMs);
    expect(Math.min(...latencies)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...latencies)).toBeLessThanOrEqual(30);
    expect(new Set(latencies).size).toBeGreaterThan(3);
    expect(f.injected.delayed).toBe(100);
    f.resetCounts();
    expect(f.injected.delayed).toBe(0);
  });

  it('does nothing when cleared', () => {
    const f = new FaultInjector(resolveFaults({ errorRate: 1 }));
    expect(f.active).toBe(true);
    f.clear();
    expect(f.active).toBe(false);
    expect(f.config).toBe(NO_FAULTS);
    expect(run(f, 50).every((d) => d.kind === 'none' && d.latencyMs === 0)).toBe(true);
  });

  it('rejects invalid options', () => {
    expect(() => resolveFaults({ errorRate: 2 })).toThrow(/errorRate/);
    expect(() => resolveFaults({ errorStatuses: [] })).toThrow(/errorStatuses/);
    expect(() => resolveFaults({ errorStatuses: [200] })).toThrow(/errorStatuses/);
    expect(() => resolveFaults({ burstLength: 0 })).toThrow(/burstLength/);
    expect(() => resolveFaults({ latencyMs: -1 }, 'INVALID_ARGUMENT')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});

/**
 * CPU time this process has used, in ms. Tests that guard against quadratic work compare it with
 * a generous bound: unlike wall time, other processes on a busy 2-core machine do not inflate it,
 * so the guard fails on a slow algorithm, not on a loaded CI box.
 *
 * @example const t0 = cpuMs(); work(); expect(cpuMs() - t0).toBeLessThan(2_000);
 */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

import { EXPORT_TTL_MS } from '@cloverql/dsl';

/** Export statuses (the Clover docs page "Export merchant data" "Step 2"). */
export type ExportStatus = 'PENDING' | 'IN_PROGRESS' | 'DONE';

/** How long an export takes, in virtual ms. */
export interface ExportTiming {
  /** From creation to DONE; 0 is DONE at once. */
  readonly durationMs: number;
  /** The first part of the duration, spent PENDING. */
  readonly pendingMs: number;
}

/** Where an export stands at an instant. */
export interface ExportPhase {
  readonly status: ExportStatus;
  readonly percentComplete: number;
  readonly modifiedTime: number;
  /** When it became DONE, else null. */
  readonly doneAt: number | null;
  /** `doneAt + 24 h`, else null. */
  readonly availableUntil: number | null;
  /** Whether the export and its files are gone (now at or past `availableUntil`). */
  readonly expired: boolean;
}

/**
 * The state machine of an export as a pure function of the virtual clock: PENDING for
 * `pendingMs`, then IN_PROGRESS with `percentComplete` rising linearly from 0 to 99, then DONE
 * (100) at `createdAt + durationMs`; files and export expire 24 h after DONE.
 *
 * @example exportPhase(0, { durationMs: 10_000, pendingMs: 2_000 }, 6_000).percentComplete // 50
 */
export function exportPhase(createdAt: number, timing: ExportTiming, now: number): ExportPhase {
  const elapsed = Math.max(0, now - createdAt);
  const { durationMs, pendingMs } = timing;
  if (elapsed >= durationMs) {
    const doneAt = createdAt + durationMs;
    const availableUntil = doneAt + EXPORT_TTL_MS;
    return {
      status: 'DONE',
      percentComplete: 100,
      modifiedTime: doneAt,
      doneAt,
      availableUntil,
      expired: now >= availableUntil,
    };
  }
  if (elapsed < pendingMs) {
    return {
      status: 'PENDING',
      percentComplete: 0,
      modifiedTime: createdAt,
      doneAt: null,
      availableUntil: null,
      expired: false,
    };
  }
  const percent = Math.floor((100 * (elapsed - pendingMs)) / (durationMs - pendingMs));
  return {
    status: 'IN_PROGRESS',
    percentComplete: Math.min(99, Math.max(0, percent)),
    modifiedTime: createdAt + elapsed,
    doneAt: null,
    availableUntil: null,
    expired: false,
  };
}

/**
 * The phase an export is created in, whatever its timing: the POST answer is always PENDING at
 * 0 % (the Clover docs page "Export merchant data" "Step 2"); with a zero duration the first GET already sees DONE.
 */
export function createdPhase(createdAt: number): ExportPhase {
  return {
    status: 'PENDING',
    percentComplete: 0,
    modifiedTime: createdAt,
    doneAt: null,
    availableUntil: null,
    expired: false,
  };
}

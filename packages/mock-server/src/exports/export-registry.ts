import {
  describeExportHours,
  EXPORT_FILE_OBJECTS,
  isExportOpen,
  nextExportOpening,
} from '@cloverql/dsl';
import type { Clock } from '../clock/clock.js';
import { MockError } from '../errors/mock-error.js';
import { decodeCloverId, encodeCloverId } from '../ids/clover-id.js';
import { IdPermutation } from '../ids/id-permutation.js';
import type { MockRegion } from '../options/mock-options.js';
import type { MockStore } from '../store/mock-store.js';
import type { ResourceTable } from '../store/resource-table.js';
import { type ExportPhase, type ExportTiming, exportPhase } from './export-phase.js';
import type { ExportRequest } from './export-request.js';

/** One export file: a slice of the export's objects, reachable by its secret alone. */
export interface ExportFile {
  readonly exportId: string;
  /** 0-based file number. */
  readonly index: number;
  readonly secret: string;
  /** Positions of the file's records in the table, in `(createdTime, id)` order. */
  readonly positions: Uint32Array;
}

/** An export job. */
export interface ExportJob extends ExportRequest {
  readonly id: string;
  readonly merchantId: string;
  readonly createdTime: number;
  readonly table: ResourceTable;
  readonly objectCount: number;
  readonly files: readonly ExportFile[];
}

/** What the registry depends on. */
export interface ExportRegistryOptions {
  readonly clock: Clock;
  readonly region: MockRegion;
  readonly store: MockStore;
  readonly timing: ExportTiming;
  /** Exports PENDING or IN_PROGRESS at once before a new one is refused. */
  readonly maxConcurrent: number;
  /** An unguessable secret per file URL. */
  readonly randomSecret: () => string;
}

function gone(): MockError {
  return new MockError('GONE', 'Gone', {
    details: 'Export files are deleted 24 hours after the export is done',
  });
}

/** Export ids are 13-character Clover ids; the key only scrambles a counter. */
const EXPORT_ID_KEY = 0x5eed_e8;

/** The export id inside a file name `export-{id}-{n}.json`. */
const FILE_NAME = /^export-([0-9A-Z]{13})-[1-9][0-9]{0,8}\.json$/;

/**
 * The Export API's state: creates exports (refusing outside availability hours and above the
 * concurrency threshold, creating nothing then), reports their phase from the virtual clock and
 * serves their files until 24 h after DONE. Expired exports are purged at the next call, so memory
 * and the cost of a call do not grow with the number of exports ever made.
 *
 * @example registry.create('MERCHANT00001', { type: 'ORDERS', startTime, endTime })
 */
export class ExportRegistry {
  /** Live exports in creation order (the order they expire in while the clock moves forward). */
  private readonly jobs = new Map<string, ExportJob>();
  private readonly files = new Map<string, ExportFile>();
  /** Exports not yet seen DONE: at most `maxConcurrent`, as none is created beyond that. */
  private running: ExportJob[] = [];
  private readonly options: ExportRegistryOptions;
  private readonly ids = new IdPermutation(EXPORT_ID_KEY);
  private created = 0;

  constructor(options: ExportRegistryOptions) {
    this.options = options;
  }

  /** The phase of a job now. */
  phase(job: ExportJob): ExportPhase {
    return exportPhase(job.createdTime, this.options.timing, this.options.clock.now());
  }

  /**
   * How many exports are PENDING or IN_PROGRESS now, over all merchants. An export leaves the
   * count once it is seen DONE, and setting the clock back does not bring it back.
   */
  inProgress(): number {
    this.running = this.running.filter((job) => this.phase(job).status !== 'DONE');
    return this.running.length;
  }

  /**
   * Forgets exports whose files have expired, oldest first, stopping at the first live one
   * (amortised O(1) per call). After the clock was set back an older export can outlive a newer
   * one; the newer is then purged once the older goes.
   */
  private purgeExpired(): void {
    for (const job of this.jobs.values()) {
      if (!this.phase(job).expired) return;
      this.jobs.delete(job.id);
      for (const file of job.files) this.files.delete(file.secret);
    }
  }

  /** Whether this registry created `exportId` (live, purged or forgotten by a reset). */
  private issued(exportId: string): boolean {
    const decoded = decodeCloverId(exportId);
    if (decoded === null) return false;
    const [hi, lo] = this.ids.inverse(decoded.hi, decoded.lo);
    return hi === 0 && lo < this.created;
  }

  /**
   * Creates an export. Throws `EXPORT_OUTSIDE_HOURS` outside the region's hours (context
   * `availableHours`, `nextOpening`) and `EXPORT_LIMIT_REACHED` when too many run; nothing is
   * created then.
   */
  create(merchantId: string, request: ExportRequest): ExportJob {
    const { clock, region, maxConcurrent } = this.options;
    this.purgeExpired();
    const now = clock.now();
    if (!isExportOpen(region, now)) {
      const hours = describeExportHours(region);
      throw new MockError('EXPORT_OUTSIDE_HOURS', 'Service Unavailable', {
        details: `Exports are available ${hours}`,
        context: { availableHours: hours, nextOpening: nextExportOpening(region, now).opensAt },
      });
    }
    const running = this.inProgress();
    if (running >= maxConcurrent) {
      throw new MockError('EXPORT_LIMIT_REACHED', 'Service Unavailable', {
        details: `Too many exports in progress (${running} of ${maxConcurrent}); wait for one to finish`,
      });
    }
    const table = this.options.store.table(
      merchantId,
      request.type === 'ORDERS' ? 'orders' : 'payments',
    );
    // The export's records are fixed when it is created (deleted orders left out); a file
    // shows them as they are when it is downloaded.
    const deleted = table.accessor('deletedTime');
    const picked: number[] = [];
    for (const pos of table
      .timeIndex('createdTime')!
      .scan(
        { value: request.startTime, inclusive: true },
        { value: request.endTime, inclusive: true },
        false,
      )) {
      if (deleted === undefined || deleted(pos) === null) picked.push(pos);
    }
    const all = Uint32Array.from(picked);
    const start = 0;
    const end = all.length;
    const [hi, lo] = this.ids.forward(0, this.created++);
    const id = encodeCloverId(hi, lo);
    const files: ExportFile[] = [];
    for (let s = start, index = 0; s < end; s += EXPORT_FILE_OBJECTS, index++) {
      const file = {
        exportId: id,
        index,
        secret: this.options.randomSecret(),
        positions: all.subarray(s, Math.min(end, s + EXPORT_FILE_OBJECTS)),
      };
      files.push(file);
      this.files.set(file.secret, file);
    }
    const job: ExportJob = {
      ...request,
      id,
      merchantId,
      createdTime: now,
      table,
      objectCount: end - start,
      files,
    };
    this.jobs.set(id, job);
    this.running.push(job);
    return job;
  }

  /** A merchant's export; throws `NOT_FOUND` for an unknown, foreign or expired one. */
  get(merchantId: string, exportId: string): ExportJob {
    this.purgeExpired();
    const job = this.jobs.get(exportId);
    if (!job || job.merchantId !== merchantId || this.phase(job).expired) {
      throw new MockError('NOT_FOUND', 'Not Found', { details: 'Export not found' });
    }
    return job;
  }

  /**
   * The file behind a pre-signed URL's secret and file name. Throws `NOT_FOUND` for an unknown URL
   * or an export not yet DONE, and `GONE` once the export has expired, also after it was purged
   * (then known by the export id in `name`, whatever the secret).
   */
  file(secret: string, name: string): { job: ExportJob; file: ExportFile } {
    this.purgeExpired();
    const file = this.files.get(secret);
    const job = file ? this.jobs.get(file.exportId) : undefined;
    if (!file || !job) {
      const exportId = FILE_NAME.exec(name)?.[1];
      if (exportId !== undefined && !this.jobs.has(exportId) && this.issued(exportId)) {
        throw gone();
      }
      throw new MockError('NOT_FOUND', 'Not Found', { details: 'File not found' });
    }
    const phase = this.phase(job);
    if (phase.expired) throw gone();
    if (phase.status !== 'DONE') {
      throw new MockError('NOT_FOUND', 'Not Found', { details: 'File not found' });
    }
    return { job, file };
  }

  /** How many exports are held (live, or expired and not yet purged). */
  get size(): number {
    return this.jobs.size;
  }

  /** Forgets every export and file (used by reset). */
  clear(): void {
    this.jobs.clear();
    this.files.clear();
    this.running = [];
  }
}

import type { ExportPhase } from './export-phase.js';
import type { ExportFile, ExportJob } from './export-registry.js';

/**
 * The export object as the Export API returns it (the Clover docs page "Export merchant data" "Step 2" and "Step 3"). DONE adds
 * `availableUntil` and `exportUrls` with one absolute, pre-signed URL per file of at most 1000
 * objects (none when the range holds no objects).
 *
 * @example exportView(job, { phase, fileUrl: (f) => `http://host/export-files/${f.secret}/x.json` })
 */
export function exportView(
  job: ExportJob,
  ctx: {
    readonly phase: ExportPhase;
    readonly fileUrl: (file: ExportFile) => string;
  },
): Record<string, unknown> {
  const { phase } = ctx;
  const view: Record<string, unknown> = {
    id: job.id,
    type: job.type,
    status: phase.status,
    percentComplete: phase.percentComplete,
  };
  if (phase.availableUntil !== null) view.availableUntil = phase.availableUntil;
  view.startTime = job.startTime;
  view.endTime = job.endTime;
  view.createdTime = job.createdTime;
  view.modifiedTime = phase.modifiedTime;
  if (phase.status === 'DONE') {
    view.exportUrls = {
      elements: job.files.map((f) => ({ url: ctx.fileUrl(f), export: { id: job.id } })),
    };
  }
  view.merchantRef = { id: job.merchantId };
  return view;
}

/** File names inside pre-signed URLs: `export-{id}-{n}.json`, n from 1. */
export function exportFileName(file: ExportFile): string {
  return `export-${file.exportId}-${file.index + 1}.json`;
}

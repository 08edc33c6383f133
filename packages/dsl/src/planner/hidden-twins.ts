/**
 * Twins for hidden records. Clover's `GET /orders` hides orders whose state is null unless a
 * filter names `state`; a stream that does not name it gets a twin with `state IS NULL` so those
 * orders are not lost.
 */
import type { ResourceSpec } from '../catalogue/catalogue.js';
import { isNull } from '../predicate/predicate.js';
import type { Stream } from './plan-context.js';

/** Each stream, followed by its `<hidden> IS NULL` twin when it needs one. */
export function addHiddenTwins(streams: Stream[], resource: ResourceSpec): Stream[] {
  const hidden = resource.hiddenUnlessFiltered;
  if (hidden === null) return streams;
  return streams.flatMap((s) =>
    s.namesHidden
      ? [s]
      : [
          s,
          {
            ...s,
            filters: [...s.filters, { text: `${hidden} IS NULL`, literal: isNull(hidden) }],
            namesHidden: true,
          },
        ],
  );
}

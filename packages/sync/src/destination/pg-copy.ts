/**
 * `COPY … FROM STDIN` through kysely: PostgreSQL's bulk load, which parses a batch of rows as
 * tab-separated text, several times cheaper for the server than one statement that parses the
 * batch as JSON (`jsonb_to_recordset`) or as arrays (`unnest`).
 *
 * kysely runs every statement as `client.query(sql, parameters)` on a pg client it gets from the
 * pool. {@link copyCapablePool} wraps that pool so that a statement whose one parameter is a
 * {@link CopyIn} runs as a COPY: the statement is sent as a simple query, and on the server's
 * CopyInResponse the data follows, then CopyDone. Every other statement goes to pg untouched.
 * A COPY so runs on the connection of the caller's kysely transaction, inside it.
 */
import type pg from 'pg';

/** The data of a `COPY … FROM STDIN` (text format), passed as its statement's one parameter. */
export class CopyIn {
  constructor(readonly data: string) {}

  /**
   * pg calls this when it has to send the object as an ordinary parameter: the connection was not
   * opened through {@link copyCapablePool}.
   */
  toPostgres(): never {
    throw new Error(
      'COPY FROM STDIN needs a connection from copyCapablePool (open the database with openDestination)',
    );
  }
}

/** The part of pg's connection a COPY uses (pg's own `pg-copy-streams` uses the same). */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/**
 * A pg "submittable" (the interface pg-cursor and pg-query-stream implement) that runs one
 * `COPY … FROM STDIN` and settles once the server has answered it. An error (bad data, a constraint)
 * comes back as the server's ErrorResponse; a broken connection as pg's error, with no
 * ReadyForQuery after it; so both settle at once.
 */
class CopyInQuery {
  private error: unknown;
  private rowCount = 0;
  private settled = false;
  readonly result: Promise<{ command: 'COPY'; rowCount: number; rows: [] }>;
  private resolve!: (r: { command: 'COPY'; rowCount: number; rows: [] }) => void;
  private reject!: (e: unknown) => void;

  constructor(
    private readonly text: string,
    private readonly data: string,
  ) {
    this.result = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: CopyConnection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    connection.sendCopyFromChunk(Buffer.from(this.data, 'utf8'));
    connection.endCopyFrom();
  }

  handleCommandComplete(msg: { text?: string }): void {
    const m = /^COPY (\d+)/.exec(msg.text ?? '');
    if (m) this.rowCount = Number(m[1]);
  }

  handleError(e: unknown): void {
    this.error ??= e;
    this.settle();
  }

  handleReadyForQuery(): void {
    this.settle();
  }

  // Messages a COPY FROM never gets; pg calls them on any active query.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handleCopyData(): void {}
  handlePortalSuspended(): void {}

  private settle(): void {
    if (this.settled) return;
    this.settled = true;
    if (this.error !== undefined) this.reject(this.error);
    else this.resolve({ command: 'COPY', rowCount: this.rowCount, rows: [] });
  }
}

/** What kysely's PostgresDialect needs of a pool. */
export interface KyselyPgPool {
  connect(): Promise<pg.PoolClient>;
  end(): Promise<void>;
}

/**
 * The pool kysely gets: `connect` resolves with the pool's clients, each wrapped once (kysely
 * keys its connections by client object) so that a statement whose one parameter is a
 * {@link CopyIn} runs as `COPY … FROM STDIN` with that data.
 *
 * @example new Kysely({ dialect: new PostgresDialect({ pool: copyCapablePool({ connect: () => pool.connect(), end: () => pool.end() }) }) })
 */
export function copyCapablePool(pool: KyselyPgPool): KyselyPgPool {
  const wrapped = new WeakMap<pg.PoolClient, pg.PoolClient>();
  return {
    connect: async () => {
      const client = await pool.connect();
      let w = wrapped.get(client);
      if (!w) {
        w = withCopy(client);
        wrapped.set(client, w);
      }
      return w;
    },
    end: () => pool.end(),
  };
}

function withCopy(client: pg.PoolClient): pg.PoolClient {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'query') {
        return (text: unknown, values?: unknown) => {
          if (typeof text === 'string' && Array.isArray(values) && values[0] instanceof CopyIn) {
            const q = new CopyInQuery(text, values[0].data);
            client.query(q as unknown as pg.Submittable);
            return q.result;
          }
          return query(text, values);
        };
      }
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

/** A text this process has sent this many times is prepared on each connection that sends it again. */
export const PREPARE_AFTER = 5;
/** Prepared statements a connection keeps; one more and it deallocates them all and starts again. */
export const MAX_PREPARED_PER_CONNECTION = 100;
/** Statement texts remembered; past this, the ones never prepared are forgotten. */
const MAX_TEXTS = 5000;

/** What the cache needs of node-postgres' connection: the statements it has parsed, by name. */
export interface PreparingConnection {
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
}

/**
 * Which statements to prepare, as Npgsql's automatic preparation does. node-postgres sends a query
 * with parameters as an unnamed statement, which PostgreSQL parses and plans again on every
 * execution; for the checkout's CTEs and the order detail's json_agg the planning costs more than
 * the execution. A text sent PREPARE_AFTER times in this process gets a name of its own (never
 * reused for another text), and each connection parses it once and then reuses its plan. A
 * connection keeps at most MAX_PREPARED_PER_CONNECTION: the hot statements fit with room to spare,
 * and a workload of endless distinct texts costs a DEALLOCATE ALL now and then, never unbounded
 * memory in PostgreSQL. After DDL that changes what a statement returns (a plugin's migrations at
 * run time), `forgetAll` has every connection drop its statements before its next prepared one.
 */
export class StatementCache {
  readonly #texts = new Map<string, { uses: number; name?: string }>();
  readonly #generationOf = new WeakMap<PreparingConnection, number>();
  #generation = 0;
  #named = 0;

  /** The name to send `text` under, or undefined to send it unnamed (not yet seen often enough). */
  nameFor(text: string): string | undefined {
    let entry = this.#texts.get(text);
    if (!entry) {
      if (this.#texts.size >= MAX_TEXTS) this.#forgetUnnamed();
      entry = { uses: 0 };
      this.#texts.set(text, entry);
    }
    entry.uses += 1;
    if (!entry.name && entry.uses >= PREPARE_AFTER) entry.name = `ls_${++this.#named}`;
    return entry.name;
  }

  /**
   * Whether the connection must drop its prepared statements before parsing `name`: it holds
   * statements from before `forgetAll`, or is full. Not when it already holds `name` (current).
   */
  mustDeallocate(connection: PreparingConnection, name: string): boolean {
    // A connection seen for the first time holds no statement: only this cache names them.
    if (!this.#generationOf.has(connection)) this.#generationOf.set(connection, this.#generation);
    const current = this.#generationOf.get(connection) === this.#generation;
    if (current && (connection.parsedStatements[name] !== undefined || connection.submittedNamedStatements[name] !== undefined)) return false;
    return !current || Object.keys(connection.parsedStatements).length >= MAX_PREPARED_PER_CONNECTION;
  }

  /** Records that the connection's statements were deallocated (DEALLOCATE ALL succeeded). */
  deallocated(connection: PreparingConnection): void {
    connection.parsedStatements = {};
    connection.submittedNamedStatements = {};
    this.#generationOf.set(connection, this.#generation);
  }

  /** Every connection drops its prepared statements before its next one (after DDL). */
  forgetAll(): void {
    this.#generation += 1;
  }

  #forgetUnnamed(): void {
    for (const [text, entry] of this.#texts) if (!entry.name) this.#texts.delete(text);
    // All named: start over. Names are never reused, so no connection confuses two texts.
    if (this.#texts.size >= MAX_TEXTS) this.#texts.clear();
  }
}

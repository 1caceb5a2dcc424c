/**
 * Server-side prepared statements for the statements the application sends again and again.
 *
 * node-postgres sends every query unnamed: PostgreSQL parses and plans it each time. For the
 * requests of deadline day (session look-up, a report, a draft save, a dashboard), planning the
 * recursive unit walks and the joins costs PostgreSQL about as much CPU as running them. Naming a
 * statement makes node-postgres prepare it once per connection; PostgreSQL keeps the parse tree and
 * chooses between a custom and a generic plan on its own (plan_cache_mode = auto).
 *
 * A statement text is named from the HOT_AFTER-th time this process sends it, and at most
 * MAX_NAMED different texts are named (texts with a variable number of parameters, such as
 * `in ($1, …, $n)`, would otherwise fill the connections' memory). The name is derived from the
 * text, so every connection and every server process gives one text one name.
 *
 * When the schema changes under a prepared statement of the `select *` kind (a restore, a
 * migration run by another process), PostgreSQL answers "cached plan must not change result
 * type" (0A000): the statement is then sent again unnamed and that text is never named again.
 *
 * VITREEM_PREPARED_STATEMENTS=off turns this off (e.g. behind a connection pooler in transaction
 * mode that cannot carry prepared statements).
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';

const HOT_AFTER = 2;
const MAX_NAMED = 400;

export interface PreparedStatementStats {
  named: number;
  refused: number;
}

interface QueryFunction {
  (config: unknown, values?: unknown, callback?: unknown): unknown;
}

/** the naming policy, shared by all connections of one pool */
export class StatementNamer {
  private readonly seen = new Map<string, number>();
  private readonly names = new Map<string, string>();
  private readonly refused = new Set<string>();

  constructor(
    private readonly hotAfter = HOT_AFTER,
    private readonly maxNamed = MAX_NAMED,
  ) {}

  /** the name to prepare this text under, or null to send it unnamed */
  nameFor(text: string, parameterCount: number): string | null {
    if (parameterCount === 0 || this.refused.has(text)) return null; // begin, commit, DDL: nothing to plan twice
    const known = this.names.get(text);
    if (known) return known;
    if (this.names.size >= this.maxNamed) return null;
    const count = (this.seen.get(text) ?? 0) + 1;
    if (count < this.hotAfter) {
      if (this.seen.size > 10 * this.maxNamed) this.seen.clear(); // a bounded memory of cold texts
      this.seen.set(text, count);
      return null;
    }
    this.seen.delete(text);
    const name = `v_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
    this.names.set(text, name);
    return name;
  }

  refuse(text: string): void {
    this.refused.add(text);
  }

  stats(): PreparedStatementStats {
    return { named: this.names.size, refused: this.refused.size };
  }
}

const PLAN_CHANGED = '0A000';

/**
 * Wraps one client's query(text, values) — the form Kysely uses — so hot texts go out as named
 * statements. Other forms (query configs, cursors, callbacks) pass through untouched.
 */
export function prepareHotStatements(client: pg.ClientBase, namer: StatementNamer): void {
  const original = client.query.bind(client) as QueryFunction;
  const wrapped: QueryFunction = (config, values, callback) => {
    if (typeof config !== 'string' || !Array.isArray(values) || callback !== undefined) return original(config, values, callback);
    const name = namer.nameFor(config, values.length);
    if (!name) return original(config, values);
    return (original({ name, text: config, values }) as Promise<unknown>).catch((error: { code?: string }) => {
      if (error?.code !== PLAN_CHANGED) throw error;
      namer.refuse(config);
      return original(config, values);
    });
  };
  (client as unknown as { query: QueryFunction }).query = wrapped;
}

export const preparedStatementsEnabled = () => (process.env.VITREEM_PREPARED_STATEMENTS ?? 'on').toLowerCase() !== 'off';

import type { DatabricksSettings } from '../../config/schema.js';
import { WarehouseConnection } from './connection.js';

/**
 * Read-only queries on the SQL warehouse for the usage dashboard: one statement per view, its
 * filters as named STRING parameters, the result rows fetched. It uses the sink's connection code
 * (pooled sessions, classified errors, the statement timeout) on a connection of its own, so a
 * dashboard query never waits behind an INSERT.
 */
export class WarehouseQueryRunner {
  private readonly connection: WarehouseConnection;

  /** `options` as the sink's connection takes them (logger, idle session time, connector overrides). */
  constructor(settings: DatabricksSettings, options: ConstructorParameters<typeof WarehouseConnection>[1] = {}) {
    this.connection = new WarehouseConnection(settings, options);
  }

  /** The rows of `sql`, as the connector returns them (column name to value). Throws a `WarehouseError`. */
  async query(sql: string, parameters: Readonly<Record<string, string>>): Promise<Record<string, unknown>[]> {
    return (await this.connection.run(sql, { parameters, fetch: true })) as Record<string, unknown>[];
  }

  /** Whether the last statement reached the warehouse. */
  reachable(): boolean {
    return this.connection.reachable();
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

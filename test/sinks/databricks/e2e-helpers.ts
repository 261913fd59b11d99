import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TableKind } from '../../../src/schema/types.js';
import { startServer, type RunningServer } from '../../helpers/server.js';
import type { RecordedStatement, TestWarehouse } from '../../warehouse/index.js';
import { decodeRows } from './decode-rows.js';

/** Shared pieces of `test/e2e/warehouse-*.test.ts`: the real CLI pointed at the test warehouse. */

const CLI = fileURLToPath(new URL('../../../src/cli.ts', import.meta.url));

export type Auth = 'token' | 'oauth' | 'oauth-loopback';

/**
 * The environment that points the service at the warehouse: trust (NODE_EXTRA_CA_CERTS) and, for
 * OAuth, the host alias of the warehouse's cloud-domain name, from `wh.childEnv()`.
 * - token: `DATABRICKS_HOST=127.0.0.1:<port>` and the warehouse's PAT;
 * - oauth: `DATABRICKS_HOST=https://<name>.cloud.databricks.com:<port>` (the connector's own
 *   `databricks-oauth`, discovery on port 443 of that name);
 * - oauth-loopback: `DATABRICKS_HOST=127.0.0.1:<port>` with client credentials (our own
 *   client-credentials provider, for hosts the connector's OAuth refuses).
 */
export function warehouseEnv(wh: TestWarehouse, auth: Auth = 'token'): Record<string, string> {
  const env: Record<string, string> = {
    ...wh.childEnv(),
    DATABRICKS_HTTP_PATH: wh.httpPath,
    DATABRICKS_HOST: auth === 'oauth' ? `https://${wh.oauth.host}:${wh.port}` : `${wh.host}:${wh.port}`,
  };
  if (auth === 'token') env.DATABRICKS_TOKEN = wh.token;
  else {
    env.DATABRICKS_CLIENT_ID = wh.oauth.clientId;
    env.DATABRICKS_CLIENT_SECRET = wh.oauth.clientSecret;
  }
  return env;
}

/** `otlp-delta serve` in warehouse mode, with quick batches and retries. */
export function serveWarehouse(wh: TestWarehouse, options: { auth?: Auth; env?: Record<string, string> } = {}): Promise<RunningServer> {
  return startServer({
    env: {
      ...warehouseEnv(wh, options.auth),
      OTLP_DELTA_BATCH_MAX_AGE_MS: '20',
      OTLP_DELTA_WAREHOUSE_BATCH_MAX_AGE_MS: '20',
      OTLP_DELTA_EXPORT_RETRY_INITIAL_MS: '50',
      OTLP_DELTA_EXPORT_RETRY_MAX_MS: '400',
      ...options.env,
    },
  });
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CLI, ...args],
      { env: { ...process.env, OTLP_DELTA_LOG_LEVEL: 'silent', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** The INSERT statements into `table` (`catalog.schema.table`) that the warehouse ran. */
export function inserts(wh: TestWarehouse, table: string, outcome: RecordedStatement['outcome'] | 'any' = 'success'): RecordedStatement[] {
  const quoted = table
    .split('.')
    .map((p) => `\`${p}\``)
    .join('.');
  return wh.statements.filter((s) => s.sql.startsWith(`INSERT INTO ${quoted} `) && (outcome === 'any' || s.outcome === outcome));
}

/** Every row the warehouse inserted into `table`, decoded from the recorded `rows` parameters. */
export function insertedRows(wh: TestWarehouse, table: string, kind: TableKind, mapsAs: 'entries' | 'key-value' = 'key-value'): Record<string, unknown>[] {
  return inserts(wh, table).flatMap((s) => {
    const rows = s.parameters.rows;
    if (!rows || rows.type !== 'STRING' || rows.value === null) throw new Error(`INSERT without a STRING rows parameter: ${JSON.stringify(s.parameters)}`);
    return decodeRows(kind, rows.value, { mapsAs });
  });
}

export async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A small OTLP/JSON logs request whose records carry `uid` attributes. */
export function logsBody(uids: string[]): string {
  return JSON.stringify({
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'warehouse-e2e' } }] },
        scopeLogs: [
          {
            scope: { name: 'e2e' },
            logRecords: uids.map((uid, i) => ({
              timeUnixNano: String(1_700_000_000_000_000_000n + BigInt(i)),
              observedTimeUnixNano: '9007199254740993',
              severityNumber: 9,
              body: { stringValue: `record ${uid}` },
              attributes: [{ key: 'uid', value: { stringValue: uid } }],
            })),
          },
        ],
      },
    ],
  });
}

export function postLogs(url: string, table: string, uids: string[]): Promise<Response> {
  return fetch(`${url}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-databricks-uc-table-name': table },
    body: logsBody(uids),
  });
}

/** How many times each uid landed in `table`. */
export function uidCounts(wh: TestWarehouse, table: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of insertedRows(wh, table, 'logs', 'entries')) {
    const uid = (row.attributes as Array<[string, string | null]>).find(([k]) => k === 'uid')?.[1];
    if (uid) counts.set(uid, (counts.get(uid) ?? 0) + 1);
  }
  return counts;
}

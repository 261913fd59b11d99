import type { LakeviewApi } from './lakeview.js';

/** The public shape of the test warehouse (see index.ts). */

export interface RecordedStatement {
  sql: string;
  /**
   * The statement's parameters as the connector sent them (TSparkParameter): keyed by name for
   * named parameters, by 1-based position ('1', '2', ...) for ordinal ones. A NULL parameter (the
   * connector sends neither type nor value) is `{ type: 'VOID', value: null }`.
   */
  parameters: Record<string, { type: string; value: string | null }>;
  /** The session's id, formatted as a UUID (the same string as the connector's `session.id`). */
  sessionHandle: string;
  at: number;
  /**
   * What the warehouse answered (extension): 'success'; 'error' (a SQL error or an injected
   * thrift-error; see `error`); 'http-503' / 'http-429' (the POST itself failed, the statement was
   * never run); 'hang' (held, not answered yet; becomes the real outcome if released by clearFaults).
   */
  outcome: 'success' | 'error' | 'http-503' | 'http-429' | 'hang';
  /** The error message when outcome is 'error'. */
  error?: string;
}

export type Fault = 'thrift-error' | 'http-503' | 'http-429' | 'hang';

export interface FaultStatus {
  message?: string;
  sqlState?: string;
  /**
   * thrift-error only (extension). 'execute' (default): the ExecuteStatement reply carries TStatus
   * ERROR_STATUS, so `session.executeStatement` rejects with the connector's StatusError.
   * 'operation': ExecuteStatement succeeds and the operation ends in ERROR_STATE (GetOperationStatus
   * carries errorMessage/displayMessage/sqlState), so the error surfaces from `operation.fetchAll()`
   * / `status()` as OperationStateError, which is how a real warehouse reports SQL errors.
   */
  where?: 'execute' | 'operation';
}

export interface RequestLogEntry {
  at: number;
  method: string;
  /** Path and query as received. */
  url: string;
  /** The Thrift method for Thrift POSTs. */
  thrift?: string;
  status: number;
}

export interface TestWarehouse {
  readonly host: string; // '127.0.0.1'
  readonly port: number;
  readonly httpPath: string; // '/sql/1.0/warehouses/testwh'
  readonly caCertPath: string; // PEM of the CA that signed the server cert (NODE_EXTRA_CA_CERTS / customCaCert)
  readonly token: string; // the personal access token it accepts (Bearer); others get HTTP 401/403
  readonly oauth: {
    clientId: string;
    clientSecret: string;
    /** Every POST to the token endpoint, accepted or not. */
    tokenRequests: number;
    /**
     * (extension) The workspace host name to give the connector for `authType: 'databricks-oauth'`
     * (e.g. 'testwh-1a2b3c.cloud.databricks.com'). Connector 2.1.0 refuses OAuth for any host that
     * is not a Databricks cloud domain and fetches OIDC discovery from `https://<host>/oidc/...` on
     * port 443 whatever the Thrift port is; so the warehouse resolves this name (in this process
     * through a dns.lookup alias, in child processes through `childEnv()`) to a private loopback
     * address where it listens on 443 and on `port`. Use `{ host: oauth.host, port }`.
     */
    host: string;
    /** (extension) Why OAuth discovery is unavailable (e.g. port 443 not bindable), if it is. */
    unavailable?: string;
  };
  readonly statements: RecordedStatement[]; // every ExecuteStatement, in order, with its named parameters
  readonly tables: Map<string, { columnsSql: string }>; // tables created (key: lowercased unquoted `c.s.t`)
  /** (extension) Every HTTP request the warehouse received, with its answer's status. */
  readonly requests: RequestLogEntry[];
  /**
   * The next `count` ExecuteStatement calls fail this way (thrift-error: TStatus ERROR_STATUS with
   * the errorMessage/sqlState given; http-503/429: the HTTP response status (429 with Retry-After);
   * hang: never answers until close or clearFaults).
   */
  failNext(fault: Fault, count?: number, status?: FaultStatus): void;
  /** Drops pending faults; requests held by 'hang' are then processed and answered normally. */
  clearFaults(): void;
  /**
   * (extension) Server-side session expiry: every open session becomes invalid, so further calls
   * on it answer TStatus ERROR_STATUS 'Invalid SessionHandle: ...' (as a warehouse does after its
   * idle timeout or a restart). New sessions work.
   */
  expireSessions(): void;
  /**
   * (extension) Environment for a child process that should reach this warehouse:
   * NODE_EXTRA_CA_CERTS, and NODE_OPTIONS importing the host-alias preload so that `oauth.host`
   * resolves there too. Merge it over process.env.
   */
  childEnv(): Record<string, string>;
  /**
   * (extension) The workspace REST API of AI/BI dashboards (lakeview.ts): the requests it received,
   * the dashboards it holds, and `failNext(status, count)` for 401/403/404/429/503 answers.
   */
  readonly lakeview: LakeviewApi;
  close(): Promise<void>;
}

export interface TestWarehouseOptions {
  /** The personal access token to accept (default: a random 'dapi...' token). */
  token?: string;
  /** (extension) Lifetime of OAuth access tokens the warehouse issues, in seconds (default 3600). */
  oauthTokenTtlSeconds?: number;
}

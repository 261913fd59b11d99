import { DBSQLClient, DBSQLParameter, DBSQLParameterType, LogLevel, thrift } from '@databricks/sql';
import type { DatabricksSettings } from '../../config/schema.js';
import { classifyError, StatementTimeoutError, WarehouseUnsupportedError, type Failure } from './errors.js';
import { ClientCredentialsTokenProvider } from './oauth-m2m.js';

/**
 * The one connection to the SQL warehouse: a long-lived `DBSQLClient` (connected on first use) and
 * a small pool of Thrift sessions, each running one statement at a time and reused until it fails
 * or idles too long. A session the server no longer knows (expired) is replaced and the statement
 * sent again at once: it never started. Anything else is reported, classified, to the caller; the
 * connector itself never retries ExecuteStatement.
 *
 * Only this folder imports `@databricks/sql`.
 */

export interface WarehouseLogger {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

type Session = Awaited<ReturnType<DBSQLClient['openSession']>>;
type ConnectOptions = Parameters<DBSQLClient['connect']>[0];
type Operation = Awaited<ReturnType<Session['executeStatement']>>;

/** A failed statement with what it means (errors.ts). */
export class WarehouseError extends Error {
  override name = 'WarehouseError';
  constructor(
    readonly failure: Failure,
    readonly original: unknown,
  ) {
    super(failure.message);
  }
}

export interface RunOptions {
  /** The value of the named STRING parameter `:rows`. */
  rows?: string;
  /** Further named STRING parameters (`:name`), bound by name: values never enter the SQL text. */
  parameters?: Readonly<Record<string, string>>;
  /**
   * Also fetch and return the result rows (DESCRIBE); `best-effort` when the statement's outcome is
   * known once it finished and its result is only a check (INSERT's counts): a failure to fetch then
   * returns no rows instead of failing a statement that has committed.
   */
  fetch?: boolean | 'best-effort';
}

const PARAMETERS_PROTOCOL = thrift.TCLIService_types.TProtocolVersion.SPARK_CLI_SERVICE_PROTOCOL_V8;

/** Databricks cloud domains, where the connector's own OAuth (`databricks-oauth`) works. */
const CONNECTOR_OAUTH_DOMAINS = ['.cloud.databricks.com', '.dev.databricks.com', '.gcp.databricks.com', '.azuredatabricks.net', '.databricks.azure.cn'];

/** The connector options for these settings (exported for tests). */
export function connectOptions(settings: DatabricksSettings): ConnectOptions {
  const common = {
    host: settings.host,
    port: settings.port,
    path: settings.httpPath,
    userAgentEntry: 'otlp-delta',
    // The driver's own usage telemetry to Databricks: off.
    telemetryEnabled: false,
    // One HTTP request may not outlive the statement it belongs to; polling retries neither.
    socketTimeout: settings.statementTimeoutMs,
    retriesTimeout: settings.statementTimeoutMs,
  };
  const auth = settings.auth;
  if (auth.kind === 'token') return { ...common, authType: 'access-token', token: auth.token };
  const host = settings.host.toLowerCase();
  // The connector's OAuth refuses other hosts, and fetches discovery from port 443 whatever the port
  // (a real workspace always listens there).
  if (CONNECTOR_OAUTH_DOMAINS.some((d) => host.endsWith(d))) {
    return {
      ...common,
      authType: 'databricks-oauth',
      oauthClientId: auth.clientId,
      oauthClientSecret: auth.clientSecret,
      // Service-principal secrets made by Databricks use the workspace's OIDC endpoints on Azure too
      // (the Databricks CLI and SDKs' `oauth-m2m`), not Microsoft Entra ID.
      useDatabricksOAuthInAzure: true,
    };
  }
  return {
    ...common,
    authType: 'token-provider',
    tokenProvider: new ClientCredentialsTokenProvider({
      baseUrl: `https://${settings.host}${settings.port === 443 ? '' : `:${settings.port}`}`,
      clientId: auth.clientId,
      clientSecret: auth.clientSecret,
      timeoutMs: Math.min(settings.statementTimeoutMs, 60_000),
    }),
  };
}

/** The statement's named STRING parameters, or undefined when it has none. */
function namedParameters(options: RunOptions): Record<string, DBSQLParameter> | undefined {
  const all: Record<string, string> = { ...options.parameters, ...(options.rows === undefined ? {} : { rows: options.rows }) };
  const names = Object.keys(all);
  if (names.length === 0) return undefined;
  return Object.fromEntries(names.map((name) => [name, new DBSQLParameter({ type: DBSQLParameterType.STRING, value: all[name] })]));
}

const UNREACHABLE = new Set<Failure['category']>(['network', 'http', 'timeout', 'auth', 'busy', 'unknown']);

interface PooledSession {
  session: Session;
  idleSince: number;
}

export class WarehouseConnection {
  private client: DBSQLClient | null = null;
  private connecting: Promise<DBSQLClient> | null = null;
  private idle: PooledSession[] = [];
  private closed = false;
  /** Statements that ended, for `ready()`: the last one's transport outcome. */
  private lastTransportFailure: Failure | null = null;

  constructor(
    private readonly settings: DatabricksSettings,
    private readonly options: {
      logger?: WarehouseLogger;
      idleSessionMs?: number;
      /** For tests in one process: e.g. `customCaCert` (a service trusts through NODE_EXTRA_CA_CERTS). */
      connectOverrides?: Partial<Record<string, unknown>>;
    } = {},
  ) {}

  /** Whether the last statement reached the warehouse (true before any). */
  reachable(): boolean {
    return this.lastTransportFailure === null;
  }

  /**
   * Runs one statement within `statementTimeoutMs`. Throws a `WarehouseError` when it fails.
   * A statement that timed out may still complete on the warehouse.
   */
  async run(sql: string, options: RunOptions = {}): Promise<object[]> {
    if (this.closed) throw new WarehouseError(classifyError(new Error('the warehouse connection is closed')), null);
    const controller = { timedOut: false, session: null as Session | null, operation: null as Operation | null };
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.timedOut = true;
        reject(new StatementTimeoutError(`the statement did not finish within ${this.settings.statementTimeoutMs} ms`));
      }, this.settings.statementTimeoutMs);
    });
    const work = this.execute(sql, options, controller);
    work.catch(() => {});
    try {
      const rows = await Promise.race([work, deadline]);
      this.lastTransportFailure = null;
      return rows;
    } catch (error) {
      const failure = error instanceof WarehouseError ? error.failure : classifyError(error);
      if (controller.timedOut) this.abandon(controller);
      // The warehouse answered (a SQL error) or did not (transport, busy, credentials).
      this.lastTransportFailure = UNREACHABLE.has(failure.category) ? failure : null;
      throw error instanceof WarehouseError ? error : new WarehouseError(failure, error);
    } finally {
      clearTimeout(timer);
    }
  }

  private async execute(
    sql: string,
    options: RunOptions,
    controller: { timedOut: boolean; session: Session | null; operation: Operation | null },
  ): Promise<object[]> {
    for (let attempt = 1; ; attempt++) {
      const session = await this.acquire();
      controller.session = session;
      if (controller.timedOut) {
        this.discard(session);
        throw new StatementTimeoutError('timed out');
      }
      try {
        const operation = await session.executeStatement(sql, { namedParameters: namedParameters(options) });
        controller.operation = operation;
        let rows: object[] = [];
        try {
          // Wait for the end first: fetchAll alone returns at once for an operation without a
          // result set, before the statement has finished.
          await operation.finished();
          if (options.fetch === 'best-effort') {
            rows = await operation.fetchAll().catch((error: unknown) => {
              this.options.logger?.debug({ err: error }, 'fetching the result of a finished statement failed; ignored');
              return [];
            });
          } else if (options.fetch) {
            rows = await operation.fetchAll();
          }
        } finally {
          // Best effort: the statement's outcome is known; a failed close only leaks a handle the server reaps.
          if (!controller.timedOut) {
            await operation.close().catch((error: unknown) => this.options.logger?.debug({ err: error }, 'closing a warehouse operation failed'));
          }
        }
        // After a timeout the session belongs to `abandon`, which closes it.
        if (!controller.timedOut) this.release(session);
        return rows;
      } catch (error) {
        const failure = classifyError(error);
        if (controller.timedOut) throw new WarehouseError(failure, error);
        if (failure.dropSession) this.discard(session);
        else this.release(session);
        // An expired session: the statement never ran, so it is safe to send it again at once, on
        // a new session (the idle ones are most likely gone too: the warehouse restarted or idled).
        if (failure.sessionExpired && attempt === 1) {
          this.options.logger?.debug({ err: error }, 'warehouse session expired; opening another');
          for (const pooled of this.idle.splice(0)) this.discard(pooled.session);
          continue;
        }
        throw new WarehouseError(failure, error);
      }
    }
  }

  private async connect(): Promise<DBSQLClient> {
    if (this.client) return this.client;
    if (!this.connecting) {
      this.connecting = (async () => {
        const logger = this.options.logger;
        const client = new DBSQLClient({
          logger: {
            // The connector's own log lines (reconnects, retries) are detail: we log the outcomes.
            log: (level: LogLevel, message: string) => logger?.debug({ connectorLevel: level }, message),
          },
        });
        client.on('error', (error: unknown) => logger?.debug({ err: error }, 'warehouse connection error'));
        await client.connect({ ...connectOptions(this.settings), ...this.options.connectOverrides } as ConnectOptions);
        this.client = client;
        return client;
      })().finally(() => {
        this.connecting = null;
      });
    }
    return this.connecting;
  }

  private async acquire(): Promise<Session> {
    const idleMs = this.options.idleSessionMs ?? 10 * 60_000;
    const now = Date.now();
    while (this.idle.length > 0) {
      const pooled = this.idle.pop()!;
      if (now - pooled.idleSince <= idleMs) return pooled.session;
      // Long idle sessions may have expired on the server; close quietly and open a fresh one.
      this.discard(pooled.session);
    }
    const client = await this.connect();
    const session = await client.openSession();
    // Named parameters need protocol V8, and the connector silently drops them for an older server
    // (the field is the connector's, read defensively).
    const version = (session as unknown as { backend?: { serverProtocolVersion?: unknown } }).backend?.serverProtocolVersion;
    if (typeof version === 'number' && version < PARAMETERS_PROTOCOL) {
      this.discard(session);
      throw new WarehouseUnsupportedError(
        `the warehouse speaks Thrift protocol 0x${version.toString(16)}, which has no named parameters (needs 0x${PARAMETERS_PROTOCOL.toString(16)}: a current Databricks SQL warehouse)`,
      );
    }
    return session;
  }

  private release(session: Session): void {
    if (this.closed) this.discard(session);
    else this.idle.push({ session, idleSince: Date.now() });
  }

  private discard(session: Session): void {
    void session.close().catch(() => {});
  }

  /** After a timeout: cancel what may still run and let its session go. */
  private abandon(controller: { session: Session | null; operation: Operation | null }): void {
    const { session, operation } = controller;
    void (async () => {
      if (operation) await operation.cancel().catch(() => {});
      if (session) await session.close().catch(() => {});
    })();
  }

  async close(timeoutMs = 5_000): Promise<void> {
    this.closed = true;
    const sessions = this.idle.splice(0);
    const client = this.client ?? (this.connecting ? await this.connecting.catch(() => null) : null);
    this.client = null;
    const work = (async () => {
      await Promise.all(sessions.map((p) => p.session.close().catch(() => {})));
      await client?.close().catch(() => {});
    })();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }
}

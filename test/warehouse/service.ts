import { randomBytes, randomUUID } from 'node:crypto';
import { Catalog, type BoundParameter, type Namespace, type StatementOutcome } from './catalog.js';
import type { PendingFault } from './faults.js';
import { rowSet, tableSchema, type ResultSet } from './results.js';
import {
  FetchOrientation,
  OperationState,
  OperationType,
  ProtocolVersion,
  RowSetType,
  StatusCode,
  type THandleIdentifier,
  type TExecuteStatementReq,
  type TFetchResultsReq,
  type TOpenSessionReq,
  type TOperationReq,
  type TSessionReq,
  type TSparkParameter,
  type TStatus,
} from './thrift-defs.js';
import type { RecordedStatement } from './types.js';

/** How one Thrift call is to be handled (set by the HTTP layer per request). */
export interface CallContext {
  /** An injected thrift-error for this ExecuteStatement. */
  fault?: PendingFault;
  /** Only record the ExecuteStatement with this outcome; the reply is thrown away (HTTP faults, hang). */
  recordOnly?: RecordedStatement['outcome'];
  /** A statement recorded earlier (held by 'hang'); update it instead of recording again. */
  record?: RecordedStatement;
  /** Called with the ExecuteStatement's record. */
  onRecord?: (record: RecordedStatement) => void;
}

interface Session {
  id: string;
  namespace: Namespace;
  state: 'open' | 'closed' | 'expired';
}

interface Operation {
  sessionKey: string;
  outcome: StatementOutcome;
  cursor: number;
  state: 'finished' | 'error' | 'closed' | 'canceled';
  started: number;
  completed: number;
}

const OK: TStatus = { statusCode: StatusCode.SUCCESS };

function failure(errorMessage: string, sqlState?: string): TStatus {
  return { statusCode: StatusCode.ERROR, errorMessage, sqlState, errorCode: 0 };
}

function handleKey(id: THandleIdentifier | null | undefined): string {
  return id?.guid ? Buffer.from(id.guid).toString('hex') : '';
}

function uuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function newHandle(): { key: string; id: { guid: Buffer; secret: Buffer } } {
  // A valid (version 4) UUID: the connector formats handles with uuid.stringify, which checks.
  const guid = Buffer.from(randomUUID().replace(/-/g, ''), 'hex');
  return { key: guid.toString('hex'), id: { guid, secret: randomBytes(16) } };
}

function parameterValue(p: TSparkParameter): string | null {
  const v = p.value;
  if (!v) return null;
  if (typeof v.stringValue === 'string') return v.stringValue;
  if (typeof v.doubleValue === 'number') return String(v.doubleValue);
  if (typeof v.booleanValue === 'boolean') return v.booleanValue ? 'TRUE' : 'FALSE';
  return null;
}

export function recordParameters(list: TSparkParameter[] | null | undefined): Record<string, BoundParameter> {
  const parameters: Record<string, BoundParameter> = {};
  (list ?? []).forEach((p, i) => {
    const key = p.name ?? String(p.ordinal ?? i + 1);
    parameters[key] = { type: p.type ?? 'VOID', value: parameterValue(p) };
  });
  return parameters;
}

/**
 * Whether the finished operation has a result set (GetOperationStatus): not for results without
 * columns (DDL and the like). It matters: the connector's fetchAll() polls forever on a result set
 * with no columns, and skips waiting for completion (so misses errors) when the operation handle
 * says there is none; hence the handle always says there is one.
 */
function hasResultSet(outcome: StatementOutcome): boolean {
  return outcome.kind === 'result' && outcome.result.columns.length > 0;
}

const DEFAULT_FAULT = { message: '[INTERNAL_ERROR] Injected fault from the test warehouse.', sqlState: 'XX000' };

/** The warehouse's TCLIService: sessions, statements run against the catalog, their results. */
export class WarehouseService {
  readonly catalog = new Catalog();
  readonly statements: RecordedStatement[] = [];
  private readonly sessions = new Map<string, Session>();
  private readonly operations = new Map<string, Operation>();

  expireSessions(): void {
    for (const session of this.sessions.values()) if (session.state === 'open') session.state = 'expired';
  }

  private session(key: string): Session | TStatus {
    const session = this.sessions.get(key);
    if (!session || session.state !== 'open') {
      return failure(`Invalid SessionHandle: SessionHandle [${key ? uuid(key) : 'null'}]`);
    }
    return session;
  }

  private operation(req: TOperationReq): Operation | TStatus {
    const key = handleKey(req.operationHandle?.operationId);
    const op = this.operations.get(key);
    const session = op && this.sessions.get(op.sessionKey);
    if (!op || op.state === 'closed' || session?.state !== 'open') {
      return failure(`Invalid OperationHandle: OperationHandle [opType=EXECUTE_STATEMENT, getHandleIdentifier()=${key ? uuid(key) : 'null'}]`);
    }
    return op;
  }

  /** A Thrift handler object for one call (the generated Processor calls its methods). */
  handler(ctx: CallContext = {}): object {
    const unsupported = async () => ({ status: failure('Not supported by the test warehouse.') });
    return {
      OpenSession: async (req: TOpenSessionReq) => this.openSession(req),
      CloseSession: async (req: TSessionReq) => this.closeSession(req),
      GetInfo: async (req: TSessionReq) => {
        const session = this.session(handleKey(req.sessionHandle?.sessionId));
        if ('statusCode' in session) return { status: session };
        return { status: OK, infoValue: { stringValue: 'Databricks SQL (otlp-delta test warehouse)' } };
      },
      ExecuteStatement: async (req: TExecuteStatementReq) => this.executeStatement(req, ctx),
      GetOperationStatus: async (req: TOperationReq) => this.operationStatus(req),
      GetResultSetMetadata: async (req: TOperationReq) => this.resultSetMetadata(req),
      FetchResults: async (req: TFetchResultsReq) => this.fetchResults(req),
      CloseOperation: async (req: TOperationReq) => this.finishOperation(req, 'closed'),
      CancelOperation: async (req: TOperationReq) => this.finishOperation(req, 'canceled'),
      GetTypeInfo: unsupported,
      GetCatalogs: unsupported,
      GetSchemas: unsupported,
      GetTables: unsupported,
      GetTableTypes: unsupported,
      GetColumns: unsupported,
      GetFunctions: unsupported,
      GetPrimaryKeys: unsupported,
      GetCrossReference: unsupported,
      GetDelegationToken: unsupported,
      CancelDelegationToken: unsupported,
      RenewDelegationToken: unsupported,
    };
  }

  private openSession(req: TOpenSessionReq) {
    const requested = req.client_protocol_i64 ? req.client_protocol_i64.toNumber(true) : (req.client_protocol ?? 0);
    const { key, id } = newHandle();
    const namespace = {
      catalog: req.initialNamespace?.catalogName || 'main',
      schema: req.initialNamespace?.schemaName || 'default',
    };
    this.sessions.set(key, { id: uuid(key), namespace, state: 'open' });
    return {
      status: OK,
      // A real warehouse answers min(client's version, its own); V8 is the first with parameters.
      serverProtocolVersion: Math.min(requested, ProtocolVersion.V8),
      sessionHandle: { sessionId: id },
      configuration: {},
      initialNamespace: { catalogName: namespace.catalog, schemaName: namespace.schema },
      canUseMultipleCatalogs: true,
    };
  }

  private closeSession(req: TSessionReq) {
    const key = handleKey(req.sessionHandle?.sessionId);
    const session = this.session(key);
    if ('statusCode' in session) return { status: session };
    session.state = 'closed';
    return { status: OK };
  }

  private executeStatement(req: TExecuteStatementReq, ctx: CallContext) {
    const sessionKey = handleKey(req.sessionHandle?.sessionId);
    let record = ctx.record;
    if (!record) {
      record = {
        sql: req.statement,
        parameters: recordParameters(req.parameters),
        sessionHandle: sessionKey ? uuid(sessionKey) : '',
        at: Date.now(),
        outcome: 'success',
      };
      this.statements.push(record);
    }
    ctx.onRecord?.(record);
    if (ctx.recordOnly) {
      record.outcome = ctx.recordOnly;
      return { status: OK };
    }
    const fail = (status: TStatus) => {
      record.outcome = 'error';
      record.error = status.errorMessage;
      return { status };
    };

    const session = this.session(sessionKey);
    if ('statusCode' in session) return fail(session);

    let outcome: StatementOutcome;
    if (ctx.fault?.fault === 'thrift-error') {
      const message = ctx.fault.status.message ?? DEFAULT_FAULT.message;
      const sqlState = ctx.fault.status.sqlState ?? (ctx.fault.status.message ? undefined : DEFAULT_FAULT.sqlState);
      if ((ctx.fault.status.where ?? 'execute') === 'execute') return fail(failure(message, sqlState));
      outcome = { kind: 'error', message, sqlState: sqlState ?? '' };
    } else {
      outcome = this.catalog.execute(req.statement, record.parameters, session.namespace);
    }

    if (outcome.kind === 'error') {
      record.outcome = 'error';
      record.error = outcome.message;
    } else {
      record.outcome = 'success';
      delete record.error;
    }
    const { key, id } = newHandle();
    const now = Date.now();
    this.operations.set(key, {
      sessionKey,
      outcome,
      cursor: 0,
      state: outcome.kind === 'error' ? 'error' : 'finished',
      started: now,
      completed: now,
    });
    return {
      status: OK,
      // With runAsync the server cannot know yet whether the statement will produce rows (or
      // fail), so the handle says it has a result set; GetOperationStatus then tells.
      operationHandle: { operationId: id, operationType: OperationType.EXECUTE_STATEMENT, hasResultSet: true },
    };
  }

  private operationStatus(req: TOperationReq) {
    const op = this.operation(req);
    if ('statusCode' in op) return { status: op };
    const times = { operationStarted: op.started, operationCompleted: op.completed };
    if (op.outcome.kind === 'error') {
      return {
        status: OK,
        operationState: OperationState.ERROR,
        // As a warehouse reports it: the raw server message, the clean message for display.
        errorMessage: `org.apache.hive.service.cli.HiveSQLException: Error running query: ${op.outcome.message}`,
        displayMessage: op.outcome.message,
        sqlState: op.outcome.sqlState || undefined,
        errorCode: 0,
        hasResultSet: false,
        ...times,
      };
    }
    return {
      status: OK,
      operationState: op.state === 'canceled' ? OperationState.CLOSED : OperationState.FINISHED,
      hasResultSet: hasResultSet(op.outcome),
      numModifiedRows: op.outcome.numModifiedRows,
      ...times,
    };
  }

  private resultOf(req: TOperationReq): ResultSet | TStatus {
    const op = this.operation(req);
    if ('statusCode' in op) return op;
    if (op.outcome.kind === 'error') return failure(op.outcome.message, op.outcome.sqlState || undefined);
    return op.outcome.result;
  }

  private resultSetMetadata(req: TOperationReq) {
    const result = this.resultOf(req);
    if ('statusCode' in result) return { status: result };
    return { status: OK, schema: tableSchema(result), resultFormat: RowSetType.COLUMN_BASED_SET, lz4Compressed: false };
  }

  private fetchResults(req: TFetchResultsReq) {
    const op = this.operation(req);
    const result = this.resultOf(req);
    if ('statusCode' in op) return { status: op };
    if ('statusCode' in result) return { status: result };
    if (req.fetchType === 1) return { status: OK, hasMoreRows: false, results: rowSet({ columns: [], rows: [] }, 0, 0) };
    if (req.orientation === FetchOrientation.FETCH_FIRST) op.cursor = 0;
    const maxRows = req.maxRows ? req.maxRows.toNumber(true) : 100_000;
    const from = op.cursor;
    const to = Math.min(result.rows.length, from + Math.max(0, maxRows));
    op.cursor = to;
    return { status: OK, hasMoreRows: to < result.rows.length, results: rowSet(result, from, to) };
  }

  private finishOperation(req: TOperationReq, state: 'closed' | 'canceled') {
    const op = this.operation(req);
    if ('statusCode' in op) return { status: op };
    op.state = state;
    return { status: OK };
  }
}

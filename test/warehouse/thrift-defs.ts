import { createRequire } from 'node:module';

/**
 * The connector's own bundled Thrift definitions (generated JS, TCLIService + types) and the
 * `thrift` runtime it uses, loaded from the connector's location so that both sides share one
 * `thrift` instance. The bundled .d.ts files declare nothing importable, so the few shapes the
 * warehouse touches are typed here.
 */
const requireHere = createRequire(import.meta.url);
const serviceFile = requireHere.resolve('@databricks/sql/thrift/TCLIService.js');
const requireConnector = createRequire(serviceFile);

export interface Int64Value {
  toNumber(allowImprecise?: boolean): number;
}

export interface ThriftTransport {
  flush(): void;
}
export interface ThriftProtocol {
  readMessageBegin(): { fname: string; mtype: number; rseqid: number };
}
export interface BufferedTransportClass {
  new (buffer: Buffer | undefined, onFlush: (message: Buffer) => void): ThriftTransport;
  receiver(callback: (transport: ThriftTransport) => void, seqid?: number): (data: Buffer) => void;
}
export interface BinaryProtocolClass {
  new (transport: ThriftTransport): ThriftProtocol;
}
interface ThriftRuntime {
  TBufferedTransport: BufferedTransportClass;
  TBinaryProtocol: BinaryProtocolClass;
}

export interface ProcessorInstance {
  process(input: ThriftProtocol, output: ThriftProtocol): void;
}
interface ServiceModule {
  Processor: new (handler: object) => ProcessorInstance;
}

type Enum = Readonly<Record<string, number>>;
interface TypesModule {
  TProtocolVersion: Enum;
  TStatusCode: Enum;
  TOperationState: Enum;
  TOperationType: Enum;
  TSparkRowSetType: Enum;
  TTypeId: Enum;
  TFetchOrientation: Enum;
  TGetInfoType: Enum;
}

export const thrift = requireConnector('thrift') as ThriftRuntime;
export const TCLIService = requireConnector(serviceFile) as ServiceModule;
export const ttypes = requireConnector('./TCLIService_types.js') as TypesModule;

function member(e: Enum, name: string): number {
  const value = e[name];
  if (typeof value !== 'number') throw new Error(`thrift enum member ${name} is missing`);
  return value;
}

export const StatusCode = {
  SUCCESS: member(ttypes.TStatusCode, 'SUCCESS_STATUS'),
  ERROR: member(ttypes.TStatusCode, 'ERROR_STATUS'),
  INVALID_HANDLE: member(ttypes.TStatusCode, 'INVALID_HANDLE_STATUS'),
};
export const OperationState = {
  FINISHED: member(ttypes.TOperationState, 'FINISHED_STATE'),
  CLOSED: member(ttypes.TOperationState, 'CLOSED_STATE'),
  ERROR: member(ttypes.TOperationState, 'ERROR_STATE'),
};
export const ProtocolVersion = {
  V8: member(ttypes.TProtocolVersion, 'SPARK_CLI_SERVICE_PROTOCOL_V8'),
};
export const OperationType = { EXECUTE_STATEMENT: member(ttypes.TOperationType, 'EXECUTE_STATEMENT') };
export const RowSetType = { COLUMN_BASED_SET: member(ttypes.TSparkRowSetType, 'COLUMN_BASED_SET') };
export const FetchOrientation = { FETCH_FIRST: member(ttypes.TFetchOrientation, 'FETCH_FIRST') };
export const TypeId = {
  BOOLEAN: member(ttypes.TTypeId, 'BOOLEAN_TYPE'),
  INT: member(ttypes.TTypeId, 'INT_TYPE'),
  BIGINT: member(ttypes.TTypeId, 'BIGINT_TYPE'),
  DOUBLE: member(ttypes.TTypeId, 'DOUBLE_TYPE'),
  STRING: member(ttypes.TTypeId, 'STRING_TYPE'),
};

// Request shapes (the fields the warehouse reads; generated classes carry null for unset fields).
export interface THandleIdentifier {
  guid: Buffer;
  secret: Buffer;
}
export interface TSessionHandle {
  sessionId: THandleIdentifier;
}
export interface TOperationHandle {
  operationId: THandleIdentifier;
  operationType?: number | null;
  hasResultSet?: boolean | null;
}
export interface TOpenSessionReq {
  client_protocol?: number | null;
  client_protocol_i64?: Int64Value | null;
  configuration?: Record<string, string> | null;
  initialNamespace?: { catalogName?: string | null; schemaName?: string | null } | null;
}
export interface TSparkParameter {
  ordinal?: number | null;
  name?: string | null;
  type?: string | null;
  value?: { stringValue?: string | null; doubleValue?: number | null; booleanValue?: boolean | null } | null;
}
export interface TExecuteStatementReq {
  sessionHandle: TSessionHandle;
  statement: string;
  parameters?: TSparkParameter[] | null;
}
export interface TOperationReq {
  operationHandle: TOperationHandle;
}
export interface TFetchResultsReq extends TOperationReq {
  orientation?: number | null;
  maxRows?: Int64Value | null;
  fetchType?: number | null;
}
export interface TSessionReq {
  sessionHandle: TSessionHandle;
}
export interface TGetInfoReq extends TSessionReq {
  infoType: number;
}

export interface TStatus {
  statusCode: number;
  errorMessage?: string;
  sqlState?: string;
  errorCode?: number;
  infoMessages?: string[];
}

/**
 * A test Databricks SQL warehouse that speaks the real protocol to the real `@databricks/sql`
 * connector (2.1.0): HTTPS on 127.0.0.1 with a certificate made at start, Thrift TCLIService
 * (binary protocol over HTTP POST, built on the connector's bundled definitions) behind Bearer
 * auth (a PAT or an OAuth M2M token it issued), a minimal catalog, and fault injection.
 *
 * Thrift calls served: OpenSession (answers SPARK_CLI_SERVICE_PROTOCOL_V8, the first version with
 * which the connector sends parameters), ExecuteStatement (recorded with its parameters; no direct
 * results, so the connector goes on to call), GetOperationStatus, GetResultSetMetadata (always
 * COLUMN_BASED_SET, so the connector never needs Arrow), FetchResults, CloseOperation,
 * CancelOperation, CloseSession, GetInfo; the metadata calls (GetTables, ...) answer an error.
 *
 * Catalog: CREATE [OR REPLACE] TABLE [IF NOT EXISTS] registers a table; DROP TABLE [IF EXISTS];
 * INSERT INTO / DESCRIBE [TABLE] / SELECT ... FROM need the table, else the operation ends in
 * ERROR_STATE with `[TABLE_OR_VIEW_NOT_FOUND] The table or view `c`.`s`.`t` cannot be found. ...`
 * and sqlState 42P01 (surfacing from `operation.fetchAll()` as the connector's OperationStateError,
 * message = displayMessage, `error.response.sqlState`); a `:name` marker without a bound parameter
 * fails with UNBOUND_SQL_PARAMETER (42P02); SELECT 1 returns one row; anything else succeeds empty.
 *
 * Workspace REST (extension): the AI/BI dashboards (Lakeview) API and workspace mkdirs, recorded
 * and answered as documented (lakeview.ts).
 *
 * Trust: in the test process pass `customCaCert: readFileSync(wh.caCertPath)`; child processes get
 * NODE_EXTRA_CA_CERTS (and, for OAuth, the host alias) from `wh.childEnv()`.
 */
export { startTestWarehouse } from './warehouse.js';
export type { Fault, FaultStatus, RecordedStatement, RequestLogEntry, TestWarehouse, TestWarehouseOptions } from './types.js';
export type { LakeviewApi, LakeviewRequest, StoredDashboard } from './lakeview.js';
export { addHostAlias, removeHostAlias, HOST_ALIASES_ENV } from './host-alias.mjs';

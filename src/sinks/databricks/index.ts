/**
 * Unity Catalog tables through a Databricks SQL warehouse (`@databricks/sql`): one INSERT per batch
 * with the rows as one JSON parameter, the `sql/` DDL for bootstrap, classified errors, at-least-once
 * delivery. The only part of the service that imports the connector.
 */
export { DatabricksSink, type DatabricksSinkOptions, type SinkLogger } from './databricks-sink.js';
export { WarehouseConnection, WarehouseError, connectOptions } from './connection.js';
export { classifyError, fixFor, type Failure, type FailureCategory } from './errors.js';
export { rowJson, rowsChunks, type RowsChunk } from './rows-json.js';
export { createTableSql, describeSql, insertSql, rowsType, ROWS_PARAMETER } from './statements.js';
export { describedColumns, kindOfColumns, parseSparkType } from './describe.js';
export { LakeviewClient, publishedDashboardUrl, warehouseIdOf, workspaceBaseUrl, type DeployRequest, type DeployResult } from './lakeview-client.js';
export { classifyHttpFailure, dashboardGrants, LakeviewError, type LakeviewFailure } from './lakeview-errors.js';
export { WarehouseQueryRunner } from './query-runner.js';

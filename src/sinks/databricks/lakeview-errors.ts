/**
 * What a failed call to the workspace REST API (Lakeview dashboards, workspace folders) means, in
 * words a person can act on. The API answers errors as JSON `{ "error_code", "message" }`
 * (https://docs.databricks.com/api/workspace/introduction, "Error handling"); the HTTP status says
 * which kind, the error code which precise cause.
 */

export type LakeviewFailureCategory = 'auth' | 'permission' | 'not-found' | 'conflict' | 'bad-request' | 'busy' | 'network' | 'unknown';

export interface LakeviewFailure {
  category: LakeviewFailureCategory;
  httpStatus?: number;
  errorCode?: string;
  /** The workspace's own words. */
  message: string;
  /** What to do about it. */
  fix: string;
}

/** A failed REST call, classified. */
export class LakeviewError extends Error {
  override name = 'LakeviewError';
  constructor(readonly failure: LakeviewFailure) {
    super(`${failure.message}: ${failure.fix}`);
  }
}

/** What the call was doing, for the fix: the folder, the warehouse, the dashboard. */
export interface LakeviewCallContext {
  action: string;
  folder?: string;
  warehouseId?: string;
}

const CREDENTIALS = 'check DATABRICKS_TOKEN (a personal access token that is not expired or revoked) or DATABRICKS_CLIENT_ID/DATABRICKS_CLIENT_SECRET (an OAuth secret of a service principal that belongs to this workspace)';

/** The grants a dashboard deployment needs, named as an admin grants them. */
export function dashboardGrants(context: LakeviewCallContext): string {
  const folder = context.folder ?? 'the dashboard folder';
  const warehouse = context.warehouseId ? `warehouse ${context.warehouseId}` : 'the SQL warehouse';
  return (
    `ask a workspace admin for CAN MANAGE (or CAN EDIT) on the workspace folder ${folder} (or choose a folder you own with --dashboard-folder), ` +
    `CAN USE on ${warehouse}, and the Databricks SQL access entitlement for this principal`
  );
}

/** Classifies an HTTP answer of the REST API. */
export function classifyHttpFailure(status: number, body: unknown, context: LakeviewCallContext): LakeviewFailure {
  const record = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const errorCode = typeof record.error_code === 'string' ? record.error_code : undefined;
  const said = typeof record.message === 'string' && record.message !== '' ? record.message : `HTTP ${status}`;
  const message = `${context.action} failed: ${said}${errorCode ? ` (${errorCode}, HTTP ${status})` : status ? ` (HTTP ${status})` : ''}`;
  const base = { httpStatus: status, errorCode, message };
  if (status === 401) return { ...base, category: 'auth', fix: `the workspace did not accept the credentials: ${CREDENTIALS}` };
  if (status === 403 || errorCode === 'PERMISSION_DENIED') return { ...base, category: 'permission', fix: dashboardGrants(context) };
  if (status === 404 || errorCode === 'RESOURCE_DOES_NOT_EXIST' || errorCode === 'ENDPOINT_NOT_FOUND') {
    const fix =
      errorCode === 'ENDPOINT_NOT_FOUND'
        ? 'this host does not serve the Lakeview API: check that DATABRICKS_HOST is the workspace URL (AI/BI dashboards must be enabled there)'
        : `check that DATABRICKS_HOST is the right workspace, that DATABRICKS_HTTP_PATH names a warehouse of it${context.warehouseId ? ` (id ${context.warehouseId})` : ''}, and that the folder ${context.folder ?? ''} exists or can be created`;
    return { ...base, category: 'not-found', fix };
  }
  if (errorCode === 'ABORTED') return { ...base, category: 'conflict', fix: 'the dashboard was edited while this command updated it: run the command again' };
  if (status === 409) return { ...base, category: 'conflict', fix: 'another object of that name is in the folder: rename it, or choose another --dashboard-folder' };
  if (status === 429 || status === 503) return { ...base, category: 'busy', fix: 'the workspace is busy or starting: run the command again in a minute' };
  if (status === 400) return { ...base, category: 'bad-request', fix: 'the workspace refused the dashboard definition; this is a bug: please report it with this message' };
  return { ...base, category: 'unknown', fix: 'run the command again; if it keeps failing, report it with this message' };
}

/** A request that never got an answer (DNS, TLS, refused, timeout). */
export function networkFailure(error: unknown, context: LakeviewCallContext, baseUrl: string): LakeviewFailure {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error).message;
  return {
    category: 'network',
    message: `${context.action} failed: could not reach ${baseUrl} (${detail})`,
    fix: 'check DATABRICKS_HOST and the network path to the workspace',
  };
}

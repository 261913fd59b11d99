import type { DatabricksSettings } from '../../config/schema.js';
import { classifyHttpFailure, LakeviewError, networkFailure, type LakeviewCallContext } from './lakeview-errors.js';
import { ClientCredentialsTokenProvider } from './oauth-m2m.js';

/**
 * The workspace's AI/BI (Lakeview) dashboards REST API, with the sink's credentials (a personal
 * access token, or an OAuth M2M token from the workspace's own OIDC endpoints):
 * https://docs.databricks.com/api/workspace/lakeview
 *
 * - list `GET /api/2.0/lakeview/dashboards` (summaries: id, display_name, lifecycle_state; paged
 *   by `next_page_token`), get `GET .../dashboards/{id}` (with `path`, `parent_path`, `etag`);
 * - create `POST .../dashboards` (`display_name`, `warehouse_id`, `serialized_dashboard` as a
 *   string, `parent_path`), update `PATCH .../dashboards/{id}`;
 * - publish `POST .../dashboards/{id}/published` (`warehouse_id`, `embed_credentials`);
 * - the folder is made first with the Workspace API `POST /api/2.0/workspace/mkdirs`, which
 *   succeeds when it exists already.
 */

export interface DashboardSummary {
  dashboard_id: string;
  display_name?: string;
  lifecycle_state?: string;
  parent_path?: string;
  path?: string;
  etag?: string;
  warehouse_id?: string;
}

export interface DeployRequest {
  displayName: string;
  /** Workspace folder, e.g. `/Shared/otlp-delta` (leading slash, no trailing slash). */
  parentPath: string;
  warehouseId: string;
  /** The `.lvdash.json` content. */
  serializedDashboard: string;
  /** Viewers see the data through the publisher's credentials (the API's default), or their own. */
  embedCredentials: boolean;
}

export interface DeployResult {
  dashboardId: string;
  action: 'created' | 'updated';
  /** The published dashboard in the workspace UI. */
  url: string;
}

/** The warehouse id at the end of a SQL warehouse HTTP path (`/sql/1.0/warehouses/<id>`, or the older `/endpoints/<id>`). */
export function warehouseIdOf(httpPath: string): string | undefined {
  return /\/sql\/[^/]+\/(?:warehouses|endpoints)\/([A-Za-z0-9]+)\/?$/.exec(httpPath)?.[1];
}

export function workspaceBaseUrl(settings: Pick<DatabricksSettings, 'host' | 'port'>): string {
  return `https://${settings.host}${settings.port === 443 ? '' : `:${settings.port}`}`;
}

/** Where the published dashboard opens in the workspace UI (what `databricks bundle deploy` prints too). */
export function publishedDashboardUrl(baseUrl: string, dashboardId: string): string {
  return `${baseUrl}/dashboardsv3/${encodeURIComponent(dashboardId)}/published`;
}

export class LakeviewClient {
  readonly baseUrl: string;
  private readonly tokenProvider: ClientCredentialsTokenProvider | null;
  private readonly timeoutMs: number;

  constructor(private readonly settings: DatabricksSettings) {
    this.baseUrl = workspaceBaseUrl(settings);
    this.timeoutMs = Math.min(settings.statementTimeoutMs, 60_000);
    this.tokenProvider =
      settings.auth.kind === 'oauth-m2m'
        ? new ClientCredentialsTokenProvider({ baseUrl: this.baseUrl, clientId: settings.auth.clientId, clientSecret: settings.auth.clientSecret, timeoutMs: this.timeoutMs })
        : null;
  }

  private async bearer(context: LakeviewCallContext): Promise<string> {
    if (this.settings.auth.kind === 'token') return this.settings.auth.token;
    try {
      return (await this.tokenProvider!.getToken()).accessToken;
    } catch (error) {
      throw new LakeviewError({
        category: 'auth',
        message: `${context.action} failed: ${(error as Error).message}`,
        fix: 'check DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET (an OAuth secret of a service principal of this workspace)',
      });
    }
  }

  /** One JSON call; a non-2xx answer becomes a classified `LakeviewError`. */
  private async call<T>(method: string, path: string, body: unknown, context: LakeviewCallContext): Promise<T> {
    const token = await this.bearer(context);
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          'user-agent': 'otlp-delta',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new LakeviewError(networkFailure(error, context, this.baseUrl));
    }
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text === '' ? {} : JSON.parse(text);
    } catch {
      parsed = { message: text.slice(0, 300) };
    }
    if (!response.ok) throw new LakeviewError(classifyHttpFailure(response.status, parsed, context));
    return parsed as T;
  }

  async mkdirs(path: string, context: LakeviewCallContext): Promise<void> {
    await this.call('POST', '/api/2.0/workspace/mkdirs', { path }, { ...context, action: `creating the workspace folder ${path}` });
  }

  /** The active dashboard named `displayName` in `parentPath`, if there is one. */
  async find(displayName: string, parentPath: string, context: LakeviewCallContext): Promise<DashboardSummary | undefined> {
    let pageToken: string | undefined;
    const action = { ...context, action: 'listing the workspace dashboards' };
    do {
      const query = new URLSearchParams({ page_size: '1000' });
      if (pageToken) query.set('page_token', pageToken);
      const page = await this.call<{ dashboards?: DashboardSummary[]; next_page_token?: string }>('GET', `/api/2.0/lakeview/dashboards?${query}`, undefined, action);
      // The list leaves out paths: read each dashboard of that name to see which folder it is in.
      for (const summary of page.dashboards ?? []) {
        if (summary.display_name !== displayName || (summary.lifecycle_state && summary.lifecycle_state !== 'ACTIVE')) continue;
        const full = await this.call<DashboardSummary>('GET', `/api/2.0/lakeview/dashboards/${encodeURIComponent(summary.dashboard_id)}`, undefined, {
          ...context,
          action: `reading dashboard ${summary.dashboard_id}`,
        });
        if (full.parent_path === parentPath || full.path === `${parentPath}/${displayName}.lvdash.json`) return full;
      }
      pageToken = page.next_page_token || undefined;
    } while (pageToken);
    return undefined;
  }

  /** Creates the dashboard, or updates the one of that name in that folder; then publishes it. */
  async deploy(request: DeployRequest): Promise<DeployResult> {
    const context: LakeviewCallContext = { action: '', folder: request.parentPath, warehouseId: request.warehouseId };
    await this.mkdirs(request.parentPath, context);
    const existing = await this.find(request.displayName, request.parentPath, context);
    const fields = { display_name: request.displayName, warehouse_id: request.warehouseId, serialized_dashboard: request.serializedDashboard };
    let dashboardId: string;
    if (existing) {
      const updated = await this.call<DashboardSummary>('PATCH', `/api/2.0/lakeview/dashboards/${encodeURIComponent(existing.dashboard_id)}`, { ...fields, etag: existing.etag }, {
        ...context,
        action: `updating dashboard "${request.displayName}" (${existing.dashboard_id})`,
      });
      dashboardId = updated.dashboard_id ?? existing.dashboard_id;
    } else {
      const created = await this.call<DashboardSummary>('POST', '/api/2.0/lakeview/dashboards', { ...fields, parent_path: request.parentPath }, {
        ...context,
        action: `creating dashboard "${request.displayName}" in ${request.parentPath}`,
      });
      if (typeof created.dashboard_id !== 'string' || created.dashboard_id === '') {
        throw new LakeviewError({ category: 'unknown', message: 'creating the dashboard answered no dashboard_id', fix: 'report it with this message' });
      }
      dashboardId = created.dashboard_id;
    }
    await this.call('POST', `/api/2.0/lakeview/dashboards/${encodeURIComponent(dashboardId)}/published`, { warehouse_id: request.warehouseId, embed_credentials: request.embedCredentials }, {
      ...context,
      action: `publishing dashboard "${request.displayName}" (${dashboardId})`,
    });
    return { dashboardId, action: existing ? 'updated' : 'created', url: publishedDashboardUrl(this.baseUrl, dashboardId) };
  }
}

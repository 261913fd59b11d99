import { randomBytes } from 'node:crypto';
import type { HttpAnswer } from './oauth.js';

/**
 * The workspace REST endpoints a dashboard deployment uses, answered as the API reference documents
 * them (https://docs.databricks.com/api/workspace/lakeview, .../workspace/workspace/mkdirs):
 *
 * - `POST /api/2.0/workspace/mkdirs {path}`: makes the folder and its parents; `{}`.
 * - `GET /api/2.0/lakeview/dashboards[?page_size&page_token]`: `{dashboards: [{dashboard_id,
 *   display_name, warehouse_id, lifecycle_state, create_time}], next_page_token}` (no path, no
 *   serialized_dashboard, no etag).
 * - `GET /api/2.0/lakeview/dashboards/{id}`: the Dashboard object.
 * - `POST /api/2.0/lakeview/dashboards`: creates a draft; 404 RESOURCE_DOES_NOT_EXIST when the
 *   parent folder does not exist, 409 RESOURCE_ALREADY_EXISTS when `<name>.lvdash.json` is there,
 *   400 INVALID_PARAMETER_VALUE when `serialized_dashboard` is not a dashboard.
 * - `PATCH /api/2.0/lakeview/dashboards/{id}`: updates; 409 ABORTED when a stale `etag` is sent.
 * - `POST /api/2.0/lakeview/dashboards/{id}/published {warehouse_id, embed_credentials}`.
 *
 * A `serialized_dashboard` is accepted only when it parses and every widget query names a dataset
 * of the file (what an import checks first). Faults: `failNext(status)` answers the next calls with
 * that status and the error body a workspace sends for it.
 */

export interface LakeviewRequest {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
  status: number;
}

export interface StoredDashboard {
  dashboard_id: string;
  display_name: string;
  parent_path: string;
  path: string;
  warehouse_id: string;
  serialized_dashboard: string;
  etag: string;
  lifecycle_state: 'ACTIVE' | 'TRASHED';
  create_time: string;
  update_time: string;
  published?: { warehouse_id: string; embed_credentials: boolean; revision_create_time: string };
}

const json = (status: number, value: unknown): HttpAnswer => ({ status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) });
const error = (status: number, errorCode: string, message: string) => json(status, { error_code: errorCode, message });

const FAULT_BODIES: Record<number, [string, string]> = {
  401: ['UNAUTHENTICATED', 'Invalid access token.'],
  403: ['PERMISSION_DENIED', 'User does not have permission to create a dashboard in this folder.'],
  404: ['RESOURCE_DOES_NOT_EXIST', 'Warehouse testwh does not exist.'],
  429: ['REQUEST_LIMIT_EXCEEDED', 'Too many requests.'],
  503: ['TEMPORARILY_UNAVAILABLE', 'The service is temporarily unavailable.'],
};

/** Why a serialized dashboard would not import, or undefined. */
export function importProblem(serialized: unknown): string | undefined {
  if (typeof serialized !== 'string') return 'serialized_dashboard must be a string';
  let parsed: { datasets?: Array<{ name?: unknown }>; pages?: Array<{ layout?: Array<{ widget?: { queries?: Array<{ query?: { datasetName?: unknown } }> } }> }> };
  try {
    parsed = JSON.parse(serialized);
  } catch (e) {
    return `serialized_dashboard is not JSON: ${(e as Error).message}`;
  }
  if (!Array.isArray(parsed.datasets) || !Array.isArray(parsed.pages)) return 'serialized_dashboard needs datasets and pages';
  const names = new Set(parsed.datasets.map((d) => d.name));
  for (const page of parsed.pages) {
    for (const item of page.layout ?? []) {
      for (const q of item.widget?.queries ?? []) {
        if (!names.has(q.query?.datasetName)) return `a widget queries the unknown dataset ${JSON.stringify(q.query?.datasetName)}`;
      }
    }
  }
  return undefined;
}

export class LakeviewApi {
  readonly requests: LakeviewRequest[] = [];
  readonly dashboards = new Map<string, StoredDashboard>();
  readonly folders = new Set<string>(['/', '/Shared', '/Users']);
  private readonly faults: number[] = [];

  failNext(status: number, count = 1): void {
    for (let i = 0; i < count; i++) this.faults.push(status);
  }

  handles(path: string): boolean {
    return path.startsWith('/api/2.0/lakeview/') || path.startsWith('/api/2.0/workspace/');
  }

  answer(method: string, url: string, raw: string): HttpAnswer {
    const [path, search = ''] = url.split('?');
    let body: Record<string, unknown> | undefined;
    try {
      body = raw === '' ? undefined : (JSON.parse(raw) as Record<string, unknown>);
    } catch {
      return this.log(method, path, undefined, error(400, 'MALFORMED_REQUEST', 'Could not parse request body as JSON.'));
    }
    const fault = this.faults.shift();
    if (fault !== undefined) {
      const [code, message] = FAULT_BODIES[fault] ?? ['INTERNAL_ERROR', 'Injected by the test warehouse.'];
      return this.log(method, path, body, error(fault, code, message));
    }
    return this.log(method, path, body, this.route(method, path, new URLSearchParams(search), body ?? {}));
  }

  private log(method: string, path: string, body: Record<string, unknown> | undefined, answer: HttpAnswer): HttpAnswer {
    this.requests.push({ method, path, body, status: answer.status });
    return answer;
  }

  private route(method: string, path: string, query: URLSearchParams, body: Record<string, unknown>): HttpAnswer {
    const now = new Date().toISOString();
    if (method === 'POST' && path === '/api/2.0/workspace/mkdirs') {
      if (typeof body.path !== 'string' || !body.path.startsWith('/')) return error(400, 'INVALID_PARAMETER_VALUE', 'Path must be absolute.');
      const parts = body.path.split('/').filter(Boolean);
      for (let i = 1; i <= parts.length; i++) this.folders.add(`/${parts.slice(0, i).join('/')}`);
      return json(200, {});
    }
    if (method === 'GET' && path === '/api/2.0/lakeview/dashboards') {
      const size = Math.min(Number(query.get('page_size') ?? 20) || 20, 1000);
      const start = Number(query.get('page_token') ?? 0) || 0;
      const all = [...this.dashboards.values()].filter((d) => query.get('show_trashed') === 'true' || d.lifecycle_state === 'ACTIVE');
      const page = all.slice(start, start + size).map(({ dashboard_id, display_name, warehouse_id, lifecycle_state, create_time }) => ({ dashboard_id, display_name, warehouse_id, lifecycle_state, create_time }));
      return json(200, { dashboards: page, ...(start + size < all.length ? { next_page_token: String(start + size) } : {}) });
    }
    if (method === 'POST' && path === '/api/2.0/lakeview/dashboards') {
      const parent = typeof body.parent_path === 'string' ? body.parent_path : '/Users/test@example.com';
      if (typeof body.display_name !== 'string' || body.display_name === '') return error(400, 'INVALID_PARAMETER_VALUE', 'display_name is required.');
      if (!this.folders.has(parent)) return error(404, 'RESOURCE_DOES_NOT_EXIST', `Path (${parent}) doesn't exist.`);
      const file = `${parent}/${body.display_name}.lvdash.json`;
      if ([...this.dashboards.values()].some((d) => d.path === file && d.lifecycle_state === 'ACTIVE')) {
        return error(409, 'RESOURCE_ALREADY_EXISTS', `Node named '${body.display_name}.lvdash.json' already exists`);
      }
      const problem = importProblem(body.serialized_dashboard);
      if (problem) return error(400, 'INVALID_PARAMETER_VALUE', problem);
      const id = randomBytes(16).toString('hex');
      const dashboard: StoredDashboard = {
        dashboard_id: id,
        display_name: body.display_name,
        parent_path: parent,
        path: file,
        warehouse_id: String(body.warehouse_id ?? ''),
        serialized_dashboard: body.serialized_dashboard as string,
        etag: '1',
        lifecycle_state: 'ACTIVE',
        create_time: now,
        update_time: now,
      };
      this.dashboards.set(id, dashboard);
      return json(200, this.view(dashboard));
    }
    const one = /^\/api\/2\.0\/lakeview\/dashboards\/([^/]+)(\/published)?$/.exec(path);
    const dashboard = one ? this.dashboards.get(decodeURIComponent(one[1])) : undefined;
    if (one && !dashboard) return error(404, 'RESOURCE_DOES_NOT_EXIST', `Unable to find dashboard [${one[1]}]`);
    if (one && dashboard && !one[2]) {
      if (method === 'GET') return json(200, this.view(dashboard));
      if (method === 'PATCH') {
        if (typeof body.etag === 'string' && body.etag !== dashboard.etag) return error(409, 'ABORTED', 'The dashboard was modified since it was read (etag mismatch).');
        if (body.serialized_dashboard !== undefined) {
          const problem = importProblem(body.serialized_dashboard);
          if (problem) return error(400, 'INVALID_PARAMETER_VALUE', problem);
          dashboard.serialized_dashboard = body.serialized_dashboard as string;
        }
        if (typeof body.display_name === 'string') dashboard.display_name = body.display_name;
        if (typeof body.warehouse_id === 'string') dashboard.warehouse_id = body.warehouse_id;
        dashboard.etag = String(Number(dashboard.etag) + 1);
        dashboard.update_time = now;
        return json(200, this.view(dashboard));
      }
    }
    if (one && dashboard && one[2] && method === 'POST') {
      dashboard.published = {
        warehouse_id: typeof body.warehouse_id === 'string' ? body.warehouse_id : dashboard.warehouse_id,
        embed_credentials: body.embed_credentials !== false,
        revision_create_time: now,
      };
      return json(200, { display_name: dashboard.display_name, ...dashboard.published });
    }
    return error(404, 'ENDPOINT_NOT_FOUND', `No API found for '${method} ${path}'`);
  }

  private view(d: StoredDashboard): Omit<StoredDashboard, 'published'> {
    const { published: _published, ...rest } = d;
    return rest;
  }
}

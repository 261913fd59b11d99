import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Tokens } from '../auth/tokens.js';
import type { UsageEngine } from './engine.js';
import { FILTER_VALUES, PAGES, PARAMS, SUMMARY_FIELDS, VIEWS, viewById, type ViewDef } from './model/index.js';
import { dashboardAssets } from './page/assets.js';
import { checkReader } from './reader-auth.js';
import { readParams } from './request-params.js';

export interface DashboardDeps {
  engine: UsageEngine;
  /** The tokens in force, read at each request; null: no tokens file. */
  tokens: () => Tokens | null;
}

/** google.rpc.Status codes (google/rpc/code.proto) of the answers below. */
const CODE = { 400: 3, 401: 16, 403: 7, 404: 5, 500: 13 } as const;

function status(reply: FastifyReply, http: keyof typeof CODE, message: string): FastifyReply {
  if (http === 401) reply.header('www-authenticate', 'Bearer');
  return reply.code(http).header('cache-control', 'no-store').send({ code: CODE[http], message, details: [] });
}

/**
 * The dashboard's HTTP face, on the service's app (`serve`) or on its own (`otlp-delta
 * dashboard`): `/dashboard` (the page and its static files) and the JSON API under
 * `/api/usage/` (`summary` as SPEC.md defines it, one endpoint per view, `views` for the
 * catalogue). Read-only; every data route needs a reader when a tokens file is configured.
 */
export function registerDashboard(app: FastifyInstance, deps: DashboardDeps): void {
  const reader = (request: FastifyRequest) => checkReader(deps.tokens(), request.headers.authorization, request.headers.cookie);

  const guard = (request: FastifyRequest, reply: FastifyReply): boolean => {
    const who = reader(request);
    if (who.ok) return true;
    void status(reply, who.status, who.message);
    return false;
  };

  const run = async (view: ViewDef, request: FastifyRequest, reply: FastifyReply) => {
    const params = readParams(request.query as Record<string, unknown>);
    if (!params.ok) return status(reply, 400, params.message);
    try {
      const result = await deps.engine.run(view, params.values);
      return { params, result };
    } catch (error) {
      request.log.error({ err: error, view: view.id }, 'usage query failed');
      return status(reply, 500, `the ${view.id} query failed: ${(error as Error).message.split('\n')[0].slice(0, 300)}`);
    }
  };

  app.get('/api/usage/summary', async (request, reply) => {
    if (!guard(request, reply)) return reply;
    const out = await run(viewById('summary')!, request, reply);
    if (!('result' in out)) return out;
    const agents = out.result.rows.map((r) => Object.fromEntries([['agent', r.agent], ...SUMMARY_FIELDS.map((f) => [f, r[f]])]));
    return reply.header('cache-control', 'no-store').send({ from: out.params.from, to: out.params.to, agents });
  });

  app.get('/api/usage/views', async (request, reply) => {
    if (!guard(request, reply)) return reply;
    return {
      pages: PAGES,
      params: PARAMS,
      views: VIEWS.map(({ id, title, page, description, columns, chart, encoding, params }) => ({ id, title, page, description, columns, chart, encoding, params })),
    };
  });

  app.get<{ Params: { view: string } }>('/api/usage/:view', async (request, reply) => {
    if (!guard(request, reply)) return reply;
    const id = request.params.view;
    const view = id === FILTER_VALUES.id ? FILTER_VALUES : viewById(id);
    if (!view) return status(reply, 404, `no view ${JSON.stringify(id.slice(0, 64))}; GET /api/usage/views lists them`);
    const out = await run(view, request, reply);
    if (!('result' in out)) return out;
    return reply.header('cache-control', 'no-store').send({
      view: view.id,
      from: out.params.from,
      to: out.params.to,
      snapshot: out.result.snapshot,
      columns: view.columns,
      rows: out.result.rows,
    });
  });

  const assets = dashboardAssets();
  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    const who = reader(request);
    reply.header('cache-control', 'no-store').header('content-security-policy', assets.csp).type('text/html; charset=utf-8');
    if (who.ok) return reply.send(assets.page);
    return reply.code(who.status).send(assets.signIn(who.message));
  };
  app.get('/dashboard', page);
  app.get('/dashboard/', page);
  // The static files hold no data: served to anyone, so that the sign-in page can load them.
  app.get<{ Params: { file: string } }>('/dashboard/static/:file', async (request, reply) => {
    const file = assets.files.get(request.params.file);
    if (!file) return status(reply, 404, 'no such file');
    return reply.header('cache-control', 'public, max-age=3600').type(file.type).send(file.body);
  });
}

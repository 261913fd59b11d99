import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultQueue } from './faults.js';
import { LakeviewApi } from './lakeview.js';
import { DISCOVERY_PATHS, OAuthServer, TOKEN_PATH, type HttpAnswer } from './oauth.js';
import type { CallContext, WarehouseService } from './service.js';
import { processThrift, thriftMethodName } from './thrift-http.js';
import type { RecordedStatement, RequestLogEntry } from './types.js';

interface HeldRequest {
  body: Buffer;
  res: ServerResponse;
  entry: RequestLogEntry;
  record?: RecordedStatement;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The warehouse's HTTP surface: OAuth endpoints, and Thrift POSTs on the http path behind Bearer
 * auth (PAT or an issued OAuth token), with the HTTP-level faults applied to ExecuteStatement.
 */
export class WarehouseHttp {
  readonly faults = new FaultQueue();
  readonly requests: RequestLogEntry[] = [];
  /** The workspace REST API of AI/BI dashboards (lakeview.ts), behind the same Bearer auth. */
  readonly lakeview = new LakeviewApi();
  private held: HeldRequest[] = [];

  constructor(
    private readonly service: WarehouseService,
    private readonly oauth: OAuthServer,
    private readonly httpPath: string,
    private readonly pat: string,
  ) {}

  readonly listener = (req: IncomingMessage, res: ServerResponse): void => {
    this.handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`test warehouse error: ${(error as Error).message}`);
      }
    });
  };

  private send(res: ServerResponse, entry: RequestLogEntry, answer: HttpAnswer | { status: number; headers: Record<string, string>; body: Buffer | string }): void {
    entry.status = answer.status;
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = req.url ?? '/';
    const path = url.split('?')[0];
    const entry: RequestLogEntry = { at: Date.now(), method: req.method ?? '', url, status: 0 };
    this.requests.push(entry);
    const text = (status: number, message: string, headers: Record<string, string> = {}) =>
      this.send(res, entry, { status, headers: { 'Content-Type': 'text/plain', ...headers }, body: message });

    if (req.method === 'GET' && DISCOVERY_PATHS.includes(path)) return this.send(res, entry, this.oauth.discovery());
    if (req.method === 'POST' && path === TOKEN_PATH) return this.send(res, entry, this.oauth.token(req.headers, body.toString('utf8')));
    if (this.lakeview.handles(path)) {
      const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
      if (!bearer || (bearer !== this.pat && !this.oauth.accepts(bearer))) {
        return this.send(res, entry, {
          status: 401,
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ error_code: 'UNAUTHENTICATED', message: bearer ? 'Invalid access token.' : 'Credential was not sent or was of an unsupported type for this API.' }),
        });
      }
      return this.send(res, entry, this.lakeview.answer(req.method ?? '', url, body.toString('utf8')));
    }
    if (path !== this.httpPath) {
      return this.send(res, entry, {
        status: 404,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ error_code: 'ENDPOINT_NOT_FOUND', message: `No API found for '${req.method} ${path}'` }),
      });
    }
    if (req.method !== 'POST') return text(405, 'Method Not Allowed');
    const method = thriftMethodName(body);
    entry.thrift = method;

    const authorization = req.headers.authorization ?? '';
    const bearer = /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim();
    if (!bearer) return text(401, 'Unauthorized: no credentials', { 'WWW-Authenticate': 'Bearer' });
    if (bearer !== this.pat && !this.oauth.accepts(bearer)) return text(403, 'Invalid access token.');

    const ctx: CallContext = {};
    if (method === 'ExecuteStatement') {
      const pending = this.faults.take();
      switch (pending?.fault) {
        case 'http-503':
          await processThrift(body, this.service.handler({ recordOnly: 'http-503' }));
          return text(503, 'Service Unavailable: the warehouse is not available (injected by the test warehouse).');
        case 'http-429':
          await processThrift(body, this.service.handler({ recordOnly: 'http-429' }));
          return text(429, 'Too Many Requests (injected by the test warehouse).', { 'Retry-After': '1' });
        case 'hang': {
          const held: HeldRequest = { body, res, entry };
          await processThrift(body, this.service.handler({ recordOnly: 'hang', onRecord: (r) => (held.record = r) }));
          this.held.push(held);
          return;
        }
        case 'thrift-error':
          ctx.fault = pending;
          break;
        default:
          break;
      }
    }
    const reply = await processThrift(body, this.service.handler(ctx));
    this.send(res, entry, { status: 200, headers: { 'Content-Type': 'application/x-thrift' }, body: reply });
  }

  /** Drops pending faults and answers the requests held by 'hang' (they run now). */
  async clearFaults(): Promise<void> {
    this.faults.clear();
    const held = this.held;
    this.held = [];
    for (const h of held) {
      const reply = await processThrift(h.body, this.service.handler({ record: h.record }));
      this.send(h.res, h.entry, { status: 200, headers: { 'Content-Type': 'application/x-thrift' }, body: reply });
    }
  }

  /** Drops held requests without an answer (their sockets are destroyed). */
  dropHeld(): void {
    for (const h of this.held) h.res.destroy();
    this.held = [];
  }
}

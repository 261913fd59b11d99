import { randomBytes, randomInt } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeTestCerts } from './certs.js';
import { HOST_ALIASES_ENV, addHostAlias, removeHostAlias } from './host-alias.mjs';
import { WarehouseHttp } from './http-handler.js';
import { OAuthServer } from './oauth.js';
import { WarehouseService } from './service.js';
import type { Fault, FaultStatus, TestWarehouse, TestWarehouseOptions } from './types.js';

const HTTP_PATH = '/sql/1.0/warehouses/testwh';
const HOST = '127.0.0.1';
const HOST_ALIAS_MODULE = fileURLToPath(new URL('./host-alias.mjs', import.meta.url));

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Starts a loopback HTTPS server that speaks the Databricks SQL warehouse Thrift protocol to the
 * real `@databricks/sql` connector. See index.ts for what it implements.
 */
export async function startTestWarehouse(options: TestWarehouseOptions = {}): Promise<TestWarehouse> {
  const token = options.token ?? `dapi${randomBytes(16).toString('hex')}`;
  const oauthHost = `testwh-${randomBytes(3).toString('hex')}.cloud.databricks.com`;
  const certs = await makeTestCerts({ ips: [HOST], dns: ['localhost', oauthHost] });

  const servers: Server[] = [];
  const service = new WarehouseService();
  let port = 0;
  const oauthServer = new OAuthServer(
    () => `https://${oauthHost}`,
    () => `https://${oauthHost}:${port}`,
    options.oauthTokenTtlSeconds ?? 3600,
  );
  const http = new WarehouseHttp(service, oauthServer, HTTP_PATH, token);
  const newServer = () => {
    const server = createServer({ cert: certs.certPem, key: certs.keyPem }, http.listener);
    server.keepAliveTimeout = 60_000;
    servers.push(server);
    return server;
  };

  let aliasAddress: string | undefined;
  let oauthUnavailable: string | undefined;
  try {
    port = await listen(newServer(), 0, HOST);
    // OAuth discovery goes to https://<oauthHost>/ (port 443) and the Thrift calls to
    // <oauthHost>:<port>: serve both on a private loopback address the alias points to.
    for (let attempt = 0; attempt < 5 && !aliasAddress; attempt++) {
      const candidate = `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
      try {
        await listen(newServer(), 443, candidate);
        await listen(newServer(), port, candidate);
        aliasAddress = candidate;
      } catch (error) {
        await Promise.all(servers.splice(1).map(closeServer));
        oauthUnavailable = `cannot listen on ${candidate}: ${(error as Error).message}`;
        if ((error as NodeJS.ErrnoException).code === 'EACCES') break;
      }
    }
  } catch (error) {
    await Promise.all(servers.map(closeServer));
    await certs.remove();
    throw error;
  }
  if (aliasAddress) {
    oauthUnavailable = undefined;
    addHostAlias(oauthHost, aliasAddress);
  }

  const oauth = {
    clientId: oauthServer.clientId,
    clientSecret: oauthServer.clientSecret,
    get tokenRequests() {
      return oauthServer.tokenRequests;
    },
    host: oauthHost,
    ...(oauthUnavailable ? { unavailable: oauthUnavailable } : {}),
  };

  let closed = false;
  return {
    host: HOST,
    port,
    httpPath: HTTP_PATH,
    caCertPath: certs.caPath,
    token,
    oauth,
    statements: service.statements,
    tables: service.catalog.tables,
    requests: http.requests,
    lakeview: http.lakeview,
    failNext(fault: Fault, count = 1, status: FaultStatus = {}) {
      http.faults.add(fault, count, status);
    },
    clearFaults() {
      http.clearFaults().catch(() => undefined);
    },
    expireSessions() {
      service.expireSessions();
    },
    childEnv() {
      const env: Record<string, string> = { NODE_EXTRA_CA_CERTS: certs.caPath };
      if (aliasAddress) {
        env.NODE_OPTIONS = [process.env.NODE_OPTIONS, `--import=${pathToFileURL(HOST_ALIAS_MODULE).href}`].filter(Boolean).join(' ');
        env[HOST_ALIASES_ENV] = `${oauthHost}=${aliasAddress}`;
      }
      return env;
    },
    async close() {
      if (closed) return;
      closed = true;
      http.faults.clear();
      http.dropHeld();
      if (aliasAddress) removeHostAlias(oauthHost);
      await Promise.all(servers.map(closeServer));
      await certs.remove();
    },
  };
}

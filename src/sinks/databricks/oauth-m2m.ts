import { auth, type ITokenProvider } from '@databricks/sql';

/**
 * OAuth M2M (client credentials) against the workspace's own OIDC endpoints, as the connector's
 * `databricks-oauth` does it: discover `token_endpoint` at
 * `https://<host>[:port]/oidc/.well-known/oauth-authorization-server`, then
 * `POST grant_type=client_credentials&scope=all-apis` with the client id and secret as HTTP Basic
 * credentials.
 *
 * The connector's own implementation is used wherever it works (see connection.ts); it refuses
 * hosts outside the Databricks cloud domains and ignores the port, so a workspace behind a custom
 * domain or port (and a test warehouse on loopback) gets this provider instead, through the
 * connector's `token-provider` auth (which caches the token and asks again before it expires).
 * Node's `fetch` trusts what Node trusts, so NODE_EXTRA_CA_CERTS applies here as on the Thrift path.
 */
export class ClientCredentialsTokenProvider implements ITokenProvider {
  private tokenEndpoint: string | null = null;

  constructor(
    private readonly options: { baseUrl: string; clientId: string; clientSecret: string; timeoutMs: number },
  ) {}

  getName(): string {
    return 'otlp-delta OAuth M2M';
  }

  async getToken(): Promise<InstanceType<typeof auth.Token>> {
    const endpoint = await this.endpoint();
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(this.options.clientId)}:${encodeURIComponent(this.options.clientSecret)}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'all-apis' }).toString(),
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown; error?: unknown };
    if (!response.ok || typeof body.access_token !== 'string') {
      const why = typeof body.error === 'string' ? `: ${body.error}` : '';
      const error = new Error(`OAuth token request to ${endpoint} answered HTTP ${response.status}${why}`);
      error.name = 'AuthenticationError';
      throw error;
    }
    const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in);
    return new auth.Token(body.access_token, {
      tokenType: 'Bearer',
      expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? new Date(Date.now() + expiresIn * 1000) : undefined,
    });
  }

  private async endpoint(): Promise<string> {
    if (this.tokenEndpoint) return this.tokenEndpoint;
    const discovery = `${this.options.baseUrl}/oidc/.well-known/oauth-authorization-server`;
    const response = await fetch(discovery, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.options.timeoutMs) });
    if (response.ok) {
      const metadata = (await response.json().catch(() => ({}))) as { token_endpoint?: unknown };
      if (typeof metadata.token_endpoint === 'string') return (this.tokenEndpoint = metadata.token_endpoint);
    } else {
      await response.body?.cancel();
    }
    if (response.status === 404) return (this.tokenEndpoint = `${this.options.baseUrl}/oidc/v1/token`);
    const error = new Error(`OAuth discovery at ${discovery} answered HTTP ${response.status}`);
    error.name = 'AuthenticationError';
    throw error;
  }
}

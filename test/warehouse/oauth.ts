import { randomBytes } from 'node:crypto';

/**
 * The workspace's OAuth endpoints as connector 2.1.0 uses them for M2M (`authType:
 * 'databricks-oauth'` with a client secret): openid-client discovers
 * `https://<host>/oidc/.well-known/oauth-authorization-server`, then POSTs
 * `grant_type=client_credentials&scope=all-apis` to the discovered token_endpoint with HTTP Basic
 * client authentication (client_secret_basic). The access token must be a JWT: the connector reads
 * its `exp` claim to decide when to fetch a new one.
 */

export const DISCOVERY_PATHS = ['/oidc/.well-known/oauth-authorization-server', '/oidc/.well-known/openid-configuration'];
export const TOKEN_PATH = '/oidc/v1/token';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function json(status: number, value: unknown, headers: Record<string, string> = {}): HttpAnswer {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

export class OAuthServer {
  readonly clientId = `otlp-delta-test-${randomBytes(4).toString('hex')}`;
  readonly clientSecret = `dose${randomBytes(16).toString('hex')}`;
  tokenRequests = 0;
  private readonly issued = new Set<string>();

  constructor(
    /** Base URL of the workspace as the connector reaches it for OIDC, e.g. https://name (port 443). */
    private readonly issuerBase: () => string,
    /** Base URL where the token endpoint is served (any host:port the client can reach). */
    private readonly tokenBase: () => string,
    private readonly ttlSeconds: number,
  ) {}

  accepts(accessToken: string): boolean {
    if (!this.issued.has(accessToken)) return false;
    const payload = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString('utf8')) as { exp: number };
    return payload.exp > Date.now() / 1000;
  }

  discovery(): HttpAnswer {
    const issuer = `${this.issuerBase()}/oidc`;
    return json(200, {
      issuer,
      authorization_endpoint: `${issuer}/v1/authorize`,
      token_endpoint: `${this.tokenBase()}${TOKEN_PATH}`,
      jwks_uri: `${issuer}/jwks.json`,
      response_types_supported: ['code'],
      grant_types_supported: ['client_credentials', 'authorization_code', 'refresh_token'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      scopes_supported: ['all-apis', 'sql', 'offline_access'],
      code_challenge_methods_supported: ['S256'],
    });
  }

  /** The token endpoint: a form-encoded client_credentials grant. */
  token(headers: Record<string, string | string[] | undefined>, body: string): HttpAnswer {
    this.tokenRequests++;
    const form = new URLSearchParams(body);
    let clientId = form.get('client_id');
    let clientSecret = form.get('client_secret');
    const authorization = typeof headers.authorization === 'string' ? headers.authorization : '';
    if (authorization.toLowerCase().startsWith('basic ')) {
      const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      // RFC 6749 2.3.1: both parts are form-urlencoded before Basic encoding.
      clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
      clientSecret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
    }
    if (clientId !== this.clientId || clientSecret !== this.clientSecret) {
      return json(401, { error: 'invalid_client', error_description: 'Client authentication failed' }, {
        'WWW-Authenticate': 'Basic realm="oidc"',
      });
    }
    if (form.get('grant_type') !== 'client_credentials') {
      return json(400, { error: 'unsupported_grant_type', error_description: 'Only client_credentials is supported' });
    }
    const now = Math.floor(Date.now() / 1000);
    const scope = form.get('scope') ?? 'all-apis';
    const payload = { iss: `${this.issuerBase()}/oidc`, sub: this.clientId, aud: this.clientId, scope, iat: now, exp: now + this.ttlSeconds, jti: randomBytes(8).toString('hex') };
    const accessToken = [
      base64url(JSON.stringify({ alg: 'none', typ: 'JWT' })),
      base64url(JSON.stringify(payload)),
      base64url('test-warehouse'),
    ].join('.');
    this.issued.add(accessToken);
    return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: this.ttlSeconds, scope });
  }
}

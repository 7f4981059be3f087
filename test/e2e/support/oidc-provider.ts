// A real OpenID provider (panva's oidc-provider) on loopback, for the single sign-on browser specs.
// Its accounts are its own; its dev login form takes any login name (the account's id here).
// `tamper` re-signs the ID token its token endpoint gives, with the provider's own key, after
// changing one claim: the wrong audience, the wrong nonce, or an expiry in the past.
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import Provider from 'oidc-provider';

export type Tamper = 'none' | 'aud' | 'nonce' | 'expired';
export type ProviderAccount = { email: string; name: string; emailVerified?: boolean; xmsEdov?: boolean; groups?: string[] };

export async function startProvider(
  t: TestContext,
  { clientId, clientSecret, appUrl, accounts }: { clientId: string; clientSecret: string; appUrl: string; accounts: Record<string, ProviderAccount> },
) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };
  const control = { tamper: 'none' as Tamper };
  // The issuer is known once listening: a server first, then the provider mounted on it.
  const { createServer } = await import('node:http');
  let handler: ((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void) | undefined;
  const server = createServer((req, res) => handler?.(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${appUrl}/sign-in/sso/callback`],
        post_logout_redirect_uris: [`${appUrl}/sign-in`],
        token_endpoint_auth_method: 'client_secret_post',
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [jwk as never] },
    claims: { openid: ['sub'], email: ['email', 'email_verified', 'xms_edov'], profile: ['name'], groups: ['groups'] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    // The claims in the ID token itself, as Entra ID sends them (optional claims).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    pkce: { required: () => true },
    async findAccount(_ctx, id) {
      const a = accounts[id];
      if (!a) return undefined;
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          email: a.email,
          name: a.name,
          groups: a.groups ?? [],
          // As Entra ID: no email_verified at all, the domain-owner claim instead.
          ...(a.xmsEdov === undefined ? { email_verified: a.emailVerified ?? true } : { xms_edov: a.xmsEdov }),
        }),
      };
    },
    // No consent page: the office's own app.
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client?.clientId, accountId: ctx.oidc.session?.accountId });
      grant.addOIDCScope('openid email profile groups');
      await grant.save();
      return grant;
    },
  });
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && ctx.status === 200 && control.tamper !== 'none') {
      const body = ctx.body as { id_token?: string };
      if (body?.id_token) body.id_token = tamper(body.id_token, control.tamper, privateKey);
    }
  });
  handler = provider.callback();
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  return { issuer, control };
}

function tamper(jwt: string, how: Tamper, key: KeyObject) {
  const [h, p] = jwt.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  const now = Math.floor(Date.now() / 1000);
  if (how === 'aud') claims.aud = 'some-other-app';
  if (how === 'nonce') claims.nonce = 'a-nonce-from-another-sign-in';
  if (how === 'expired') Object.assign(claims, { iat: now - 3600, exp: now - 1800 });
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = sign('sha256', Buffer.from(`${h}.${payload}`), key).toString('base64url');
  return `${h}.${payload}.${signature}`;
}

import { createHash, randomBytes } from 'node:crypto';
import type * as Client from 'openid-client';

/** openid-client (and jose) are loaded at the first single sign-on, not at start (issue 19). */
const openid = () => import('openid-client');
import { createAccountRepository } from './account.repository.js';
import type { Config } from '../../config.js';
import type { Db } from '../db/client.js';
import { type Actor, DomainError, invalid, notFound } from '../errors.js';
import { parseInput } from '../validation.js';
import { createAuthRepository } from './auth.repository.js';
import type { Role } from './auth.table.js';
import { createOidcRepository } from './oidc.repository.js';
import { groupRoleMap, linesOf, type SsoSettingsInput, ssoSettingsSchema } from './oidc.schemas.js';
import { secretBox } from './oidc.secret.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const newSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');
const RANK: Record<Role, number> = { viewer: 1, editor: 2, admin: 3 };

/** A sign-in at a provider must come back within this time. */
export const OIDC_LOGIN_TTL_MS = 10 * 60_000;
/** Discovered provider metadata is kept this long (an admin's change to the settings is seen at once). */
const DISCOVERY_TTL_MS = 10 * 60_000;
export const OIDC_CALLBACK_PATH = '/sign-in/sso/callback';

export type SsoRefusal = 'expired' | 'not_enabled' | 'provider' | 'unverified' | 'domain' | 'unknown' | 'disabled' | 'no_role';
export type SsoResult =
  | { ok: true; token: string; next: string; userName: string }
  | { ok: false; reason: SsoRefusal; providerName?: string; officeName?: string; email?: string; detail?: string };

type Settings = NonNullable<Awaited<ReturnType<ReturnType<typeof createOidcRepository>['settings']>>>;

/**
 * Single sign-on with OpenID Connect, per office (issue 13): the settings an admin keeps, and the
 * authorisation code flow with PKCE, state and nonce through `openid-client` (panva's maintained,
 * certified client), which checks the ID token's signature, issuer, audience, expiry and nonce.
 * The account is found by the verified email among the office's users; the session made is the
 * same as password sign-in's (same table, cookie and CSRF secret).
 */
export function createOidcService({ db, config, now = () => new Date() }: { db: Db; config: Config; now?: () => Date }) {
  const repo = createOidcRepository({ db });
  const auth = createAuthRepository({ db });
  const box = secretBox(config.secret);
  const configs = new Map<string, { at: number; cfg: Promise<Client.Configuration> }>();

  const redirectUri = () => (config.publicUrl ? `${config.publicUrl}${OIDC_CALLBACK_PATH}` : undefined);

  async function providerConfig(s: Settings) {
    const key = `${s.officeId}|${s.updatedAt.getTime()}`;
    const hit = configs.get(key);
    if (hit && now().getTime() - hit.at < DISCOVERY_TTL_MS) return hit.cfg;
    // Settings saved before the operator narrowed the allowed hosts are not fetched from either.
    if (!issuerAllowed(s.issuer)) throw new Error('the issuer is not on a host PCP_SSO_ISSUER_HOSTS allows');
    const issuer = new URL(s.issuer);
    // Plain http only to a provider on this machine (the tests'); the settings refuse it elsewhere.
    const client = await openid();
    const execute = [client.enableNonRepudiationChecks, ...(issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [])];
    const cfg = client.discovery(issuer, s.clientId, { client_secret: box.open(s.clientSecret) }, undefined, { execute, timeout: 10 });
    cfg.catch(() => configs.delete(key));
    for (const k of configs.keys()) if (k.startsWith(`${s.officeId}|`)) configs.delete(k);
    configs.set(key, { at: now().getTime(), cfg });
    return cfg;
  }

  /** The settings as the admin page shows them: never the secret, only whether one is saved. */
  const view = (s: Settings | undefined) =>
    s
      ? {
          enabled: s.enabled,
          providerName: s.providerName,
          issuer: s.issuer,
          clientId: s.clientId,
          hasSecret: !!s.clientSecret,
          allowedDomains: s.allowedDomains,
          roleSource: s.roleSource,
          groupClaim: s.groupClaim,
          groupRoles: s.groupRoles,
          createOnFirstSignIn: s.createOnFirstSignIn,
          passwordSignIn: s.passwordSignIn,
          updatedAt: s.updatedAt,
        }
      : undefined;

  /** Whether an issuer is on a host the operator allows (or one of its subdomains): the server fetches from it. */
  const issuerAllowed = (issuer: string) => {
    const host = new URL(issuer).hostname.toLowerCase();
    return config.ssoIssuerHosts.some((h) => host === h || host.endsWith(`.${h}`));
  };

  const refuse = (reason: SsoRefusal, s?: Settings, extra: Partial<Extract<SsoResult, { ok: false }>> = {}): SsoResult => ({
    ok: false,
    reason,
    providerName: s?.providerName,
    ...extra,
  });

  return {
    redirectUri,
    settings: async (officeId: string) => view(await repo.settings(officeId)),

    /** Saves an office's settings; history in the audit log, the secret only as "changed". */
    async saveSettings({ by, input }: { by: Actor; input: unknown }) {
      const before = await repo.settings(by.officeId);
      // A secret must be typed the first time; reported with the form's other problems.
      const typed = (input as { clientSecret?: unknown } | null)?.clientSecret;
      const missing =
        !before?.clientSecret && !(typeof typed === 'string' && typed.trim()) ? [{ field: 'clientSecret', message: 'Enter the client secret' }] : [];
      let v: SsoSettingsInput;
      try {
        v = parseInput('sso', ssoSettingsSchema, input);
      } catch (e) {
        if (e instanceof DomainError && missing.length) throw invalid('sso', [...e.fields, ...missing]);
        throw e;
      }
      if (missing.length) throw invalid('sso', missing);
      if (!issuerAllowed(v.issuer))
        throw invalid('sso', [
          {
            field: 'issuer',
            message: `Issuer URL must be on a host your operator allows (PCP_SSO_ISSUER_HOSTS): ${config.ssoIssuerHosts.join(', ') || 'none'}`,
          },
        ]);
      if (v.enabled && !config.publicUrl)
        throw invalid('sso', [{ field: 'enabled', message: 'Single sign-on needs the app’s public address: ask your operator to set PCP_PUBLIC_URL' }]);
      const at = now();
      const { clientSecret, ...rest } = v;
      await db.transaction(async (tx) => {
        const r = createOidcRepository({ db: tx });
        await r.upsertSettings({
          officeId: by.officeId,
          ...rest,
          clientSecret: clientSecret ? box.seal(clientSecret) : (before?.clientSecret ?? ''),
          updatedAt: at,
        });
        const { clientSecret: _old, updatedAt: _u, officeId: _o, ...was } = before ?? ({} as Partial<Settings>);
        await createAuthRepository({ db: tx }).audit({
          officeId: by.officeId,
          entity: 'sso_settings',
          entityId: by.officeId,
          action: before ? 'updated' : 'created',
          changes: JSON.stringify({ before: before ? was : null, after: rest, clientSecret: clientSecret ? 'changed' : 'unchanged' }),
          actorId: by.userId,
          actorName: by.name,
          recordedAt: at,
        });
      });
      return view(await repo.settings(by.officeId));
    },
    history: (officeId: string) => auth.listAudit(officeId, 'sso_settings', officeId),

    /** What the sign-in page offers: a button per office with single sign-on, and whether an office still takes passwords. */
    async signInChoices(officeSlug?: string) {
      const all = await repo.enabledOffices();
      const chosen = officeSlug ? all.filter((o) => o.slug === officeSlug) : all;
      return { providers: chosen, passwordForm: !officeSlug || !chosen.length || chosen[0].passwordSignIn };
    },
    /** False when the office has switched password sign-in off (single sign-on only). */
    async passwordAllowed(officeId: string) {
      const s = await repo.settings(officeId);
      return !s?.enabled || s.passwordSignIn;
    },

    /** Starts a sign-in at the office's provider: the cookie value to keep and where to send the browser. */
    async begin(officeSlug: string, next: string) {
      const office = await auth.officeBySlug(officeSlug);
      const s = office ? await repo.settings(office.id) : undefined;
      const uri = redirectUri();
      if (!office || !s?.enabled || !uri || !issuerAllowed(s.issuer)) throw notFound('sso');
      const cfg = await providerConfig(s);
      const client = await openid();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const codeVerifier = client.randomPKCECodeVerifier();
      const key = newSecret();
      const at = now();
      await repo.forgetLoginsBefore(new Date(at.getTime() - OIDC_LOGIN_TTL_MS));
      await repo.insertLogin({ idHash: sha256(key), officeId: office.id, state, nonce, codeVerifier, next, createdAt: at });
      const url = client.buildAuthorizationUrl(cfg, {
        redirect_uri: uri,
        scope: s.roleSource === 'group_claim' ? 'openid email profile groups' : 'openid email profile',
        response_type: 'code',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { key, url: url.href };
    },

    /** The provider sent the browser back: checks everything, then makes a session, or says why not. */
    async finish(key: string | undefined, callbackUrl: string, from: { address?: string; userAgent?: string } = {}): Promise<SsoResult> {
      const login = key ? await repo.takeLogin(sha256(key)) : undefined;
      const at = now();
      const seen = { address: (from.address ?? '').slice(0, 100), userAgent: (from.userAgent ?? '').slice(0, 300) };
      // A refusal at the office's provider is a failed sign-in in the office's security log.
      const logged = async (r: SsoResult, userId: string | null = null) => {
        if (!r.ok && login)
          await createAccountRepository({ db }).insertEvent({
            officeId: login.officeId,
            userId,
            kind: 'sign_in_failed',
            ...seen,
            detail: `single sign-on: ${r.reason}`,
            at,
          });
        return r;
      };
      if (!login || at.getTime() - login.createdAt.getTime() > OIDC_LOGIN_TTL_MS) return refuse('expired');
      const s = await repo.settings(login.officeId);
      const office = await auth.officeById(login.officeId);
      if (!s?.enabled || !office) return refuse('not_enabled');
      const officeName = office.name;
      let tokens: Awaited<ReturnType<typeof Client.authorizationCodeGrant>>;
      try {
        tokens = await (await openid()).authorizationCodeGrant(await providerConfig(s), new URL(callbackUrl), {
          pkceCodeVerifier: login.codeVerifier,
          expectedState: login.state,
          expectedNonce: login.nonce,
          idTokenExpected: true,
        });
      } catch (e) {
        // The library's code and message only: never the response, whose cause holds the tokens.
        // The library's codes and messages down the cause chain, and the name of the claim that failed
        // (aud, nonce, exp...); never the causes' values (they hold the claims and tokens).
        const parts: string[] = [];
        let claim = '';
        let cur: unknown = e;
        for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
          const c = cur as { code?: unknown; error?: unknown; message?: unknown; claim?: unknown; cause?: unknown };
          if (typeof c.claim === 'string') claim = c.claim;
          if (typeof c.message === 'string')
            parts.push(`${typeof c.code === 'string' ? c.code : typeof c.error === 'string' ? c.error : 'error'}: ${c.message.slice(0, 160)}`);
          cur = c.cause;
        }
        const detail = `${parts.join(' <- ')}${claim ? ` (claim "${claim}")` : ''}`;
        return logged(refuse('provider', s, { officeName, detail }));
      }
      const claims = tokens.claims();
      const email = typeof claims?.email === 'string' ? claims.email.trim().toLowerCase() : '';
      // Verified: the standard claim, or Entra ID's "email domain owner verified" optional claim
      // (Entra sends no email_verified; xms_edov says the tenant owns the address's domain).
      const edov = claims?.xms_edov;
      const verified = claims?.email_verified === true || edov === true || edov === '1' || edov === 'true' || edov === 1;
      if (!claims || !email || !verified) return logged(refuse('unverified', s, { officeName }));
      const domains = linesOf(s.allowedDomains);
      const domain = email.slice(email.lastIndexOf('@') + 1);
      if (domains.length && !domains.includes(domain)) return logged(refuse('domain', s, { officeName, email }));

      let role: Role | undefined;
      if (s.roleSource === 'group_claim') {
        const raw = claims[s.groupClaim];
        const groups = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? [raw] : [];
        const map = groupRoleMap(s.groupRoles);
        for (const g of groups) {
          const r = map.get(g);
          if (r && (!role || RANK[r] > RANK[role])) role = r;
        }
        if (!role) return logged(refuse('no_role', s, { officeName, email }));
      }

      const user = await db.transaction(async (tx) => {
        const r = createAuthRepository({ db: tx });
        const found = await r.userByEmailInOffice(login.officeId, email);
        const actorName = `single sign-on (${s.providerName})`;
        if (!found) {
          if (!s.createOnFirstSignIn) return undefined;
          const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : email;
          // No password: "!" is never an argon2 hash, so password sign-in cannot match it.
          const made = await r.insertUser({ officeId: login.officeId, email, name, role: role ?? 'viewer', passwordHash: '!sso' });
          await r.audit({
            officeId: login.officeId,
            entity: 'user',
            entityId: made.id,
            action: 'created',
            changes: JSON.stringify({ email, name, role: made.role, by: 'first single sign-on' }),
            actorId: null,
            actorName,
            recordedAt: at,
          });
          return made;
        }
        if (!found.disabled && role && role !== found.role) {
          await r.updateUser(login.officeId, found.id, { role });
          await r.audit({
            officeId: login.officeId,
            entity: 'user',
            entityId: found.id,
            action: 'updated',
            changes: JSON.stringify({ before: { role: found.role }, after: { role }, by: 'group claim' }),
            actorId: null,
            actorName,
            recordedAt: at,
          });
          return { ...found, role };
        }
        return found;
      });
      if (!user) return logged(refuse('unknown', s, { officeName, email }));
      if (user.disabled) return logged(refuse('disabled', s, { officeName, email }), user.id);

      // The session as password sign-in makes it: a new random id (its hash kept), its own CSRF secret.
      const token = newSecret();
      const idHash = sha256(token);
      await auth.insertSession({ idHash, userId: user.id, officeId: user.officeId, csrfSecret: newSecret(), createdAt: at, lastSeenAt: at, ...seen });
      await repo.insertSession({ sessionIdHash: idHash, officeId: user.officeId, userId: user.id, idToken: tokens.id_token ?? '' });
      await createAccountRepository({ db }).insertEvent({
        officeId: user.officeId,
        userId: user.id,
        kind: 'sign_in',
        ...seen,
        detail: 'with single sign-on',
        at,
      });
      return { ok: true, token, next: login.next, userName: user.name };
    },

    /** At sign-out: where to send the browser so the provider's session ends too, if it offers that. */
    async endSession(sessionIdHash: string): Promise<string | null> {
      const row = await repo.takeSession(sessionIdHash);
      if (!row || !config.publicUrl) return null;
      const s = await repo.settings(row.officeId);
      if (!s?.enabled) return null;
      try {
        const cfg = await providerConfig(s);
        if (!cfg.serverMetadata().end_session_endpoint) return null;
        return (await openid()).buildEndSessionUrl(cfg, { id_token_hint: row.idToken, post_logout_redirect_uri: `${config.publicUrl}/sign-in` }).href;
      } catch {
        return null;
      }
    },
  };
}
export type OidcService = ReturnType<typeof createOidcService>;

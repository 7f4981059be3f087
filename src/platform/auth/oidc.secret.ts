import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The client secret of an office's identity provider at rest: AES-256-GCM under a key derived
 * (HKDF-SHA256) from PCP_SECRET when the operator set one ("enc1:" iv.tag.data, base64url); kept as
 * typed ("plain:") when not, as the CSRF key then lives in the same database anyway. Node's crypto:
 * no hand-made cipher.
 */
export function secretBox(secret: string | undefined) {
  const key = secret ? Buffer.from(hkdfSync('sha256', secret, 'pcp-oidc', 'client-secret', 32)) : undefined;
  return {
    seal(plain: string): string {
      if (!key) return `plain:${plain}`;
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return `enc1:${[iv, c.getAuthTag(), data].map((b) => b.toString('base64url')).join('.')}`;
    },
    open(stored: string): string {
      if (stored.startsWith('plain:')) return stored.slice(6);
      if (!stored.startsWith('enc1:')) throw new Error('Unknown client secret format');
      if (!key) throw new Error('The client secret is encrypted: set PCP_SECRET to the value it was saved under');
      const [iv, tag, data] = stored
        .slice(5)
        .split('.')
        .map((s) => Buffer.from(s, 'base64url'));
      const d = createDecipheriv('aes-256-gcm', key, iv);
      d.setAuthTag(tag);
      return Buffer.concat([d.update(data), d.final()]).toString('utf8');
    },
  };
}

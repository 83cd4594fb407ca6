import bcrypt from 'bcryptjs';

/**
 * An htpasswd file for distribution's htpasswd auth, which accepts bcrypt entries only. Cost 5 (the
 * minimum bcryptjs allows is 4): the registry checks the hash on every request, and tests make many.
 */
export function htpasswdFile(users: Readonly<Record<string, string>>): string {
  return Object.entries(users)
    .map(([username, password]) => `${username}:${bcrypt.hashSync(password, 5)}\n`)
    .join('');
}

// Run after any `npm install` that rewrites package-lock.json: `npm run lock:complete`.
//
// Why: the npm registry these machines reach serves the native binaries of biome, nx and rollup for
// Linux glibc only. npm then leaves the other platforms' optional packages out of the lockfile, and
// `npm ci` rejects such a lockfile ("Missing: @nx/nx-darwin-arm64@ from lock file"). This adds an entry
// for each missing optional package, with the os/cpu/libc its name states, as npm writes them from the
// full registry. npm never fetches them on Linux x64, where they do not apply.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const lockPath = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'package-lock.json');
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const present = new Set(
  Object.keys(lock.packages).map((key) => key.slice(key.lastIndexOf('node_modules/') + 13)),
);

const OS = ['android', 'darwin', 'freebsd', 'linux', 'win32', 'openbsd', 'openharmony', 'sunos', 'aix'];
const CPU = {
  x64: 'x64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: 'ia32',
  loong64: 'loong64',
  ppc64: 'ppc64',
  riscv64: 'riscv64',
  s390x: 's390x',
};

function platformOf(name) {
  const parts = name.slice(name.indexOf('/') + 1).split('-');
  const os = parts.find((part) => OS.includes(part));
  const cpu = parts.map((part) => CPU[part]).find(Boolean);
  if (!os || !cpu) return undefined;
  const libc = parts.some((part) => part.startsWith('musl'))
    ? ['musl']
    : parts.some((part) => part.startsWith('gnu'))
      ? ['glibc']
      : undefined;
  return { os: [os], cpu: [cpu], ...(libc ? { libc } : {}) };
}

let added = 0;
for (const [key, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    if (present.has(name)) continue;
    const platform = platformOf(name);
    if (!platform || !/^\d+\.\d+\.\d+/.test(version)) {
      console.error(
        `${name}@${version} (wanted by ${key || 'the root'}) is missing and is not a platform binary; left alone.`,
      );
      continue;
    }
    lock.packages[`node_modules/${name}`] = {
      version,
      ...platform,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
    };
    present.add(name);
    added++;
  }
}
// npm's own order, so the diff shows only the added entries.
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => a.localeCompare(b, 'en')),
);
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} platform package entr${added === 1 ? 'y' : 'ies'}.`);

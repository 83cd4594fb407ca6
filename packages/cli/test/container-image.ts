import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));
export const DOCKERFILE = join(REPOSITORY, 'Dockerfile');

export interface Instruction {
  keyword: string;
  /** The rest of the line, continuation lines joined. */
  text: string;
}

export interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

/** The Dockerfile's stages, each with its instructions (comments dropped, `\` continuations joined). */
export function readStages(text = readFileSync(DOCKERFILE, 'utf8')): Stage[] {
  const logical = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), text: rest };
    if (instruction.keyword === 'FROM') {
      const [image = '', , name] = rest.split(/\s+/).filter((word) => !word.startsWith('--'));
      stages.push({ image, ...(name ? { name } : {}), instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

export const instructionsOf = (stage: Stage, keyword: string) =>
  stage.instructions.filter((instruction) => instruction.keyword === keyword).map(({ text }) => text);

export interface ImageFiles {
  /** A fresh directory standing for the image's root: only what the final stage copies. */
  root: string;
  /** The ENTRYPOINT with the node binary of this machine and paths inside `root`. */
  entrypoint: string[];
  /** The image's files, relative to `root`. */
  files: string[];
  close(): void;
}

/**
 * Lays out in a temp directory exactly what the final stage's COPY lines put in the image, as the
 * build stage leaves it (its `find … -delete` lines applied), read from the Dockerfile itself: a
 * change there changes what the tests run. The build stage must copy the repository to its WORKDIR
 * (`COPY . .`), so that a path in it is a path here, after `npm run build`.
 */
export function copyImageFiles(stages = readStages()): ImageFiles {
  const final = stages.at(-1)!;
  const root = mkdtempSync(join(tmpdir(), 'pull-secret-image-'));
  // Readable by the image's user, as the image's layers are.
  chmodSync(root, 0o755);
  for (const copy of instructionsOf(final, 'COPY')) {
    const words = copy.split(/\s+/);
    const from = words.find((word) => word.startsWith('--from='))?.slice('--from='.length);
    const build = stages.find((stage) => stage.name === from);
    if (!build) throw new Error(`COPY ${copy}: only files of a named build stage can be laid out`);
    const workdir = instructionsOf(build, 'WORKDIR').at(-1) ?? '/';
    if (!instructionsOf(build, 'COPY').includes('. .')) throw new Error(`stage ${from} does not COPY . .`);
    const [source, destination] = words.filter((word) => !word.startsWith('--'));
    if (!source?.startsWith(`${workdir}/`) || !destination?.startsWith('/')) {
      throw new Error(`COPY ${copy}: expected ${workdir}/PATH and an absolute destination`);
    }
    cpSync(join(REPOSITORY, relative(workdir, source)), join(root, destination), { recursive: true });
    for (const run of instructionsOf(build, 'RUN')) {
      for (const [, dir = '', pattern = ''] of run.matchAll(/find (\S+) -name '([^']+)' -delete/g)) {
        if (!source.startsWith(`${workdir}/${dir.replace(/\/$/, '')}`)) continue;
        const suffix = pattern.replace(/^\*/, '');
        for (const file of listFiles(join(root, destination))) {
          if (file.endsWith(suffix)) rmSync(join(root, destination, file));
        }
      }
    }
  }
  const entrypoint = JSON.parse(instructionsOf(final, 'ENTRYPOINT').at(-1) ?? '[]') as string[];
  if (!/\/node$/.test(entrypoint[0] ?? '')) throw new Error('the ENTRYPOINT does not start with node');
  return {
    root,
    entrypoint: [process.execPath, ...entrypoint.slice(1).map((path) => join(root, path))],
    files: listFiles(root),
    close: () => rmSync(root, { recursive: true, force: true }),
  };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

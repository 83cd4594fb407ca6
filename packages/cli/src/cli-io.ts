import { readFileSync, writeSync } from 'node:fs';

/** Everything a command touches outside itself, so tests can run commands in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
  readFile(path: string): Promise<string>;
  env: Record<string, string | undefined>;
  /** Whether stderr is a terminal (progress lines). */
  readonly stderrIsTTY: boolean;
  /** Secrets learned so far (passwords and their derived forms): hidden from everything on stderr. */
  rememberSecrets?(forms: readonly string[]): void;
}

/**
 * The real process. Standard streams are used through their file descriptors, synchronously: the
 * stream objects load Node's net and stream modules, which would cost a short command a fifth of its
 * run time. Non-blocking descriptors (EAGAIN) fall back to the streams.
 */
export function processIo(): CliIo {
  return {
    stdout: fdWriter(1, () => process.stdout),
    stderr: fdWriter(2, () => process.stderr),
    readStdin: async () => {
      try {
        return readFileSync(0, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks).toString('utf8');
      }
    },
    readFile: async (path) => readFileSync(path, 'utf8'),
    env: process.env,
    get stderrIsTTY() {
      return Boolean(process.stderr.isTTY);
    },
  };
}

function fdWriter(fd: number, stream: () => NodeJS.WriteStream): (text: string) => void {
  let useStream = false;
  return (text) => {
    const buffer = Buffer.from(text, 'utf8');
    let offset = 0;
    if (!useStream) {
      try {
        while (offset < buffer.length) offset += writeSync(fd, buffer, offset);
        return;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // The reader went away (`| head`): nothing more can be delivered, as with kubectl.
        if (code === 'EPIPE') return;
        if (code !== 'EAGAIN') throw error;
        useStream = true;
      }
    }
    stream().write(buffer.subarray(offset));
  };
}

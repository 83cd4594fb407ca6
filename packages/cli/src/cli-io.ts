import { writeSync } from 'node:fs';
import { type ReadLimit, readDescriptorLimited, readFileLimited, readStreamLimited } from './read-limited.js';
import { readTerminalPassword } from './terminal-password.js';

/** Everything a command touches outside itself, so tests can run commands in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Standard input as UTF-8 text; with a limit, refuses more (InputTooLargeError) and invalid UTF-8. */
  readStdin(limit?: ReadLimit): Promise<string>;
  readFile(path: string, limit?: ReadLimit): Promise<string>;
  /** A password typed at a terminal (prompt on stderr, no echo); undefined when stdin is not a terminal. */
  readTerminalPassword?(): Promise<string | undefined>;
  env: Record<string, string | undefined>;
  /** Whether stderr is a terminal (progress lines). */
  readonly stderrIsTTY: boolean;
  /** Secrets learned so far (passwords and their derived forms): hidden from everything on stderr. */
  rememberSecrets?(forms: readonly string[]): void;
  /** Calls `handler` once on SIGTERM or SIGINT, so a long-running command can stop cleanly. */
  onStop?(handler: () => void): void;
}

const NO_LIMIT: ReadLimit = { maxBytes: Number.MAX_SAFE_INTEGER };

/**
 * The real process. Standard streams are used through their file descriptors, synchronously: the
 * stream objects load Node's net and stream modules, which would cost a short command a fifth of its
 * run time. Non-blocking descriptors (EAGAIN) fall back to the streams.
 */
export function processIo(): CliIo {
  return {
    stdout: fdWriter(1, () => process.stdout),
    stderr: fdWriter(2, () => process.stderr),
    readStdin: async (limit = NO_LIMIT) => {
      try {
        return readDescriptorLimited(0, limit);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
        return readStreamLimited(process.stdin, limit);
      }
    },
    readFile: async (path, limit = NO_LIMIT) => readFileLimited(path, limit),
    readTerminalPassword,
    env: process.env,
    onStop(handler) {
      let called = false;
      const once = () => {
        if (!called) handler();
        called = true;
      };
      process.once('SIGTERM', once);
      process.once('SIGINT', once);
    },
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

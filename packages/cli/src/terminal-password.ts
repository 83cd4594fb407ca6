import { writeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const ENTER = new Set(['\r', '\n']);
const END_OF_INPUT = '\u0004';
const INTERRUPT = '\u0003';
const ERASE = new Set(['\u007f', '\b']);

/**
 * When standard input is a terminal, asks for the password as `docker login` does: "Password: " on
 * standard error, echo off (raw mode) while it is typed, the terminal restored on Enter, Ctrl-D, Ctrl-C,
 * SIGINT or exit. Undefined when standard input is not a terminal (a pipe or file is read as it is).
 */
export async function readTerminalPassword(): Promise<string | undefined> {
  // Loaded only here: the tty module pulls in net, which a piped run never needs.
  const { isatty } = await import('node:tty');
  if (!isatty(0)) return undefined;
  const stdin = process.stdin as NodeJS.ReadStream & { setRawMode(mode: boolean): void };
  // Echo off before the prompt shows: keys typed as soon as it appears must not be echoed.
  stdin.setRawMode(true);
  writeSync(2, 'Password: ');
  return new Promise((resolve) => {
    const decoder = new StringDecoder('utf8');
    let typed = '';
    const restore = () => {
      stdin.off('data', onData);
      process.off('SIGINT', onInterrupt);
      process.off('exit', restoreMode);
      restoreMode();
      stdin.pause();
      // The line the user ended stays on screen as the prompt alone.
      writeSync(2, '\n');
    };
    const restoreMode = () => {
      try {
        stdin.setRawMode(false);
      } catch {
        // The terminal is gone: nothing to restore.
      }
    };
    const onInterrupt = () => {
      restore();
      process.exit(130);
    };
    const onData = (chunk: Buffer) => {
      for (const char of decoder.write(chunk)) {
        if (ENTER.has(char) || char === END_OF_INPUT) {
          restore();
          resolve(typed);
          return;
        }
        if (char === INTERRUPT) return onInterrupt();
        if (ERASE.has(char)) typed = Array.from(typed).slice(0, -1).join('');
        else typed += char;
      }
    };
    process.once('exit', restoreMode);
    process.once('SIGINT', onInterrupt);
    stdin.on('data', onData);
    stdin.resume();
  });
}

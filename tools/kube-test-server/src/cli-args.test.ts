import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliArgs } from './cli-args.js';

describe('parseCliArgs', () => {
  it('reads every flag into server options', () => {
    expect(
      parseCliArgs([
        '--kubeconfig',
        '/tmp/config',
        '--namespaces',
        '1000',
        '--latency-ms=10',
        '--fault-rate',
        '0.2',
        '--faults',
        '429,drop',
        '--seed',
        '3',
        '--port',
        '6443',
      ]),
    ).toEqual({
      help: false,
      kubeconfig: '/tmp/config',
      server: {
        namespaces: 1000,
        latencyMs: 10,
        faultRate: 0.2,
        faults: ['429', 'drop'],
        seed: 3,
        port: 6443,
      },
    });
    expect(parseCliArgs(['--kubeconfig', 'k'])).toEqual({ help: false, kubeconfig: 'k', server: {} });
    expect(parseCliArgs(['-h']).help).toBe(true);
  });

  it('explains bad command lines in one sentence', () => {
    const cases: [string[], string][] = [
      [[], '--kubeconfig FILE is required: the server writes its kubeconfig there.'],
      [
        ['--kubeconfig', 'k', '--namespaces', 'ten'],
        '--namespaces must be a whole number of 0 or more, not "ten".',
      ],
      [['--kubeconfig', 'k', '--fault-rate', '1.5'], '--fault-rate must be a number from 0 to 1, not "1.5".'],
      [
        ['--kubeconfig', 'k', '--latency-ms=-1'],
        '--latency-ms must be a number of milliseconds, 0 or more, not "-1".',
      ],
      [
        ['--kubeconfig', 'k', '--latency-ms', '-1'],
        "Option '--latency-ms' argument is ambiguous. Did you forget to specify the option argument for '--latency-ms'?",
      ],
      [
        ['--kubeconfig', 'k', '--port', '70000'],
        '--port must be a port number from 0 to 65535, not "70000".',
      ],
      [['--kubeconfig', 'k', '--faults', '500,404'], '--faults takes 500, 429 and drop, not "404".'],
      [['--kubeconfig', 'k', '--frobnicate'], "Unknown option '--frobnicate'."],
      [
        ['--kubeconfig', 'k', 'extra'],
        "Unexpected argument 'extra'. This command does not take positional arguments.",
      ],
    ];
    for (const [args, message] of cases) {
      expect(() => parseCliArgs(args), args.join(' ')).toThrow(new CliUsageError(message));
    }
  });
});

import { resolve } from 'node:path';
import { CliUsageError, parseCliArgs, USAGE } from './cli-args.js';
import { startKubeTestServer } from './kube-test-server.js';

async function main(args: string[]): Promise<number> {
  let options: ReturnType<typeof parseCliArgs>;
  try {
    options = parseCliArgs(args);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`error: ${error.message}\nhint: Run "kube-test-server --help" for the flags.\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const server = await startKubeTestServer(options.server);
  const kubeconfig = resolve(options.kubeconfig);
  try {
    await server.writeKubeconfig(kubeconfig);
  } catch (error) {
    await server.close();
    process.stderr.write(`error: cannot write the kubeconfig: ${(error as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`kube-test-server listening on ${server.url} (kubeconfig ${kubeconfig})\n`);
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  return 0;
}

process.exitCode = await main(process.argv.slice(2));

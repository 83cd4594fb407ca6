import { readFile } from 'node:fs/promises';
import * as tls from 'node:tls';
import { InvalidInputError } from '@pull-secret/dockerconfigjson';
import { type Dispatcher, EnvHttpProxyAgent, request } from 'undici';
import { caCertificates } from './ca-certificates.js';
import type { HttpClientInit } from './http-client.js';

// Its own module, imported at a client's first call: undici, TLS and the CA files cost nothing to a
// program that imports @pull-secret/http for parseDuration or withDeadline (the CLI at start-up). The
// file API is fs/promises, which the CLI's start-up does not load either.

export interface Transport {
  dispatcher: Dispatcher;
  request: typeof request;
}

export async function openTransport(init: HttpClientInit, timeoutMs: number): Promise<Transport> {
  const extraCa = await extraCertificates(init);
  // getCACertificates (Node 22.15+) includes the system and NODE_EXTRA_CA_CERTS stores Node started with.
  const getDefault = (tls as { getCACertificates?: (type: 'default') => string[] }).getCACertificates;
  const tlsOptions = {
    // Set only when there is something to add: otherwise Node's default store applies, as it is now.
    // A given certificate is a trust anchor even when it is not a CA's: a server's own leaf, as
    // "pull-secret certificates" prints it for a server that sends only its leaf, is trusted as Go
    // (kubectl, docker) trusts it. The chain must still end there and the host name must still match.
    ...(extraCa.length > 0
      ? {
          ca: [...(getDefault ? getDefault('default') : tls.rootCertificates), ...extraCa],
          allowPartialTrustChain: true,
        }
      : {}),
    rejectUnauthorized: !init.insecureSkipTLSVerify,
  };
  const env = (name: string) => init.env[name] ?? init.env[name.toLowerCase()] ?? '';
  const dispatcher: Dispatcher = new EnvHttpProxyAgent({
    // Empty strings, not undefined: undefined would make undici read process.env itself.
    httpProxy: env('HTTP_PROXY'),
    httpsProxy: env('HTTPS_PROXY'),
    noProxy: env('NO_PROXY'),
    connect: { ...tlsOptions, timeout: timeoutMs },
    requestTls: tlsOptions,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  return { dispatcher, request };
}

async function extraCertificates(init: HttpClientInit): Promise<string[]> {
  const given = (init.ca === undefined ? [] : typeof init.ca === 'string' ? [init.ca] : [...init.ca]).flatMap(
    (pem) => caCertificates(pem, 'ca-file'),
  );
  for (const file of init.caFiles ?? []) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new InvalidInputError('CA_FILE_UNREADABLE', `Cannot read the CA file ${file}.`, {
        hint: 'Check the path and that it holds PEM certificates.',
        cause: error,
      });
    }
    given.push(...caCertificates(text, 'ca-file', file));
  }
  const nodeExtra = init.env.NODE_EXTRA_CA_CERTS;
  if (nodeExtra) {
    try {
      given.push(await readFile(nodeExtra, 'utf8'));
    } catch {
      // Node itself only warns about an unreadable NODE_EXTRA_CA_CERTS, and goes on without it.
    }
  }
  return given;
}

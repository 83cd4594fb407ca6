import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseSigV4Authorization, verifySigV4 } from './sigv4.js';

export interface AwsAccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials: requests must carry this in `x-amz-security-token`. */
  sessionToken?: string;
  /** The account the key belongs to; default the server's `accountId`. */
  accountId?: string;
}

export interface AwsTestRole {
  roleArn: string;
  /** The OIDC token AssumeRoleWithWebIdentity must be given for this role; any token when absent. */
  webIdentityToken?: string;
}

export interface AwsTestServerOptions {
  /** Long-term keys the server accepts. */
  accessKeys?: readonly AwsAccessKey[];
  /** Roles STS can assume, with web identity or with signed AssumeRole. */
  roles?: readonly AwsTestRole[];
  /** The account of keys that name none; default 123456789012. */
  accountId?: string;
  /** IAM actions every caller is denied, e.g. `ecr:GetAuthorizationToken`; change with `deny`/`allow`. */
  deny?: readonly string[];
  /** The ECR password handed out for an account and region; default `ECR-TOKEN-<account>-<region>`. */
  password?: (accountId: string, region: string) => string;
  /** Lifetime of ECR tokens; default 12 hours, as ECR's. */
  tokenLifetimeMs?: number;
  /** Milliseconds since the epoch; default Date.now. */
  now?: () => number;
}

/** One request as the server understood it; never a secret. */
export interface AwsRequestLogEntry {
  action: string;
  /** The region of the SigV4 scope; absent for unsigned calls. */
  region?: string;
  service?: string;
  accessKeyId?: string;
  registryIds?: string[];
  roleArn?: string;
  status: number;
  error?: string;
}

export interface AwsTestServer {
  /** `http://127.0.0.1:PORT`: the endpoint URL for ECR, ECR Public and STS alike. */
  url: string;
  requests: AwsRequestLogEntry[];
  deny(action: string): void;
  allow(action: string): void;
  close(): Promise<void>;
}

const ECR_TARGET = 'AmazonEC2ContainerRegistry_V20150921.';
const ECR_PUBLIC_TARGET = 'SpencerFrontendService.';
const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * An AWS endpoint on loopback for ECR (JSON 1.1), ECR Public (JSON 1.1) and STS (query protocol, XML).
 * Signed requests are checked for real: the SigV4 signature is recomputed with the key's secret, and
 * the scope must name the right service.
 */
export async function startAwsTestServer(options: AwsTestServerOptions = {}): Promise<AwsTestServer> {
  const defaultAccount = options.accountId ?? '123456789012';
  const keys = new Map<string, AwsAccessKey>();
  for (const key of options.accessKeys ?? []) keys.set(key.accessKeyId, key);
  const denied = new Set(options.deny ?? []);
  const now = options.now ?? (() => Date.now());
  const password = options.password ?? ((account, region) => `ECR-TOKEN-${account}-${region}`);
  const lifetime = options.tokenLifetimeMs ?? 12 * 60 * 60 * 1000;
  const requests: AwsRequestLogEntry[] = [];

  const authenticate = (
    request: IncomingMessage,
    body: Buffer,
    service: string,
    entry: AwsRequestLogEntry,
  ) => {
    const claim = parseSigV4Authorization(request.headers.authorization);
    if (!claim)
      throw new AwsError(400, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    entry.accessKeyId = claim.accessKeyId;
    entry.region = claim.region;
    entry.service = claim.service;
    const key = keys.get(claim.accessKeyId);
    const token = request.headers['x-amz-security-token'];
    if (!key || (key.sessionToken !== undefined && token !== key.sessionToken)) {
      throw new AwsError(
        400,
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
    }
    if (
      !verifySigV4(
        { method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers, body },
        claim,
        key.secretAccessKey,
      )
    ) {
      throw new AwsError(
        403,
        'InvalidSignatureException',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
      );
    }
    if (claim.service !== service) {
      throw new AwsError(
        403,
        'InvalidSignatureException',
        `Credential should be scoped to correct service: '${service}'.`,
      );
    }
    const signedAt = Date.parse(
      String(request.headers['x-amz-date']).replace(
        /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/,
        '$1-$2-$3T$4:$5:$6Z',
      ),
    );
    if (!(Math.abs(now() - signedAt) <= MAX_CLOCK_SKEW_MS)) {
      throw new AwsError(
        403,
        'InvalidSignatureException',
        'Signature expired: the request time is too far from the server time.',
      );
    }
    return { key, region: claim.region, accountId: key.accountId ?? defaultAccount };
  };

  const checkAllowed = (action: string, accountId: string) => {
    if (denied.has(action)) {
      throw new AwsError(
        400,
        'AccessDeniedException',
        `User: arn:aws:iam::${accountId}:user/test is not authorized to perform: ${action} on resource: * because no identity-based policy allows the ${action} action`,
      );
    }
  };

  const expiresAtSeconds = () => (now() + lifetime) / 1000;
  const authorizationToken = (accountId: string, region: string) =>
    Buffer.from(`AWS:${password(accountId, region)}`).toString('base64');

  const ecr = (request: IncomingMessage, body: Buffer, operation: string, entry: AwsRequestLogEntry) => {
    entry.action = `ecr:${operation}`;
    const { region, accountId } = authenticate(request, body, 'ecr', entry);
    if (operation !== 'GetAuthorizationToken') {
      throw new AwsError(400, 'UnknownOperationException', `Unknown operation ${operation}.`);
    }
    checkAllowed(entry.action, accountId);
    const input = JSON.parse(body.toString('utf8') || '{}') as { registryIds?: string[] };
    const registryIds = input.registryIds?.length ? input.registryIds : [accountId];
    if (input.registryIds) entry.registryIds = input.registryIds;
    for (const id of registryIds) {
      if (!/^\d{12}$/.test(id)) {
        throw new AwsError(
          400,
          'InvalidParameterException',
          `Invalid parameter at 'registryIds' failed to satisfy constraint: '${id}' is not a registry ID.`,
        );
      }
    }
    const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
    return {
      authorizationData: registryIds.map((id) => ({
        authorizationToken: authorizationToken(id, region),
        expiresAt: expiresAtSeconds(),
        proxyEndpoint: `https://${id}.dkr.ecr.${region}.${domain}`,
      })),
    };
  };

  const ecrPublic = (
    request: IncomingMessage,
    body: Buffer,
    operation: string,
    entry: AwsRequestLogEntry,
  ) => {
    entry.action = `ecr-public:${operation}`;
    const { region, accountId } = authenticate(request, body, 'ecr-public', entry);
    if (operation !== 'GetAuthorizationToken') {
      throw new AwsError(400, 'UnknownOperationException', `Unknown operation ${operation}.`);
    }
    checkAllowed(entry.action, accountId);
    // ECR Public's token also needs sts:GetServiceBearerToken.
    checkAllowed('sts:GetServiceBearerToken', accountId);
    return {
      authorizationData: {
        authorizationToken: authorizationToken(accountId, region),
        expiresAt: expiresAtSeconds(),
      },
    };
  };

  const sts = (request: IncomingMessage, body: Buffer, entry: AwsRequestLogEntry) => {
    const params = new URLSearchParams(body.toString('utf8'));
    const action = params.get('Action') ?? '';
    entry.action = `sts:${action}`;
    const roleArn = params.get('RoleArn') ?? '';
    entry.roleArn = roleArn;
    const role = options.roles?.find((candidate) => candidate.roleArn === roleArn);
    if (action === 'AssumeRoleWithWebIdentity') {
      // Unsigned: the web identity token is the credential.
      const token = params.get('WebIdentityToken') ?? '';
      if (role?.webIdentityToken !== undefined && token !== role.webIdentityToken) {
        throw new AwsError(
          400,
          'InvalidIdentityToken',
          "Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements",
        );
      }
      if (!role || denied.has(entry.action)) {
        throw new AwsError(403, 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
      }
    } else if (action === 'AssumeRole') {
      const { accountId } = authenticate(request, body, 'sts', entry);
      if (!role || denied.has(entry.action)) {
        throw new AwsError(
          403,
          'AccessDenied',
          `User: arn:aws:iam::${accountId}:user/test is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
        );
      }
    } else {
      throw new AwsError(400, 'InvalidAction', `Could not find operation ${action} for version 2011-06-15`);
    }
    const session = params.get('RoleSessionName') ?? 'session';
    const accountId = /^arn:aws[\w-]*:iam::(\d{12}):role\//.exec(roleArn)?.[1] ?? defaultAccount;
    const issued: AwsAccessKey = {
      accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(48).toString('base64'),
      accountId,
    };
    keys.set(issued.accessKeyId, issued);
    const roleName = roleArn.split('/').pop();
    return `<${action}Response xmlns="${STS_XMLNS}">
  <${action}Result>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::${accountId}:assumed-role/${roleName}/${session}</Arn>
      <AssumedRoleId>AROA${randomBytes(8).toString('hex').toUpperCase()}:${session}</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>${issued.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${issued.secretAccessKey}</SecretAccessKey>
      <SessionToken>${issued.sessionToken}</SessionToken>
      <Expiration>${new Date(now() + 60 * 60 * 1000).toISOString().replace(/\.\d+Z$/, 'Z')}</Expiration>
    </Credentials>
  </${action}Result>
  <ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>
</${action}Response>`;
  };

  const handle = (request: IncomingMessage, body: Buffer, response: ServerResponse) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const entry: AwsRequestLogEntry = { action: target || 'unknown', status: 200 };
    requests.push(entry);
    const isStsCall =
      !target &&
      String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    try {
      if (isStsCall) {
        const xml = sts(request, body, entry);
        response.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
        response.end(xml);
        return;
      }
      let output: unknown;
      if (target.startsWith(ECR_TARGET)) output = ecr(request, body, target.slice(ECR_TARGET.length), entry);
      else if (target.startsWith(ECR_PUBLIC_TARGET))
        output = ecrPublic(request, body, target.slice(ECR_PUBLIC_TARGET.length), entry);
      else throw new AwsError(400, 'UnknownOperationException', 'Unknown operation.');
      response.writeHead(200, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': randomUUID(),
      });
      response.end(JSON.stringify(output));
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      entry.status = error.status;
      entry.error = error.code;
      if (isStsCall) {
        response.writeHead(error.status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
        response.end(
          `<ErrorResponse xmlns="${STS_XMLNS}"><Error><Type>Sender</Type><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
        );
        return;
      }
      response.writeHead(error.status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-errortype': error.code,
        'x-amzn-requestid': randomUUID(),
      });
      response.end(JSON.stringify({ __type: error.code, message: error.message }));
    }
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        handle(request, Buffer.concat(chunks), response);
      } catch {
        response.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify({ __type: 'InternalFailure', message: 'The test server failed.' }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    deny: (action) => denied.add(action),
    allow: (action) => denied.delete(action),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

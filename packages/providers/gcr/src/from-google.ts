import {
  type CredentialProvider,
  CredentialUnavailableError,
  InvalidInputError,
  memoize,
  PullSecretError,
  type RegistryCredential,
} from '@pull-secret/dockerconfigjson';
import { DEFAULT_TIMEOUT_MS, EndpointTimeoutError, withDeadline } from '@pull-secret/http';
import { parseGoogleRegistryHost } from './google-registry-host.js';

export type GoogleAuthMode = 'access-token' | 'json-key' | 'json-key-base64';

export interface FromGoogleInit {
  /** Google registry hosts (`gcr.io`, `us-docker.pkg.dev`, …), each with an optional path. */
  registries: readonly string[];
  /**
   * `access-token` (default): a one-hour OAuth2 access token from any Google identity, username
   * `oauth2accesstoken`. `json-key` / `json-key-base64`: the service account key itself, username
   * `_json_key` / `_json_key_base64`; never expires, no network.
   */
  auth?: GoogleAuthMode;
  /** A service account key, or for access-token any credential file ADC reads (external_account, impersonated_service_account, authorized_user). */
  keyFile?: string;
  /** The content of such a file; takes precedence over `keyFile`. */
  keyJson?: string;
  /** access-token: act as this service account (IAM Credentials generateAccessToken). */
  serviceAccount?: string;
  /**
   * access-token: a workload identity provider, `projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER`,
   * whose STS exchange takes the OIDC token `idToken` mints (GitHub Actions).
   */
  workloadIdentityProvider?: string;
  idToken?: (audience: string) => Promise<string>;
  warn?: (message: string) => void;
  /** Where json-key finds GOOGLE_APPLICATION_CREDENTIALS; default process.env (access-token leaves ADC to google-auth-library). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Limit for each call to Google (token, STS, IAM Credentials), in ms; default 30 000; 0 means none. */
  timeoutMs?: number;
}

export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
export const ACCESS_TOKEN_USERNAME = 'oauth2accesstoken';
const STS_TOKEN_URL = 'https://sts.googleapis.com/v1/token';
const WORKLOAD_IDENTITY_PROVIDER =
  /^projects\/\d+\/locations\/global\/workloadIdentityPools\/[^/]+\/providers\/[^/]+$/;
const SERVICE_ACCOUNT_EMAIL = /^[^@\s/]+@[^@\s/]+$/;

/**
 * Registry logins for Google Artifact Registry (and its gcr.io hosts). google-auth-library is loaded
 * only when an access token is asked for; json-key never touches the network.
 */
export function fromGoogle(init: FromGoogleInit): CredentialProvider {
  const auth = init.auth ?? 'access-token';
  checkInit(init, auth);
  let client: Promise<GoogleAccessTokenClient> | undefined;
  // What the clients' request interceptor gives each request: this fetch's signal, and the URL asked.
  const transport: GoogleTransport = {
    timeoutMs: init.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    endpoint: TOKEN_ORIGIN,
  };
  // Memoized: a token is asked for again at half its lifetime; a key is read (and gcr.io warned about) once.
  return memoize(async (opts) => {
    opts?.signal?.throwIfAborted();
    warnAboutGcrIo(init);
    if (auth !== 'access-token') {
      const key = await readServiceAccountKey(init);
      const base64 = auth === 'json-key-base64';
      return init.registries.map((registry) => ({
        registry,
        username: base64 ? '_json_key_base64' : '_json_key',
        password: base64 ? Buffer.from(key).toString('base64') : key,
      }));
    }
    client ??= accessTokenClient(init, transport);
    const { token, expiresAt } = await accessToken(await client.catch(forget), transport, opts?.signal);
    return init.registries.map(
      (registry): RegistryCredential => ({
        registry,
        username: ACCESS_TOKEN_USERNAME,
        password: token,
        expiresAt,
      }),
    );
  });

  function forget(error: unknown): never {
    client = undefined;
    throw error;
  }
}

function checkInit(init: FromGoogleInit, auth: GoogleAuthMode): void {
  if (!['access-token', 'json-key', 'json-key-base64'].includes(auth)) {
    throw new InvalidInputError(
      'GCR_INVALID_AUTH',
      `gcp-auth must be access-token, json-key or json-key-base64, not "${auth}".`,
      {
        hint: 'Use access-token for any Google identity, json-key for a service account key.',
      },
    );
  }
  if (init.registries.length === 0) {
    throw new InvalidInputError('GCR_NO_REGISTRY', 'The gcr provider needs at least one registry.', {
      hint: 'Name one with {{registry}}, e.g. us-docker.pkg.dev or gcr.io.',
    });
  }
  for (const registry of init.registries) {
    if (!parseGoogleRegistryHost(registry)) {
      throw new InvalidInputError('GCR_NOT_GOOGLE_REGISTRY', `${registry} is not a Google registry host.`, {
        hint: 'Google serves gcr.io, us.gcr.io, eu.gcr.io, asia.gcr.io, marketplace.gcr.io, LOCATION-docker.pkg.dev and docker.REGION.rep.pkg.dev; a Google token is not sent anywhere else.',
      });
    }
  }
  if (auth !== 'access-token' && (init.serviceAccount || init.workloadIdentityProvider)) {
    throw new InvalidInputError(
      'GCR_JSON_KEY_WITH_IDENTITY',
      `gcp-auth ${auth} takes only a key, not a service account or workload identity provider.`,
      {
        hint: 'Drop gcp-service-account and gcp-workload-identity-provider, or use gcp-auth access-token.',
      },
    );
  }
  if (init.serviceAccount !== undefined && !SERVICE_ACCOUNT_EMAIL.test(init.serviceAccount)) {
    throw new InvalidInputError(
      'GCR_INVALID_SERVICE_ACCOUNT',
      `gcp-service-account must be a service account email, not "${init.serviceAccount}".`,
      {
        hint: 'For example puller@my-project.iam.gserviceaccount.com.',
      },
    );
  }
  if (
    init.workloadIdentityProvider !== undefined &&
    !WORKLOAD_IDENTITY_PROVIDER.test(init.workloadIdentityProvider)
  ) {
    throw new InvalidInputError(
      'GCR_INVALID_WORKLOAD_IDENTITY_PROVIDER',
      'gcp-workload-identity-provider is not a workload identity provider resource name.',
      {
        hint: 'Use the full name: projects/PROJECT_NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER.',
      },
    );
  }
}

function warnAboutGcrIo(init: FromGoogleInit): void {
  const gcrHosts = init.registries.filter((registry) => parseGoogleRegistryHost(registry)?.kind === 'gcr.io');
  if (gcrHosts.length === 0 || !init.warn) return;
  init.warn(
    `${gcrHosts.join(', ')}: gcr.io is served by Artifact Registry since 2025; the identity needs roles/artifactregistry.reader on the gcr.io repository, Cloud Storage roles no longer grant pulls.`,
  );
}

/** The credential file's text: `keyJson`, else the file `keyFile`, else (json-key only) GOOGLE_APPLICATION_CREDENTIALS. */
async function readCredentialText(
  init: FromGoogleInit,
  useAdcVariable: boolean,
): Promise<string | undefined> {
  if (init.keyJson !== undefined) return init.keyJson;
  const path =
    init.keyFile ??
    (useAdcVariable ? nonEmpty((init.env ?? process.env).GOOGLE_APPLICATION_CREDENTIALS) : undefined);
  if (path === undefined) return undefined;
  try {
    // Imported here: the CLI bundles this module into its start-up, where fs/promises would cost a load.
    const { readFile } = await import('node:fs/promises');
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new InvalidInputError('GCR_KEY_FILE_UNREADABLE', `Cannot read the credential file ${path}.`, {
      hint: 'Check the path given as gcp-key-file (or GOOGLE_APPLICATION_CREDENTIALS).',
      cause: error,
    });
  }
}

function parseCredentialJson(text: string): CredentialJson {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as CredentialJson;
  } catch {}
  throw new InvalidInputError(
    'GCR_INVALID_CREDENTIAL_JSON',
    'The Google credential file is not a JSON object.',
    {
      hint: 'Give a service account key or a credential configuration file made by gcloud, whole.',
    },
  );
}

/** The key as given, checked to be a service account key (the only kind a registry takes as a password). */
async function readServiceAccountKey(init: FromGoogleInit): Promise<string> {
  const text = await readCredentialText(init, true);
  if (text === undefined) {
    throw new CredentialUnavailableError(
      'GCR_NO_JSON_KEY',
      'json-key needs a service account key, and none was given.',
      {
        hint: 'Set gcp-key-file (or GOOGLE_APPLICATION_CREDENTIALS) to the key file, or gcp-key-json (or GOOGLE_CREDENTIALS) to its content.',
      },
    );
  }
  const key = text.trim();
  let fields: CredentialJson = {};
  try {
    fields = parseCredentialJson(key);
  } catch {}
  if (
    fields.type !== 'service_account' ||
    typeof fields.client_email !== 'string' ||
    typeof fields.private_key !== 'string'
  ) {
    throw new InvalidInputError('GCR_NOT_SERVICE_ACCOUNT_KEY', 'The key is not a service account JSON key.', {
      hint: 'json-key needs a key from "gcloud iam service-accounts keys create"; for workload identity, impersonation or user credentials use gcp-auth access-token.',
    });
  }
  return key;
}

// The fields of the credential files gcloud and IAM write that are read here.
interface CredentialJson {
  type?: string;
  client_email?: string;
  private_key?: string;
  private_key_id?: string;
  client_id?: string;
  client_secret?: string;
  refresh_token?: string;
  credential_source?: { environment_id?: string; executable?: unknown };
  [field: string]: unknown;
}

// What fromGoogle needs of google-auth-library's clients: every one of them has these members.
interface GoogleAccessTokenClient {
  getAccessToken(): Promise<{ token?: string | null }>;
  credentials: { expiry_date?: number | null };
}
interface GoogleAuthClient extends GoogleAccessTokenClient {
  request<T>(options: { url: string; method: 'POST'; data: unknown }): Promise<{ data: T }>;
}

type GoogleAuthLibrary = typeof import('google-auth-library');

async function loadGoogleAuthLibrary(): Promise<GoogleAuthLibrary> {
  const loaded = await import('google-auth-library');
  // A bundle (the CLI's) hands the CommonJS module over as the default export only.
  return typeof loaded.JWT === 'function'
    ? loaded
    : (loaded as unknown as { default: GoogleAuthLibrary }).default;
}

/** The timeout and signal for a fetch's requests, and the last endpoint asked, for the error that names it. */
interface GoogleTransport {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  endpoint: string;
  /** Where the client's first request goes: the token or STS endpoint. */
  firstEndpoint?: string;
}

const TOKEN_ORIGIN = 'https://oauth2.googleapis.com';

// What is used of a google-auth-library client's gaxios transporter: every request passes its interceptors.
interface WithTransporter {
  transporter?: {
    interceptors?: {
      request?: { add(interceptor: { resolved?: (config: GaxiosConfig) => Promise<GaxiosConfig> }): void };
    };
  };
}
interface GaxiosConfig {
  url?: string | URL;
  timeout?: number;
  signal?: AbortSignal;
}

/**
 * Gives every request of `client` the fetch's signal (aborted at the deadline), and notes where it
 * goes. External account clients make their STS exchange with a transporter of its own, reached
 * through their `stsCredential`.
 */
function instrument<T>(client: T, transport: GoogleTransport, firstEndpoint: string): T {
  transport.firstEndpoint = firstEndpoint;
  const sts = (client as { stsCredential?: WithTransporter }).stsCredential;
  for (const holder of [client as WithTransporter, sts]) {
    holder?.transporter?.interceptors?.request?.add({
      resolved: async (config) => {
        if (config.url !== undefined) transport.endpoint = String(config.url);
        if (transport.signal) config.signal = transport.signal;
        return config;
      },
    });
  }
  return client;
}

async function accessTokenClient(
  init: FromGoogleInit,
  transport: GoogleTransport,
): Promise<GoogleAccessTokenClient> {
  const google = await loadGoogleAuthLibrary();
  const scopes = [CLOUD_PLATFORM_SCOPE];
  if (init.workloadIdentityProvider !== undefined) {
    if (!init.idToken) {
      throw new CredentialUnavailableError(
        'GCR_NO_ID_TOKEN',
        'gcp-workload-identity-provider needs an OIDC token, and none can be minted here.',
        {
          hint: 'In GitHub Actions grant the job "permissions: id-token: write" (the Action and the CLI both use it); elsewhere pass a credential configuration file as gcp-key-file.',
        },
      );
    }
    const idToken = init.idToken;
    const audience = `//iam.googleapis.com/${init.workloadIdentityProvider}`;
    return instrument(
      new google.IdentityPoolClient({
        type: 'external_account',
        audience,
        subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
        token_url: STS_TOKEN_URL,
        subject_token_supplier: { getSubjectToken: () => idToken(audience) },
        ...(init.serviceAccount === undefined
          ? {}
          : { service_account_impersonation_url: generateAccessTokenUrl(init.serviceAccount) }),
        scopes,
      }),
      transport,
      STS_TOKEN_URL,
    );
  }
  const text = await readCredentialText(init, false);
  let source: GoogleAuthClient;
  if (text !== undefined) {
    const json = parseCredentialJson(text);
    const first =
      json.type === 'external_account' && typeof json.token_url === 'string' ? json.token_url : TOKEN_ORIGIN;
    source = instrument(credentialFileClient(google, json, scopes), transport, first);
  } else {
    try {
      // Finding Application Default Credentials may ask the metadata server.
      source = instrument(
        (await withDeadline(
          () => withoutMetadataWarnings(() => new google.GoogleAuth({ scopes }).getClient()),
          {
            endpoint: 'http://metadata.google.internal',
            timeoutMs: transport.timeoutMs,
          },
        )) as GoogleAuthClient,
        transport,
        TOKEN_ORIGIN,
      );
    } catch (error) {
      if (error instanceof EndpointTimeoutError) throw error;
      throw noCredentials(error);
    }
  }
  return init.serviceAccount === undefined ? source : impersonated(source, init.serviceAccount);
}

/**
 * The client for a credential file, made from its `type` as google-auth-library recommends (its
 * generic loaders print deprecation warnings): a service account key, an external_account
 * configuration (workload identity federation: file, URL, executable or AWS sourced) or user credentials.
 */
function credentialFileClient(
  google: GoogleAuthLibrary,
  json: CredentialJson,
  scopes: string[],
): GoogleAuthClient {
  switch (json.type) {
    case 'service_account':
      if (typeof json.client_email !== 'string' || typeof json.private_key !== 'string') break;
      return new google.JWT({
        email: json.client_email,
        key: json.private_key,
        keyId: json.private_key_id,
        scopes,
      });
    case 'external_account': {
      const options = { ...json, scopes } as ConstructorParameters<typeof google.IdentityPoolClient>[0];
      if (json.credential_source?.environment_id !== undefined) return new google.AwsClient(options as never);
      if (json.credential_source?.executable !== undefined)
        return new google.PluggableAuthClient(options as never);
      return new google.IdentityPoolClient(options);
    }
    case 'authorized_user':
      return new google.UserRefreshClient({
        clientId: json.client_id,
        clientSecret: json.client_secret,
        refreshToken: json.refresh_token,
      });
  }
  throw new InvalidInputError(
    'GCR_UNSUPPORTED_CREDENTIAL_FILE',
    `A Google credential file of type "${String(json.type)}" cannot be used here.`,
    {
      hint: 'Give a service account key, an external_account configuration or user credentials; to act as another service account set gcp-service-account.',
    },
  );
}

function generateAccessTokenUrl(serviceAccount: string): string {
  return `https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/${serviceAccount}:generateAccessToken`;
}

/**
 * IAM Credentials generateAccessToken, called with the source client's own token. Done here rather
 * than with the library's Impersonated client, which warns on every construction.
 */
function impersonated(source: GoogleAuthClient, serviceAccount: string): GoogleAccessTokenClient {
  const client: GoogleAccessTokenClient = {
    credentials: {},
    async getAccessToken() {
      const { data } = await source.request<{ accessToken: string; expireTime: string }>({
        url: generateAccessTokenUrl(serviceAccount),
        method: 'POST',
        data: { scope: [CLOUD_PLATFORM_SCOPE], lifetime: '3600s' },
      });
      client.credentials = { expiry_date: Date.parse(data.expireTime) };
      return { token: data.accessToken };
    },
  };
  return client;
}

/**
 * Runs the ADC lookup without gcp-metadata's MetadataLookupWarning: off Google Cloud, a metadata probe
 * that a proxy or firewall answers (403, 502) makes it call process.emitWarning, which Node prints as
 * "(node:PID) MetadataLookupWarning …" lines under pull-secret's own error. Not finding the metadata
 * server is what "No Google credentials were found" already says. Every other warning goes through.
 */
async function withoutMetadataWarnings<T>(lookup: () => Promise<T>): Promise<T> {
  const emitWarning = process.emitWarning;
  const filtered = ((warning: string | Error, ...rest: unknown[]) => {
    const options = rest[0];
    const type = typeof options === 'string' ? options : (options as { type?: string } | undefined)?.type;
    if (type === 'MetadataLookupWarning' || (warning as Error)?.name === 'MetadataLookupWarning') return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  process.emitWarning = filtered;
  try {
    return await lookup();
  } finally {
    // Put back only what was put here: something else may have wrapped it meanwhile.
    if (process.emitWarning === filtered) process.emitWarning = emitWarning;
  }
}

function noCredentials(error: unknown): PullSecretError {
  const message = error instanceof Error ? error.message : String(error);
  if (/could not load the default credentials/i.test(message)) {
    return new CredentialUnavailableError('GCR_NO_GOOGLE_CREDENTIALS', 'No Google credentials were found.', {
      hint: 'Run "gcloud auth application-default login", set GOOGLE_APPLICATION_CREDENTIALS or gcp-key-file, or in GitHub Actions set gcp-workload-identity-provider.',
    });
  }
  // A JSON parse error quotes the text around the fault, and that text may be part of a key.
  const detail =
    error instanceof SyntaxError || /JSON/.test(message) ? 'the file is not valid JSON.' : firstLine(message);
  return new InvalidInputError(
    'GCR_UNUSABLE_CREDENTIALS',
    `The Application Default Credentials cannot be used: ${detail}`,
    {
      hint: 'Point GOOGLE_APPLICATION_CREDENTIALS at a service account key or a credential configuration file made by gcloud.',
    },
  );
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}

async function accessToken(
  client: GoogleAccessTokenClient,
  transport: GoogleTransport,
  signal: AbortSignal | undefined,
): Promise<{ token: string; expiresAt: Date }> {
  let token: string | null | undefined;
  try {
    transport.endpoint = transport.firstEndpoint ?? TOKEN_ORIGIN;
    ({ token } = await withDeadline(
      (deadline) => {
        transport.signal = deadline;
        return client.getAccessToken();
      },
      { endpoint: () => transport.endpoint, timeoutMs: transport.timeoutMs, signal },
    ));
  } catch (error) {
    if (error instanceof EndpointTimeoutError) throw error;
    if (signal?.aborted) throw signal.reason;
    // Not chained as the cause: gaxios errors carry the request, bearer tokens and assertions included.
    throw new PullSecretError(
      'GCR_TOKEN_REFUSED',
      `Google did not issue an access token: ${describeGoogleError(error)}`,
      {
        hint: 'Check that the identity exists and, with gcp-service-account, holds roles/iam.serviceAccountTokenCreator on it.',
      },
    );
  }
  const expiry = client.credentials.expiry_date;
  if (!token || typeof expiry !== 'number') {
    throw new PullSecretError('GCR_TOKEN_REFUSED', 'Google answered without an access token or its expiry.', {
      hint: 'Retry; if it persists, report it.',
    });
  }
  return { token, expiresAt: new Date(expiry) };
}

/** The server's own words (OAuth2 error_description or Google API error message), one line, or the error's message. */
function describeGoogleError(error: unknown): string {
  const data = (error as { response?: { data?: unknown } }).response?.data as
    | { error?: string | { message?: string }; error_description?: string }
    | undefined;
  const fromServer =
    data?.error_description ??
    (typeof data?.error === 'object'
      ? data.error.message
      : typeof data?.error === 'string'
        ? data.error
        : undefined);
  return firstLine(fromServer ?? (error instanceof Error ? error.message : String(error)));
}

function firstLine(text: string): string {
  const line = text.split('\n')[0]!.trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

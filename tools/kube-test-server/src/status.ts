// metav1.Status and the errors the API server builds it from. Messages, reasons and details follow
// k8s.io/apimachinery/pkg/api/errors, because clients (client-go, @kubernetes/client-node, pull-secret)
// branch on `reason` and `code`, and people read `message`.

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  /** Absent on the Success Status of a DELETE, as the real server sends it. */
  code?: number;
}

/** An error the API answers with a Failure Status. */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toStatus(): Status {
    const status: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) status.details = this.details;
    return status;
  }
}

/** One field.Error: what client-go shows as `field: Invalid value: "x": detail`. */
export interface FieldError {
  type: 'FieldValueInvalid' | 'FieldValueRequired' | 'FieldValueForbidden' | 'FieldValueTooLong';
  field: string;
  /** A string is quoted in the message, a number is not, as Go's %#v prints them. */
  value?: string | number;
  detail?: string;
}

function fieldErrorBody(error: FieldError): string {
  switch (error.type) {
    case 'FieldValueInvalid':
      return `Invalid value: ${JSON.stringify(error.value ?? '')}${error.detail ? `: ${error.detail}` : ''}`;
    case 'FieldValueRequired':
      return `Required value${error.detail ? `: ${error.detail}` : ''}`;
    case 'FieldValueForbidden':
      return `Forbidden${error.detail ? `: ${error.detail}` : ''}`;
    case 'FieldValueTooLong':
      return `Too long${error.detail ? `: ${error.detail}` : ''}`;
  }
}

/**
 * A resource (or kind) as errors name it: a core one by its name (`secrets`), one of an API group
 * qualified (`leases.coordination.k8s.io`), with the group in the Status details.
 */
export type ErrorResource = string | { name: string; group: string };

function qualified(resource: ErrorResource): { label: string; kind: string; group?: string } {
  if (typeof resource === 'string' || resource.group === '') {
    const name = typeof resource === 'string' ? resource : resource.name;
    return { label: name, kind: name };
  }
  return { label: `${resource.name}.${resource.group}`, kind: resource.name, group: resource.group };
}

function detailsOf(resource: ErrorResource, name?: string): StatusDetails {
  const { kind, group } = qualified(resource);
  return { ...(name ? { name } : {}), ...(group ? { group } : {}), kind };
}

export const notFound = (resource: ErrorResource, name: string): ApiError =>
  new ApiError(
    404,
    'NotFound',
    `${qualified(resource).label} "${name}" not found`,
    detailsOf(resource, name),
  );

export const alreadyExists = (resource: ErrorResource, name: string): ApiError =>
  new ApiError(
    409,
    'AlreadyExists',
    `${qualified(resource).label} "${name}" already exists`,
    detailsOf(resource, name),
  );

export const conflict = (
  resource: ErrorResource,
  name: string,
  why = 'the object has been modified; please apply your changes to the latest version and try again',
): ApiError =>
  new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(resource).label} "${name}": ${why}`,
    detailsOf(resource, name),
  );

export function forbidden(
  resource: ErrorResource,
  name: string,
  why: string,
  causes?: StatusCause[],
): ApiError {
  const { label } = qualified(resource);
  const message = name ? `${label} "${name}" is forbidden: ${why}` : `${label} is forbidden: ${why}`;
  const details = detailsOf(resource, name);
  if (causes) details.causes = causes;
  return new ApiError(403, 'Forbidden', message, details);
}

/** 422 with one cause per field error; the message aggregates them as client-go's ToAggregate does. */
export function invalid(kind: ErrorResource, name: string, errors: FieldError[]): ApiError {
  const texts = errors.map((error) => `${error.field}: ${fieldErrorBody(error)}`);
  const aggregate = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
  return new ApiError(422, 'Invalid', `${qualified(kind).label} "${name}" is invalid: ${aggregate}`, {
    ...detailsOf(kind, name),
    causes: errors.map((error) => ({
      reason: error.type,
      message: fieldErrorBody(error),
      field: error.field,
    })),
  });
}

export const badRequest = (message: string): ApiError => new ApiError(400, 'BadRequest', message);

export const unauthorized = (): ApiError => new ApiError(401, 'Unauthorized', 'Unauthorized');

export const methodNotAllowed = (): ApiError =>
  new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');

export const unsupportedMediaType = (accepted: string[]): ApiError =>
  new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );

export const pathNotFound = (): ApiError =>
  new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});

export const tooManyRequests = (retryAfterSeconds: number): ApiError =>
  new ApiError(
    429,
    'TooManyRequests',
    'Too many requests, please try again later.',
    { retryAfterSeconds },
    { 'Retry-After': String(retryAfterSeconds) },
  );

export const internalError = (cause: string): ApiError =>
  new ApiError(500, 'InternalError', `Internal error occurred: ${cause}`, { causes: [{ message: cause }] });

/** The body of a successful DELETE of an object that is gone at once (secrets, service accounts). */
export function deletedStatus(resource: string, name: string, uid: string | undefined): Status {
  const details: StatusDetails = { name, kind: resource };
  if (uid) details.uid = uid;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}

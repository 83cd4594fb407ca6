import { PullSecretError } from '@pull-secret/dockerconfigjson';

/** A request the API server answered with an error, or that got no answer; message already redacted. */
export class KubeApiError extends PullSecretError {
  override name = 'KubeApiError';
  readonly status: number | undefined;
  readonly reason: string | undefined;

  constructor(
    message: string,
    status: number | undefined,
    reason: string | undefined,
    hint?: string,
    /** What failed underneath (a socket's, TLS's or an exec plugin's error), shown by --debug. */
    cause?: unknown,
  ) {
    super(status === undefined ? 'KUBE_UNREACHABLE' : `KUBE_${reason ?? status}`, message, {
      ...(hint === undefined ? {} : { hint }),
      ...(cause === undefined ? {} : { cause }),
    });
    this.status = status;
    this.reason = reason;
  }
}

import type { MlTool } from '@mlops-portal/plugin-ml-workbench-common';
import { ToolError } from './ToolError';

/** One JSON request to a tool's REST API. */
export interface HttpJsonRequest {
  tool: MlTool;
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
  /** What is being asked, for messages ("experiment 'x'"). */
  what: string;
}

/** The part of a tool's error body worth showing: MLflow `message`, Airflow `detail`. */
function errorText(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as { message?: unknown; detail?: unknown; error_code?: unknown };
    const text = [b.message, b.detail].find((t): t is string => typeof t === 'string' && t.length > 0);
    if (text) return `: ${text.slice(0, 300)}`;
  }
  return '';
}

/**
 * Sends a request and parses the JSON answer. Network failures and timeouts
 * are `unreachable`, 401/403 `credentials`, 404 `not-found`, 409
 * `conflict`, anything else non-2xx or not JSON `bad-answer`. The URL's
 * origin is named in messages (it is config, not a secret); headers never are.
 */
export async function httpJson<T>(req: HttpJsonRequest): Promise<T> {
  const origin = new URL(req.url).origin;
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: req.method,
      headers: {
        accept: 'application/json',
        ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...req.headers,
      },
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: AbortSignal.timeout(req.timeoutMs),
      redirect: 'error',
    });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    const why =
      err.name === 'TimeoutError' ? `no answer within ${req.timeoutMs} ms` : err.cause?.code ?? err.message;
    throw new ToolError(req.tool, 'unreachable', `${origin} is unreachable (${why}) while reading ${req.what}`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const detail = errorText(body);
    if (res.status === 401 || res.status === 403) {
      throw new ToolError(req.tool, 'credentials', `${origin} refused the portal's credentials (${res.status}) for ${req.what}${detail}`, res.status);
    }
    if (res.status === 404) throw new ToolError(req.tool, 'not-found', `${req.what} does not exist${detail}`, 404);
    if (res.status === 409) throw new ToolError(req.tool, 'conflict', `${req.what}: conflict${detail}`, 409);
    throw new ToolError(req.tool, 'bad-answer', `${origin} answered ${res.status} for ${req.what}${detail}`, res.status);
  }
  if (body === undefined && text) {
    throw new ToolError(req.tool, 'bad-answer', `${origin} answered ${req.what} with something that is not JSON`);
  }
  return body as T;
}

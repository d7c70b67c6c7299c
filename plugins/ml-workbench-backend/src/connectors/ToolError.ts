import {
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { MlTool } from '@mlops-portal/plugin-ml-workbench-common';

/** Why a call to a tool failed. */
export type ToolErrorKind = 'unreachable' | 'credentials' | 'not-found' | 'conflict' | 'bad-answer';

const TOOL_TITLE: Record<MlTool, string> = { mlflow: 'MLflow', airflow: 'Airflow', kafka: 'Kafka' };

/**
 * A failed call to MLflow, Airflow or Kafka. Messages name the tool and what
 * was asked, never a credential. Read paths turn it into a problem on one
 * row; action paths into a Backstage error ({@link toBackstageError}).
 */
export class ToolError extends Error {
  constructor(
    readonly tool: MlTool,
    readonly kind: ToolErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(`${TOOL_TITLE[tool]}: ${message}`);
    this.name = 'ToolError';
  }
}

/**
 * The Backstage error an action answers with. The tool's own 401/403 are the
 * backend's credential problem, not the user's, so they are a 503, never a
 * 401/403 that would read as "you may not".
 */
export function toBackstageError(e: unknown): Error {
  if (!(e instanceof ToolError)) return e as Error;
  switch (e.kind) {
    case 'not-found':
      return new NotFoundError(e.message);
    case 'conflict':
      return new ConflictError(e.message);
    default:
      return new ServiceUnavailableError(e.message);
  }
}

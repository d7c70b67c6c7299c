import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CustomErrorBase, InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import {
  NO_NAMESPACE,
  entityPathParamsSchema,
  objectPathParamsSchema,
  overviewQuerySchema,
  parseOrThrow,
  reconcileRequestSchema,
  resumeRequestSchema,
  suspendRequestSchema,
  type ObjectRef,
} from '@mlops-portal/plugin-mlops-common';
import { mlopsOpenApiSpec } from './schema/openapi';
import type { ActionContext } from './services/ActionsService';
import type { MlopsService } from './services/MlopsService';

/** Largest request body our routes read; the biggest real one is a suspend reason. */
export const MAX_BODY_BYTES = 16 * 1024;

/** 413: the request body is larger than {@link MAX_BODY_BYTES}. */
class PayloadTooLargeError extends CustomErrorBase {
  readonly statusCode = 413;
}

/**
 * body-parser's own errors carry a status and a terse message; turn them
 * into errors that name the body and the rule, for the error middleware.
 */
export function bodyParserErrors(
  error: Error & { type?: string },
  _req: express.Request,
  _res: express.Response,
  next: express.NextFunction,
) {
  if (error.type === 'entity.too.large') {
    next(new PayloadTooLargeError(`body: must be at most ${MAX_BODY_BYTES} bytes`));
  } else if (error.type === 'entity.parse.failed') {
    next(new InputError('body: must be valid JSON'));
  } else if (error.type?.startsWith('encoding.') || error.type === 'charset.unsupported') {
    next(new InputError(`body: ${error.message}`));
  } else {
    next(error);
  }
}

/**
 * HTTP only: validate with the shared zod schemas (an InputError names the
 * field), take the caller's credentials, call the service. Errors are thrown
 * as @backstage/errors classes for the backend's error middleware. Writes
 * refused for invalid input are audited too (ActionsService.refuseInvalid).
 * @internal
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  mlops: MlopsService;
}): Promise<express.Router> {
  const { httpAuth, mlops } = options;
  const router = Router();
  router.use(express.json({ limit: MAX_BODY_BYTES }));
  router.use(bodyParserErrors);

  const objectRef = (params: unknown): ObjectRef => {
    const p = parseOrThrow(objectPathParamsSchema, params, 'path');
    return {
      cluster: p.cluster,
      kind: p.kind,
      namespace: p.namespace === NO_NAMESPACE ? undefined : p.namespace,
      name: p.name,
    };
  };
  const credentialsOf = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/openapi.json', (_req, res) => {
    res.json(mlopsOpenApiSpec);
  });

  router.get('/overview', async (req, res) => {
    const { cluster } = parseOrThrow(overviewQuerySchema, req.query, 'query');
    res.json(await mlops.getOverview(cluster, await credentialsOf(req)));
  });

  router.get('/clusters', async (req, res) => {
    await credentialsOf(req);
    res.json(await mlops.getClusters());
  });

  router.get('/entities/:kind/:namespace/:name/objects', async (req, res) => {
    const p = parseOrThrow(entityPathParamsSchema, req.params, 'path');
    const entityRef = stringifyEntityRef(p);
    res.json(await mlops.getEntityObjects(entityRef, await credentialsOf(req)));
  });

  router.get('/objects/:cluster/:kind/:namespace/:name', async (req, res) => {
    res.json(await mlops.getObject(objectRef(req.params), await credentialsOf(req)));
  });

  router.get('/objects/:cluster/:kind/:namespace/:name/events', async (req, res) => {
    res.json(await mlops.getObjectEvents(objectRef(req.params), await credentialsOf(req)));
  });

  /** Validates a write's input; a refusal is audited under the write's event id. */
  const validWrite = async <T>(
    eventId: string,
    req: express.Request,
    parse: () => T,
  ): Promise<{ input: T; ctx: ActionContext }> => {
    const ctx = { credentials: await credentialsOf(req), request: req };
    try {
      return { input: parse(), ctx };
    } catch (e) {
      await mlops.refuseInvalid(eventId, ctx, req.params, e as Error);
      throw e;
    }
  };

  router.post('/objects/:cluster/:kind/:namespace/:name/reconcile', async (req, res) => {
    const { input, ctx } = await validWrite('flux-reconcile', req, () => ({
      ref: objectRef(req.params),
      body: parseOrThrow(reconcileRequestSchema, req.body ?? {}, 'body'),
    }));
    res.json(await mlops.reconcile(input.ref, input.body, ctx));
  });

  router.post('/objects/:cluster/:kind/:namespace/:name/suspend', async (req, res) => {
    const { input, ctx } = await validWrite('flux-suspend', req, () => ({
      ref: objectRef(req.params),
      body: parseOrThrow(suspendRequestSchema, req.body, 'body'),
    }));
    res.json(await mlops.suspend(input.ref, input.body.reason, ctx));
  });

  router.post('/objects/:cluster/:kind/:namespace/:name/resume', async (req, res) => {
    const { input, ctx } = await validWrite('flux-resume', req, () => {
      parseOrThrow(resumeRequestSchema, req.body ?? {}, 'body');
      return objectRef(req.params);
    });
    res.json(await mlops.resume(input, ctx));
  });

  return router;
}

import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
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
import type { MlopsService } from './services/MlopsService';

/**
 * HTTP only: validate with the shared zod schemas (an InputError names the
 * field), take the caller's credentials, call the service. Errors are thrown
 * as @backstage/errors classes for the backend's error middleware.
 * @internal
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  mlops: MlopsService;
}): Promise<express.Router> {
  const { httpAuth, mlops } = options;
  const router = Router();
  router.use(express.json({ limit: '16kb' }));

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

  router.post('/objects/:cluster/:kind/:namespace/:name/reconcile', async (req, res) => {
    const ref = objectRef(req.params);
    const body = parseOrThrow(reconcileRequestSchema, req.body ?? {}, 'body');
    res.json(await mlops.reconcile(ref, body, { credentials: await credentialsOf(req), request: req }));
  });

  router.post('/objects/:cluster/:kind/:namespace/:name/suspend', async (req, res) => {
    const ref = objectRef(req.params);
    const { reason } = parseOrThrow(suspendRequestSchema, req.body, 'body');
    res.json(await mlops.suspend(ref, reason, { credentials: await credentialsOf(req), request: req }));
  });

  router.post('/objects/:cluster/:kind/:namespace/:name/resume', async (req, res) => {
    const ref = objectRef(req.params);
    parseOrThrow(resumeRequestSchema, req.body ?? {}, 'body');
    res.json(await mlops.resume(ref, { credentials: await credentialsOf(req), request: req }));
  });

  return router;
}

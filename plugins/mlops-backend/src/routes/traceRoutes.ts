import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import express from 'express';
import Router from 'express-promise-router';
import {
  NO_NAMESPACE,
  entityPathParamsSchema,
  parseOrThrow,
  traceObjectParamsSchema,
  traceQuerySchema,
  traceTextQuerySchema,
  type ObjectRef,
} from '@mlops-portal/plugin-mlops-common';
import type { TraceService } from '../services/trace/TraceService';

/**
 * HTTP routes of traces and trees (validation with mlops-common's zod
 * schemas, errors thrown as @backstage/errors classes):
 *
 * - GET /entities/:kind/:namespace/:name/trace?cluster=&expand= → EntityTrace
 * - GET /entities/:kind/:namespace/:name/trace/text?cluster= → TraceText
 * - GET /trace/objects/:cluster/:kind/:namespace/:name → TraceText (`flux trace`)
 * - GET /trace/objects/:cluster/:kind/:namespace/:name/tree?compact= → TraceText (`flux tree`)
 */
export function createTraceRouter(options: {
  httpAuth: HttpAuthService;
  trace: TraceService;
}): express.Router {
  const { httpAuth, trace } = options;
  const router = Router();
  const credentialsOf = (req: express.Request) => httpAuth.credentials(req, { allow: ['user', 'service'] });
  const objectRef = (params: unknown): ObjectRef => {
    const p = parseOrThrow(traceObjectParamsSchema, params, 'path');
    return { cluster: p.cluster, kind: p.kind, namespace: p.namespace === NO_NAMESPACE ? undefined : p.namespace, name: p.name };
  };

  router.get('/entities/:kind/:namespace/:name/trace', async (req, res) => {
    const entityRef = stringifyEntityRef(parseOrThrow(entityPathParamsSchema, req.params, 'path'));
    const query = parseOrThrow(traceQuerySchema, req.query, 'query');
    res.json(await trace.getEntityTrace(entityRef, query, await credentialsOf(req)));
  });

  router.get('/entities/:kind/:namespace/:name/trace/text', async (req, res) => {
    const entityRef = stringifyEntityRef(parseOrThrow(entityPathParamsSchema, req.params, 'path'));
    const { cluster } = parseOrThrow(traceQuerySchema, req.query, 'query');
    const { text, failed } = await trace.getEntityTraceText(entityRef, await credentialsOf(req), cluster);
    res.json({ text, failed });
  });

  router.get('/trace/objects/:cluster/:kind/:namespace/:name', async (req, res) => {
    res.json(await trace.getObjectTrace(objectRef(req.params), await credentialsOf(req)));
  });

  router.get('/trace/objects/:cluster/:kind/:namespace/:name/tree', async (req, res) => {
    const ref = objectRef(req.params);
    const { compact } = parseOrThrow(traceTextQuerySchema, req.query, 'query');
    res.json(await trace.getTree(ref, compact, await credentialsOf(req)));
  });

  return router;
}

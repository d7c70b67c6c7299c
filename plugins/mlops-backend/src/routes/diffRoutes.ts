import type { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import {
  driftSummaryQuerySchema,
  helmDiffQuerySchema,
  namespacedObjectParamsSchema,
  parseOrThrow,
} from '@mlops-portal/plugin-mlops-common';
import type { DriftSummaryService } from '../services/diff/DriftSummaryService';
import type { HelmDiffService } from '../services/diff/HelmDiffService';
import type { KustomizationDriftService } from '../services/diff/KustomizationDriftService';

/**
 * HTTP routes of desired vs live and drift:
 *
 * - GET /diff/helmreleases/:cluster/:namespace/:name?from=&to= → HelmReleaseDiff
 * - GET /drift/kustomizations/:cluster/:namespace/:name → KustomizationDrift
 * - GET /drift/summary?cluster= → DriftSummary
 */
export function createDiffRouter(options: {
  httpAuth: HttpAuthService;
  helm: HelmDiffService;
  kustomizations: KustomizationDriftService;
  summary: DriftSummaryService;
}): express.Router {
  const router = Router();
  const credentialsOf = (req: express.Request) => options.httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/diff/helmreleases/:cluster/:namespace/:name', async (req, res) => {
    const p = parseOrThrow(namespacedObjectParamsSchema, req.params, 'path');
    const q = parseOrThrow(helmDiffQuerySchema, req.query, 'query');
    res.json(await options.helm.getDiff({ ...p, kind: 'HelmRelease' }, q, await credentialsOf(req)));
  });

  router.get('/drift/kustomizations/:cluster/:namespace/:name', async (req, res) => {
    const p = parseOrThrow(namespacedObjectParamsSchema, req.params, 'path');
    res.json(await options.kustomizations.getDrift({ ...p, kind: 'Kustomization' }, await credentialsOf(req)));
  });

  router.get('/drift/summary', async (req, res) => {
    const { cluster } = parseOrThrow(driftSummaryQuerySchema, req.query, 'query');
    res.json(await options.summary.getSummary(cluster, await credentialsOf(req)));
  });

  return router;
}

import type { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import {
  dagPathSchema,
  mlEntityPathSchema,
  modelVersionPathSchema,
  parseMlInput,
  pauseDagRequestSchema,
  promotionQuerySchema,
  triggerDagRequestSchema,
} from '@mlops-portal/plugin-ml-workbench-common';
import type { DagActions } from './services/DagActions';
import { WorkbenchService } from './services/WorkbenchService';

/**
 * HTTP only: validate with the shared zod schemas (an InputError names the
 * field), take the caller's credentials, call the services. Errors are
 * @backstage/errors classes for the backend's error middleware.
 * @internal
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  workbench: WorkbenchService;
  dagActions: DagActions;
}): Promise<express.Router> {
  const { httpAuth, workbench, dagActions } = options;
  const router = Router();
  router.use(express.json({ limit: '8kb' }));

  const credentialsOf = (req: express.Request) => httpAuth.credentials(req, { allow: ['user', 'service'] });
  const entityRefOf = (params: unknown) => WorkbenchService.entityRefOf(parseMlInput(mlEntityPathSchema, params, 'path'));

  router.get('/entities/:kind/:namespace/:name/mlflow', async (req, res) => {
    const ref = entityRefOf(req.params);
    res.json(await workbench.getMlflow(ref, await credentialsOf(req)));
  });

  router.get('/entities/:kind/:namespace/:name/airflow', async (req, res) => {
    const ref = entityRefOf(req.params);
    res.json(await workbench.getAirflow(ref, await credentialsOf(req)));
  });

  router.get('/entities/:kind/:namespace/:name/kafka', async (req, res) => {
    const ref = entityRefOf(req.params);
    res.json(await workbench.getKafka(ref, await credentialsOf(req)));
  });

  router.get('/owners/:kind/:namespace/:name/projects', async (req, res) => {
    const ref = entityRefOf(req.params);
    res.json(await workbench.getOwnedProjects(ref, await credentialsOf(req)));
  });

  router.get('/entities/:kind/:namespace/:name/mlflow/models/:model/versions/:version/promotion', async (req, res) => {
    const p = parseMlInput(modelVersionPathSchema, req.params, 'path');
    const { environment } = parseMlInput(promotionQuerySchema, req.query, 'query');
    const ref = WorkbenchService.entityRefOf(p);
    res.json(await workbench.getPromotionPreview(ref, p.model, p.version, environment, await credentialsOf(req)));
  });

  router.post('/entities/:kind/:namespace/:name/airflow/dags/:dagId/trigger', async (req, res) => {
    const p = parseMlInput(dagPathSchema, req.params, 'path');
    const { note } = parseMlInput(triggerDagRequestSchema, req.body ?? {}, 'body');
    const credentials = await credentialsOf(req);
    res.json(await dagActions.trigger(WorkbenchService.entityRefOf(p), p.dagId, note, { credentials, request: req }));
  });

  for (const [path, paused] of [['pause', true], ['unpause', false]] as const) {
    router.post(`/entities/:kind/:namespace/:name/airflow/dags/:dagId/${path}`, async (req, res) => {
      const p = parseMlInput(dagPathSchema, req.params, 'path');
      parseMlInput(pauseDagRequestSchema, req.body ?? {}, 'body');
      const credentials = await credentialsOf(req);
      res.json(await dagActions.setPaused(paused, WorkbenchService.entityRefOf(p), p.dagId, { credentials, request: req }));
    });
  }

  return router;
}

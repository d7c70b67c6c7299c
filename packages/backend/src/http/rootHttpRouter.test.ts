import { discoveryServiceFactory } from '@backstage/backend-defaults/discovery';
import { httpRouterServiceFactory } from '@backstage/backend-defaults/httpRouter';
import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { createSpecializedBackend } from '@backstage/backend-app-api';
import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import Router from 'express-promise-router';
import request from 'supertest';
import { freePort } from '../__testUtils__/freePort';
import { rootHttpRouterWithoutStackTraces } from './rootHttpRouter';
import { withoutStacks } from './withoutErrorStacks';

/** A plugin whose routes fail the ways real handlers do. */
const failingPlugin = createBackendPlugin({
  pluginId: 'failing',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        const router = Router();
        router.get('/internal', async () => {
          throw new Error('connection to 10.0.0.7 refused');
        });
        router.get('/input', async () => {
          throw new InputError('body.reason: Required', new Error('the cause'));
        });
        router.get('/fine', async (_req, res) => {
          res.json({ stack: 'a field that happens to be called stack' });
        });
        httpRouter.use(router);
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
      },
    });
  },
});

/** Answers shaped like the scaffolder's events of a failed task (serialized with the stack in development). */
const taskLikePlugin = createBackendPlugin({
  pluginId: 'scaffolder',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        const failed = {
          type: 'completion',
          body: {
            message: 'Run failed with Error: no',
            error: { name: 'Error', message: 'no', stack: 'Error: no\n    at run (/srv/backend/dist/index.cjs.js:1:2)' },
          },
        };
        const logged = {
          type: 'log',
          body: {
            message: 'InputError: values: not valid YAML\n    at parseYamlInput (/srv/backend/src/yaml.ts:125:11)\n    at async run (/srv/node_modules/p-queue/dist/index.js:163:29)',
            status: 'failed',
          },
        };
        const router = Router();
        router.get('/v2/tasks/:id/events', async (_req, res) => {
          res.json([logged, failed]);
        });
        router.get('/v2/tasks/:id/eventstream', async (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write(`event: completion\ndata: ${JSON.stringify(failed)}\n\n`);
          res.end();
        });
        httpRouter.use(router);
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
      },
    });
  },
});

/**
 * A backend as `yarn start` runs it (NODE_ENV=development), with the real
 * per-plugin httpRouter (which has its own error middleware) behind `root`.
 */
async function startBackend(root: typeof rootHttpRouterWithoutStackTraces) {
  const port = await freePort();
  const previous = process.env.NODE_ENV;
  (process.env as any).NODE_ENV = 'development';
  try {
    // startTestBackend brings its own root router; this test is about ours.
    const backend = createSpecializedBackend({
      defaultServiceFactories: [
        root,
        httpRouterServiceFactory,
        discoveryServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            backend: {
              baseUrl: `http://127.0.0.1:${port}`,
              listen: { host: '127.0.0.1', port },
            },
          },
        }),
        mockServices.auth.factory(),
        mockServices.httpAuth.factory(),
        mockServices.logger.factory(),
        mockServices.rootLogger.factory(),
        mockServices.lifecycle.factory(),
        mockServices.rootLifecycle.factory(),
        mockServices.rootHealth.factory(),
      ],
    });
    backend.add(failingPlugin);
    backend.add(taskLikePlugin);
    await backend.start();
    return { backend, url: `http://127.0.0.1:${port}` };
  } finally {
    (process.env as any).NODE_ENV = previous;
  }
}

describe('error answers carry no stack traces', () => {
  it('shows the problem: the stock root router answers with stack traces in development', async () => {
    const { backend, url } = await startBackend(rootHttpRouterServiceFactory());
    try {
      const res = await request(url).get('/api/failing/internal');
      expect(res.status).toBe(500);
      expect(res.body.error.stack).toContain('rootHttpRouter.test.ts');
    } finally {
      await backend.stop();
    }
  });

  it('answers without them with the portal root router, in development mode, for every error shape', async () => {
    const { backend, url } = await startBackend(rootHttpRouterWithoutStackTraces);
    try {
      const internal = await request(url).get('/api/failing/internal');
      expect(internal.status).toBe(500);
      expect(internal.body.error).toEqual({
        name: 'Error',
        message: 'connection to 10.0.0.7 refused',
      });
      const input = await request(url).get('/api/failing/input');
      expect(input.status).toBe(400);
      expect(input.body.error).toMatchObject({ name: 'InputError', message: expect.stringContaining('body.reason: Required') });
      expect(input.body.error.cause).toEqual({ name: 'Error', message: 'the cause' });
      // Not-found answers of the root router itself.
      const missing = await request(url).get('/api/nope');
      expect(missing.status).toBe(404);
      for (const res of [internal, input, missing]) {
        expect(res.text).not.toMatch(/\bat .*\.(ts|js):\d+/);
        expect(res.text).not.toContain('"stack"');
      }
      // Successful answers are left alone.
      const fine = await request(url).get('/api/failing/fine');
      expect(fine.body).toEqual({ stack: 'a field that happens to be called stack' });
    } finally {
      await backend.stop();
    }
  });
});

describe('scaffolder task answers carry no stack traces', () => {
  it('shows the problem: a failed task\'s events carry the stack with the stock root router', async () => {
    const { backend, url } = await startBackend(rootHttpRouterServiceFactory());
    try {
      const res = await request(url).get('/api/scaffolder/v2/tasks/t1/events');
      expect(res.text).toContain('dist/index.cjs.js');
    } finally {
      await backend.stop();
    }
  });

  it('strips them from the events (JSON) and the event stream, keeping the message', async () => {
    const { backend, url } = await startBackend(rootHttpRouterWithoutStackTraces);
    try {
      const events = await request(url).get('/api/scaffolder/v2/tasks/t1/events');
      expect(events.status).toBe(200);
      expect(events.body).toEqual([
        { type: 'log', body: { message: 'InputError: values: not valid YAML', status: 'failed' } },
        { type: 'completion', body: { message: 'Run failed with Error: no', error: { name: 'Error', message: 'no' } } },
      ]);
      const stream = await request(url).get('/api/scaffolder/v2/tasks/t1/eventstream').buffer(true).parse((res, cb) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => cb(null, text));
      });
      expect(stream.body).toContain('"message":"no"');
      expect(stream.body).not.toContain('"stack"');
      expect(stream.body).not.toContain('index.cjs.js');
    } finally {
      await backend.stop();
    }
  });
});

describe('withoutStacks', () => {
  it('removes stacks from both error shapes, causes included, and leaves other bodies alone', () => {
    expect(
      withoutStacks({ error: { name: 'E', message: 'm', stack: 's', cause: { name: 'C', message: 'c', stack: 's2' } }, request: { url: '/x' } }),
    ).toEqual({ error: { name: 'E', message: 'm', cause: { name: 'C', message: 'c' } }, request: { url: '/x' } });
    expect(withoutStacks({ errors: [{ name: 'E', message: 'm', stack: 's' }] })).toEqual({ errors: [{ name: 'E', message: 'm' }] });
    expect(withoutStacks([1, 2])).toEqual([1, 2]);
    expect(withoutStacks('text')).toBe('text');
    expect(withoutStacks({ items: [{ stack: 'kept' }] })).toEqual({ items: [{ stack: 'kept' }] });
  });
});

/**
 * OpenAPI 3 description of the MLOps backend's HTTP API, served at
 * `GET /api/mlops/openapi.json`. Held as a TypeScript constant because the
 * OpenAPI code generator cannot run offline here (environment.md); requests
 * are validated with the zod schemas in mlops-common (`parseOrThrow`), which
 * this spec mirrors. Response bodies are the types in mlops-common
 * `api/types.ts`.
 */

const objectPathParameters = [
  { name: 'cluster', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,63}$' } },
  { name: 'kind', in: 'path', required: true, schema: { type: 'string', description: 'A watched kind, e.g. Kustomization, HelmRelease, Kafka' } },
  { name: 'namespace', in: 'path', required: true, schema: { type: 'string', description: 'DNS-1123 label, or `_` for cluster-scoped objects' } },
  { name: 'name', in: 'path', required: true, schema: { type: 'string', maxLength: 253 } },
] as const;

const errorResponses = {
  '400': { description: 'Invalid input; the message names the field', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
  '401': { description: 'Not signed in' },
  '403': { description: 'Not allowed by the permission policy', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
  '404': { description: 'Unknown cluster, entity or object', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
} as const;

const actionResponses = {
  '200': { description: 'The action and the object afterwards', content: { 'application/json': { schema: { $ref: '#/components/schemas/ActionResult' } } } },
  ...errorResponses,
  '409': { description: 'Suspended object (reconcile) or a conflicting change on the cluster', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
  '413': { description: 'Request body larger than 16 kB', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
  '503': { description: "The object's cluster did not answer", content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
} as const;

const status = {
  type: 'object',
  required: ['status', 'reason', 'message', 'badges'],
  properties: {
    status: { type: 'string', enum: ['Ready', 'Progressing', 'Failed', 'Suspended', 'Unknown'] },
    reason: { type: 'string' },
    message: { type: 'string' },
    revision: { type: 'string' },
    since: { type: 'string' },
    badges: { type: 'array', items: { type: 'string' } },
  },
} as const;

const counts = {
  type: 'object',
  properties: Object.fromEntries(
    ['Ready', 'Progressing', 'Failed', 'Suspended', 'Unknown'].map(s => [s, { type: 'integer' }]),
  ),
} as const;

/** The spec. @public */
export const mlopsOpenApiSpec = {
  openapi: '3.0.3',
  info: {
    title: 'MLOps Portal backend',
    version: '1',
    description:
      'Live Flux and operator status from per-cluster watch caches, and Flux actions (reconcile, suspend, resume) checked against catalog-entity permissions and audited. Mounted at /api/mlops.',
  },
  servers: [{ url: '/api/mlops' }],
  paths: {
    '/overview': {
      get: {
        operationId: 'getOverview',
        summary: 'Every layer with roll-up status and counts, per cluster, with cluster connection states',
        parameters: [{ name: 'cluster', in: 'query', required: false, schema: { type: 'string' } }],
        responses: { '200': { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/PlatformOverview' } } } }, ...errorResponses },
      },
    },
    '/clusters': {
      get: {
        operationId: 'getClusters',
        summary: 'Configured clusters and their connection and per-kind watch state',
        responses: { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object', properties: { clusters: { type: 'array', items: { $ref: '#/components/schemas/ClusterState' } } } } } } } },
      },
    },
    '/entities/{kind}/{namespace}/{name}/objects': {
      get: {
        operationId: 'getEntityObjects',
        summary: "One catalog entity's objects (from its annotations) with statuses, per cluster",
        parameters: [
          { name: 'kind', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'namespace', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
        ],
        responses: { '200': { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/EntityObjects' } } } }, ...errorResponses },
      },
    },
    '/objects/{cluster}/{kind}/{namespace}/{name}': {
      get: {
        operationId: 'getObject',
        summary: "One object's details: conditions, revisions, history, inventory tree, dependsOn both ways, source",
        parameters: objectPathParameters,
        responses: { '200': { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/ObjectDetails' } } } }, ...errorResponses },
      },
    },
    '/objects/{cluster}/{kind}/{namespace}/{name}/events': {
      get: {
        operationId: 'getObjectEvents',
        summary: "Events of the object and of its source, newest first (fetched on demand, cached briefly)",
        parameters: objectPathParameters,
        responses: { '200': { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/ObjectEvents' } } } }, ...errorResponses },
      },
    },
    '/objects/{cluster}/{kind}/{namespace}/{name}/reconcile': {
      post: {
        operationId: 'reconcile',
        summary: 'Request a Flux reconcile (optionally with source; HelmRelease force/reset) and wait, bounded, until Flux handled it',
        parameters: objectPathParameters,
        requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', additionalProperties: false, properties: { withSource: { type: 'boolean' }, force: { type: 'boolean' }, reset: { type: 'boolean' } } } } } },
        responses: actionResponses,
      },
    },
    '/objects/{cluster}/{kind}/{namespace}/{name}/suspend': {
      post: {
        operationId: 'suspend',
        summary: 'Suspend a Flux object, recording who, why and when in annotations',
        parameters: objectPathParameters,
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: { type: 'string', minLength: 1, maxLength: 500, description: 'One line: no control, format (bidi overrides and isolates, zero-width) or line-break characters (Unicode Cc, Cf, Cs, Zl, Zp)' } } } } } },
        responses: actionResponses,
      },
    },
    '/objects/{cluster}/{kind}/{namespace}/{name}/resume': {
      post: {
        operationId: 'resume',
        summary: 'Resume a suspended Flux object',
        parameters: objectPathParameters,
        requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', additionalProperties: false } } } },
        responses: actionResponses,
      },
    },
    '/openapi.json': {
      get: { operationId: 'getOpenApiSpec', summary: 'This document', responses: { '200': { description: 'OK' } } },
    },
  },
  components: {
    schemas: {
      Error: {
        type: 'object',
        properties: {
          error: { type: 'object', properties: { name: { type: 'string' }, message: { type: 'string' } } },
          request: { type: 'object', properties: { method: { type: 'string' }, url: { type: 'string' } } },
          response: { type: 'object', properties: { statusCode: { type: 'integer' } } },
        },
      },
      StatusResult: status,
      StatusCounts: counts,
      ClusterState: {
        type: 'object',
        required: ['name', 'simulated', 'connection', 'since', 'kinds'],
        properties: {
          name: { type: 'string' },
          title: { type: 'string' },
          simulated: { type: 'boolean' },
          connection: {
            type: 'string',
            enum: ['connected', 'degraded', 'silent', 'unreachable', 'not-watchable', 'starting'],
            description: 'silent: watches hear nothing and calls time out; the data is as of `since`',
          },
          since: { type: 'string', format: 'date-time', description: 'Since when in this state; for silent, when the cluster last delivered data' },
          lastError: { type: 'string', description: 'The current error; absent once connected again' },
          recentError: {
            type: 'object',
            required: ['message', 'at'],
            properties: { message: { type: 'string' }, at: { type: 'string', format: 'date-time' } },
          },
          kinds: { type: 'array', items: { type: 'object', properties: { kind: { type: 'string' }, apiVersion: { type: 'string' }, state: { type: 'string', enum: ['watching', 'listing', 'not-installed', 'error', 'forbidden', 'silent'] }, message: { type: 'string' }, count: { type: 'integer' } } } },
        },
      },
      ObjectSummary: {
        type: 'object',
        required: ['cluster', 'apiVersion', 'kind', 'name', 'status', 'flux', 'suspended', 'facts'],
        properties: {
          cluster: { type: 'string' },
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          namespace: { type: 'string' },
          name: { type: 'string' },
          status: { $ref: '#/components/schemas/StatusResult' },
          flux: { type: 'boolean' },
          suspended: { type: 'boolean' },
          suspendedBy: { type: 'string' },
          suspendReason: { type: 'string' },
          lastHandledReconcileAt: { type: 'string' },
          lastChange: { type: 'string' },
          facts: { type: 'object', additionalProperties: true },
        },
      },
      EntityRollup: {
        type: 'object',
        properties: {
          entityRef: { type: 'string' },
          title: { type: 'string' },
          owner: { type: 'string' },
          status: { type: 'string' },
          counts: { $ref: '#/components/schemas/StatusCounts' },
          failedRuns: { type: 'integer' },
          problems: { type: 'array', items: { type: 'object', additionalProperties: true } },
        },
      },
      PlatformOverview: {
        type: 'object',
        properties: {
          generatedAt: { type: 'string', format: 'date-time' },
          cluster: { type: 'string' },
          status: { type: 'string' },
          counts: { $ref: '#/components/schemas/StatusCounts' },
          clusters: { type: 'array', items: { $ref: '#/components/schemas/ClusterState' } },
          layers: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                title: { type: 'string' },
                namespace: { type: 'string' },
                systemRef: { type: 'string' },
                dependsOn: { type: 'array', items: { type: 'string' } },
                status: { type: 'string' },
                counts: { $ref: '#/components/schemas/StatusCounts' },
                entities: { type: 'array', items: { $ref: '#/components/schemas/EntityRollup' } },
              },
            },
          },
          settings: { type: 'array', items: { type: 'object', properties: { cluster: { type: 'string' }, namespace: { type: 'string' }, name: { type: 'string' }, values: { type: 'object', additionalProperties: { type: 'string' } } } } },
        },
      },
      EntityObjects: {
        type: 'object',
        properties: {
          entityRef: { type: 'string' },
          status: { type: 'string' },
          counts: { $ref: '#/components/schemas/StatusCounts' },
          objects: { type: 'array', items: { $ref: '#/components/schemas/ObjectSummary' } },
          clusters: { type: 'array', items: { $ref: '#/components/schemas/ClusterState' } },
          errors: { type: 'array', items: { type: 'object', properties: { cluster: { type: 'string' }, message: { type: 'string' } } } },
          notes: { type: 'array', items: { type: 'string' } },
          claimsTrusted: { type: 'boolean', description: "Whether the entity's annotations may decide ownership (it comes from a trusted source)" },
        },
      },
      ObjectOwnership: {
        type: 'object',
        required: ['state', 'claimedBy', 'untrustedClaims'],
        properties: {
          state: { type: 'string', enum: ['owned', 'unclaimed', 'conflict'] },
          claimedBy: { type: 'array', items: { type: 'string' }, description: 'Trusted entities naming the object (two or more on conflict)' },
          untrustedClaims: { type: 'array', items: { type: 'string' }, description: 'Entities from untrusted locations naming the object; never deciding' },
          message: { type: 'string' },
        },
      },
      ObjectDetails: {
        allOf: [
          { $ref: '#/components/schemas/ObjectSummary' },
          {
            type: 'object',
            properties: {
              conditions: { type: 'array', items: { type: 'object', additionalProperties: true } },
              observedGeneration: { type: 'integer' },
              generation: { type: 'integer' },
              revisions: { type: 'object', additionalProperties: { type: 'string' } },
              history: { type: 'array', items: { type: 'object', additionalProperties: true } },
              inventory: { type: 'array', items: { type: 'object', additionalProperties: true } },
              dependsOn: { type: 'array', items: { type: 'object', additionalProperties: true } },
              dependedOnBy: { type: 'array', items: { type: 'object', additionalProperties: true } },
              source: { type: 'object', additionalProperties: true },
              entityRef: { type: 'string', description: 'The owning entity; set only when ownership.state is owned' },
              ownership: { $ref: '#/components/schemas/ObjectOwnership' },
            },
          },
        ],
      },
      ObjectEvents: {
        type: 'object',
        properties: {
          events: { type: 'array', items: { type: 'object', additionalProperties: true } },
          sourceEvents: { type: 'array', items: { type: 'object', additionalProperties: true } },
        },
      },
      ActionResult: {
        type: 'object',
        required: ['action', 'outcome', 'object'],
        properties: {
          action: { type: 'string', enum: ['reconcile', 'suspend', 'resume'] },
          outcome: { type: 'string', enum: ['handled', 'timeout', 'applied'] },
          requestedAt: { type: 'string' },
          object: { $ref: '#/components/schemas/ObjectSummary' },
        },
      },
    },
  },
} as const;

import { createHash } from 'node:crypto';
import { RESOURCE_TYPES, apiVersionOf } from './resources';

/**
 * A minimal OpenAPI v3 discovery (`/openapi/v3` and one document per
 * group/version), enough for kubectl's client-side validation, which refuses
 * to `apply` without it. Each kind is an object that keeps unknown fields:
 * the simulator validates nothing beyond what it needs, so it must not
 * pretend to a schema it does not have.
 * https://kubernetes.io/docs/concepts/overview/kubernetes-api/#openapi-v3
 */

function schemaName(group: string, version: string, kind: string) {
  const g = group ? group.split('.').reverse().join('.') : 'io.k8s.api.core';
  return `${g}.${version}.${kind}`;
}

function build() {
  const docs = new Map<string, string>();
  const byGv = new Map<string, typeof RESOURCE_TYPES>();
  for (const t of RESOURCE_TYPES) {
    const key = t.group ? `apis/${t.group}/${t.version}` : `api/${t.version}`;
    byGv.set(key, [...(byGv.get(key) ?? []), t]);
  }
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [key, types] of byGv) {
    const schemas: Record<string, unknown> = {};
    for (const t of types) {
      schemas[schemaName(t.group, t.version, t.kind)] = {
        type: 'object',
        description: `${t.kind} (${apiVersionOf(t)}), served by kube-sim`,
        'x-kubernetes-group-version-kind': [{ group: t.group, version: t.version, kind: t.kind }],
        'x-kubernetes-preserve-unknown-fields': true,
        properties: {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          metadata: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
      };
    }
    // Each PATCH operation declares the fieldValidation parameter, so kubectl
    // (resource.QueryParamVerifierV3) sends fieldValidation=Strict and leaves
    // validation to the server instead of asking for the protobuf OpenAPI v2.
    // The simulator accepts the parameter and enforces no schema.
    const opPaths: Record<string, unknown> = {};
    for (const t of types) {
      opPaths[`/${key}/${t.namespaced ? 'namespaces/{namespace}/' : ''}${t.plural}/{name}`] = {
        patch: {
          operationId: `patch${t.kind}`,
          'x-kubernetes-action': 'patch',
          'x-kubernetes-group-version-kind': { group: t.group, version: t.version, kind: t.kind },
          parameters: [{ name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } }],
          responses: { '200': { description: 'OK' } },
        },
      };
    }
    const doc = JSON.stringify({
      openapi: '3.0.0',
      info: { title: 'Kubernetes', version: 'v1.32.0' },
      paths: opPaths,
      components: { schemas },
    });
    const hash = createHash('sha512').update(doc).digest('hex').slice(0, 128).toUpperCase();
    docs.set(key, doc);
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
  }
  return { root: JSON.stringify({ paths }), docs };
}

const OPENAPI = build();

/** The `/openapi/v3` root document. @public */
export const OPENAPI_V3_ROOT = OPENAPI.root;

/** The OpenAPI v3 document of `api/v1` or `apis/<group>/<version>`, if served. @public */
export function openapiV3Document(gvPath: string): string | undefined {
  return OPENAPI.docs.get(gvPath);
}

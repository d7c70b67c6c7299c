/**
 * Where kube-sim answers a recorded request (requests.yaml) differently from
 * the real kube-apiserver, by request id: the response paths that differ
 * (regular expressions over `a.b[0].c` paths, or `<status …>` when the status
 * codes differ) and why. Each entry is a kube-sim bug (its own failing case in
 * conformance.realtest.ts until fixed) or a limit; docs/real-cluster.md lists
 * them all ("Simulator differences").
 */
type Difference = { kind: 'kube-sim bug' | 'limit'; why: string; paths: RegExp[] };

const NO_DEFAULTING: Difference = {
  kind: 'limit',
  why: 'kube-sim applies no API defaulting (built-in defaults, CRD schema defaults such as Kustomization spec.force and status.observedGeneration -1) and runs no Deployment controller',
  paths: [/^spec\.(progressDeadlineSeconds|revisionHistoryLimit|strategy|force)$/, /^spec\.template\.spec\./, /^status$/, /^metadata\.annotations$/],
};
/** The same, plus what the real kustomize-controller (running on the tier) adds: its finalizer. */
const NO_DEFAULTING_FLUX: Difference = {
  kind: 'limit',
  why: `${NO_DEFAULTING.why}; the real kustomize-controller adds finalizers.fluxcd.io and marks the reconcile request handled (status.lastHandledReconcileAt), even on a suspended object, whenever it gets to it`,
  paths: [...NO_DEFAULTING.paths, /^metadata\.finalizers$/, /^status\.lastHandledReconcileAt$/],
};
const EMPTY_MAP: Difference = {
  kind: 'limit',
  why: 'the real server drops an empty map (ConfigMap data: {}, omitempty on the typed field) from what it stores and answers; kube-sim keeps it as sent',
  paths: [/^data$/],
};
const MESSAGE_TEXT: Difference = { kind: 'limit', why: 'error message wording differs', paths: [/^message$/] };

export const KNOWN_DIFFERENCES: Record<string, Difference> = {
  version: { kind: 'limit', why: 'kube-sim reports itself as v1.32.0-kube-sim, without the emulation/compatibility fields of 1.37', paths: [/.*/] },
  'discovery-apps': {
    kind: 'limit',
    why: 'kube-sim serves a subset of apps/v1 (no controllerrevisions, no /scale subresources, no storageVersionHash)',
    paths: [/^resources/],
  },
  'discovery-kustomize': { kind: 'limit', why: 'no storageVersionHash, and the CRD\'s subresources listed differently', paths: [/^resources/] },
  'readonly-create-forbidden': { kind: 'limit', why: 'the user names in the Forbidden message differ by nature (service account vs kube-sim token user)', paths: [/^message$/] },
  'create-configmap-with-finalizer': EMPTY_MAP,
  'delete-configmap-with-finalizer': EMPTY_MAP,
  'get-configmap-terminating': EMPTY_MAP,
  'remove-last-finalizer': EMPTY_MAP,
  'list-kustomizations-all-namespaces': { kind: 'limit', why: `${NO_DEFAULTING_FLUX.why}; metadata.continue "" vs absent`, paths: [/^items\[\d+\]\.spec\.force$/, /^items\[\d+\]\.metadata\.finalizers$/, /^items\[\d+\]\.status(\.lastHandledReconcileAt)?$/, /^metadata\.continue$/] },
  'create-deployment': NO_DEFAULTING,
  'strategic-patch-deployment-containers': NO_DEFAULTING,
  'create-kustomization': NO_DEFAULTING_FLUX,
  'merge-patch-kustomization-spec': NO_DEFAULTING_FLUX,
  'merge-patch-kustomization-annotation': NO_DEFAULTING_FLUX,
  'status-patch-kustomization': NO_DEFAULTING_FLUX,
  'get-kustomization': NO_DEFAULTING_FLUX,
  'json-patch-test-fails': { kind: 'limit', why: 'a failed JSON-patch test: same 422, different message and empty details', paths: [/^details$/, /^message$/] },
  'list-bad-selector': MESSAGE_TEXT,
  'get-unknown-group': { kind: 'limit', why: 'an unknown API group: both 404, the real server with a plain-text body, kube-sim with a Status', paths: [/^<root>$/] },
};

/**
 * kube-sim bugs this test found and packages/kube-sim fixed, by request id:
 * each is a passing case of its own in conformance.realtest.ts (kube-sim
 * answers as the real server does, but for the request's listed limits), so
 * a regression fails by name.
 */
export const FIXED_KUBE_SIM_BUGS: Record<string, string> = {
  'create-configmap-invalid-name': 'an invalid metadata.name (Not_Valid) was created (201); now 422 Invalid with the real message, details and causes',
  'create-namespace-invalid-name': 'a Namespace name is an RFC 1123 label (no dots): 422 Invalid',
  'create-kustomization-invalid-name': 'custom resources get the same name check: 422 Invalid, details with group and Kind',
  'create-configmap-again': 'AlreadyExists had no details {name, kind}',
  'update-stale-rv': 'Conflict had no details {name, kind}',
  'delete-missing': 'NotFound on delete had no details; details.group "" for core kinds (the real server leaves it out)',
  'get-missing': 'NotFound carried details.group "" for core kinds (the real server leaves it out)',
  'readonly-create-forbidden': 'Forbidden carried details.group "" for core kinds (the real server leaves it out)',
  'delete-configmap': 'DELETE of an object that is gone at once answered the deleted object; now Status Success with details {name, kind, uid}',
  'delete-kafkauser': 'the same for a custom resource without finalizers: Status Success with details {name, group, kind, uid}',
  'delete-configmap-with-finalizer': 'finalizers were ignored (deleted at once); now the object stays with deletionTimestamp and is answered as it is',
  'get-configmap-terminating': 'the object with a finalizer pending is still there, marked for deletion',
  'get-configmap-finalized': 'removing the last finalizer of an object marked for deletion deletes it',
  'list-label-equality': 'list items of built-in kinds carried apiVersion and kind (the real server leaves them out; custom resources keep them)',
  'list-label-set': 'list items of built-in kinds carried apiVersion and kind',
  'list-label-notin': 'list items of built-in kinds carried apiVersion and kind',
  'list-field-name': 'list items of built-in kinds carried apiVersion and kind',
  'list-limit': 'list items of built-in kinds carried apiVersion and kind',
  'list-continue': 'list items of built-in kinds carried apiVersion and kind',
};

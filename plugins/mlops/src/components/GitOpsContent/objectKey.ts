import type { ObjectLocator } from '@mlops-portal/plugin-mlops-common';

/** A stable key for one object on one cluster. */
export function objectKey(o: ObjectLocator): string {
  return `${o.cluster}/${o.kind}/${o.namespace ?? ''}/${o.name}`;
}

/** `Kind namespace/name` as people write it. */
export function objectLabel(o: { kind: string; namespace?: string; name: string }): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** Only the locator fields, so no summary data is sent back to the API. */
export function toLocator(o: ObjectLocator): ObjectLocator {
  return { cluster: o.cluster, kind: o.kind, namespace: o.namespace, name: o.name };
}

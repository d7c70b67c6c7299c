import { InputError, NotFoundError } from '@backstage/errors';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { gunzipSync } from 'node:zlib';
import { kubeErrorStatus, mapKubeError } from './errors';

/*
 * Helm's release storage (helm/helm pkg/storage/driver): one Secret per
 * revision, `sh.helm.release.v1.<release>.v<revision>`, type
 * `helm.sh/release.v1`, `data.release` = base64(gzip(JSON)) (the API adds
 * one more base64, as for all Secret data). Only such Secrets are ever read,
 * one by exact name, never listed; only a release's identity, chart,
 * values and manifest leave this file.
 */

/** The Secret type of Helm's storage. @public */
export const HELM_RELEASE_SECRET_TYPE = 'helm.sh/release.v1';

/** Largest decompressed release accepted (a zip bomb is refused). */
const MAX_RELEASE_BYTES = 16 * 1024 * 1024;

const RELEASE_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** One revision of a Helm release, as the portal shows it. @public */
export interface HelmReleaseRevision {
  name: string;
  namespace: string;
  revision: number;
  status: string;
  description?: string;
  deployedAt?: string;
  chart: { name?: string; version?: string; appVersion?: string };
  /** User-supplied values (`helm get values`). */
  values: Record<string, unknown>;
  /** The rendered manifest (`helm get manifest`). */
  manifest: string;
}

/** `sh.helm.release.v1.<release>.v<revision>`, or an InputError naming what is wrong. @public */
export function helmStorageSecretName(release: string, revision: number): string {
  if (!RELEASE_NAME.test(release) || release.length > 53) {
    throw new InputError(`release name '${release}' is not a Helm release name`);
  }
  if (!Number.isInteger(revision) || revision < 1 || revision > 1_000_000) {
    throw new InputError(`revision must be a whole number from 1, got ${revision}`);
  }
  return `sh.helm.release.v1.${release}.v${revision}`;
}

/**
 * Decodes a Helm storage Secret as the API returned it (data values
 * base64). Refuses anything but `helm.sh/release.v1`, and returns only the
 * release's identity, chart metadata, values and manifest.
 * @public
 */
export function decodeHelmReleaseSecret(secret: { type?: string; data?: Record<string, string> }): HelmReleaseRevision {
  if (secret.type !== HELM_RELEASE_SECRET_TYPE) {
    throw new InputError(`not a Helm release Secret (type '${secret.type ?? ''}')`);
  }
  const field = secret.data?.release;
  if (typeof field !== 'string') throw new InputError('the Helm release Secret has no data.release');
  let bytes = Buffer.from(Buffer.from(field, 'base64').toString('utf8'), 'base64');
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_RELEASE_BYTES });
    } catch (e) {
      throw new InputError(`the Helm release could not be decompressed: ${(e as Error).message}`);
    }
  }
  if (bytes.length > MAX_RELEASE_BYTES) throw new InputError('the Helm release is too large');
  let release: any;
  try {
    release = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new InputError('the Helm release is not JSON');
  }
  const meta = release?.chart?.metadata ?? {};
  return {
    name: String(release?.name ?? ''),
    namespace: String(release?.namespace ?? ''),
    revision: Number(release?.version ?? 0),
    status: String(release?.info?.status ?? 'unknown'),
    description: typeof release?.info?.description === 'string' ? release.info.description : undefined,
    deployedAt: typeof release?.info?.last_deployed === 'string' ? release.info.last_deployed : undefined,
    chart: {
      name: typeof meta.name === 'string' ? meta.name : undefined,
      version: typeof meta.version === 'string' ? meta.version : undefined,
      appVersion: typeof meta.appVersion === 'string' ? meta.appVersion : undefined,
    },
    values: release?.config && typeof release.config === 'object' && !Array.isArray(release.config) ? release.config : {},
    manifest: typeof release?.manifest === 'string' ? release.manifest : '',
  };
}

/**
 * Reads one revision of a Helm release from its storage namespace on a
 * cluster. 404 → NotFoundError naming the cluster and the Secret.
 * @public
 */
export async function readHelmReleaseRevision(
  kubeConfig: KubeConfig,
  cluster: string,
  storageNamespace: string,
  release: string,
  revision: number,
): Promise<HelmReleaseRevision> {
  const name = helmStorageSecretName(release, revision);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  let secret;
  try {
    secret = await core.readNamespacedSecret({ name, namespace: storageNamespace });
  } catch (e) {
    if (kubeErrorStatus(e) === 404) {
      throw new NotFoundError(`Helm release storage ${storageNamespace}/${name} not found on cluster '${cluster}' (revision ${revision} of ${release} is not stored)`);
    }
    throw mapKubeError(e, cluster, `Secret ${storageNamespace}/${name}`);
  }
  return decodeHelmReleaseSecret({ type: secret.type, data: secret.data });
}

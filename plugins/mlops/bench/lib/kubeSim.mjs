/** Writes to kube-sim's clusters, as the controllers would make them. */
import https from 'node:https';

/** A request to one simulated cluster with its admin token (HTTPS, its CA); bodies are merge patches. */
export function kube(cluster, method, path, body) {
  return new Promise((resolvePromise, reject) => {
    const req = https.request(new URL(path, cluster.url), {
      method,
      ca: Buffer.from(cluster.caData, 'base64').toString('utf8'),
      headers: { Authorization: `Bearer ${cluster.adminToken}`, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/merge-patch+json' } : {}) },
    }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 500) >= 300) reject(new Error(`${method} ${path}: HTTP ${res.statusCode} ${text.slice(0, 300)}`));
        else resolvePromise(JSON.parse(text));
      });
    });
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

/** What helm-controller writes when an install fails and retries are exhausted. */
export function failedStatus(hr) {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const gen = hr.metadata.generation ?? 1;
  const chart = `${hr.spec.chart.spec.chart}@${hr.spec.chart.spec.version}`;
  const message = `Helm install failed for release ${hr.metadata.namespace}/${hr.metadata.name} with chart ${chart}: context deadline exceeded`;
  return {
    conditions: [
      { type: 'Ready', status: 'False', reason: 'InstallFailed', message, lastTransitionTime: now, observedGeneration: gen },
      { type: 'Released', status: 'False', reason: 'InstallFailed', message, lastTransitionTime: now, observedGeneration: gen },
      { type: 'Stalled', status: 'True', reason: 'RetriesExceeded', message: 'Failed to install after 1 attempt(s)', lastTransitionTime: now, observedGeneration: gen },
    ],
  };
}

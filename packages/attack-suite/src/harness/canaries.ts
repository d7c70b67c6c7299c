/**
 * Secrets the backend under attack holds. They are made up for the run; any
 * response body or log line that carries one of them is a leak.
 */
export const CANARIES = {
  githubToken: `ghp_attacksuitecanary${Math.random().toString(36).slice(2, 12)}`,
  backendSecret: `attack-suite-backend-secret-${Math.random().toString(36).slice(2, 12)}`,
};

/** The canaries (and `extra` secrets, such as the cluster token) found in `text`. */
export function leakedCanaries(text: string, extra: string[] = []): string[] {
  const secrets: Array<[string, string]> = [
    ...Object.entries(CANARIES),
    ...extra.map((s, i): [string, string] => [`extra secret #${i + 1}`, s]),
  ];
  return secrets.filter(([, secret]) => secret && text.includes(secret)).map(([name]) => name);
}

/**
 * Trailers the portal writes at the end of every commit it pushes as a
 * change branch, so a later run can tell for whom the change was made
 * before replacing it. https://git-scm.com/docs/git-interpret-trailers
 */
export const TRAILER_OWNER = 'Mlops-Portal-Owner';
/** The user who ran the template. */
export const TRAILER_REQUESTER = 'Mlops-Portal-Requested-By';

const OWN_TRAILER = /^mlops-portal-[a-z-]*\s*:/im;

/** Why a user-written commit message cannot be used, or undefined. */
export function commitMessageProblem(message: string): string | undefined {
  if (OWN_TRAILER.test(message)) {
    return 'must not contain Mlops-Portal-* trailer lines (the portal writes them)';
  }
  // Newlines and tabs are fine in a commit message; other control characters are not.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(message)) {
    return 'must not contain control characters other than newlines and tabs';
  }
  return undefined;
}

/** The message with the portal's trailers as its last paragraph. */
export function withTrailers(message: string, t: { owner: string; requester: string }): string {
  return `${message.trimEnd()}\n\n${TRAILER_OWNER}: ${t.owner}\n${TRAILER_REQUESTER}: ${t.requester}\n`;
}

/**
 * The portal's trailers of a commit message: read from its last paragraph
 * only, where withTrailers puts them (messages carrying such lines
 * elsewhere are refused by commitMessageProblem).
 */
export function readTrailers(message: string): { owner?: string; requester?: string } {
  const paragraphs = message.trimEnd().split(/\n\s*\n/);
  const last = paragraphs[paragraphs.length - 1] ?? '';
  const out: { owner?: string; requester?: string } = {};
  for (const line of last.split('\n')) {
    const m = /^([A-Za-z-]+):\s*(\S+)\s*$/.exec(line);
    if (!m) continue;
    if (m[1] === TRAILER_OWNER) out.owner = m[2];
    if (m[1] === TRAILER_REQUESTER) out.requester = m[2];
  }
  return out;
}

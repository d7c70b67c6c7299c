import type { LoggerService } from '@backstage/backend-plugin-api';
import { runGit } from '../gitops/git';

/** How often the refs of the local repository are compared when nothing pokes the watcher. */
export const CHANGE_BRANCH_POLL_MS = 2000;
/**
 * How often GitHub's open pull requests are compared: one list request each
 * time (120 an hour, of the 5,000 an hour a token may make).
 */
export const CHANGE_BRANCH_GITHUB_POLL_MS = 30_000;

/** The branches of a local repository, as `git for-each-ref` lists them (loose and packed alike). */
export function localRefsFingerprint(gitDir: string): () => Promise<string> {
  return () => runGit(['for-each-ref', '--format=%(objectname) %(refname)', 'refs/heads/'], { gitDir });
}

/**
 * Watches the change branches and calls `onChange` when one appears, moves
 * or goes away. It compares a fingerprint with the previous answer, once per
 * interval: for the local GitOps repository `git for-each-ref refs/heads/`
 * (the base branch too: a merge into it changes what is pending), which sees
 * loose and packed refs alike, whoever wrote them (the templates' push, a
 * user's git, `git gc`); in GitHub mode the open pull requests' numbers,
 * heads and bases. `check()` compares at once, e.g. right after a push.
 * Checks never overlap: a check asked for during one runs once after it.
 * Errors are logged (once until the source answers again) and the watch
 * carries on.
 */
export class ChangeBranchWatcher {
  private last: string | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private failing = false;

  constructor(
    private readonly options: {
      /** What the change branches are now, as a string; throws when they cannot be read. */
      fingerprint: () => Promise<string>;
      /** Names the source in log lines, e.g. the repository. */
      source: string;
      onChange: () => void;
      logger: LoggerService;
      intervalMs?: number;
    },
  ) {}

  /** Reads the current refs (no change reported for them), then polls. */
  async start(): Promise<void> {
    if (this.timer) return;
    this.last = await this.options.fingerprint().catch(e => {
      this.reportError(e);
      return undefined;
    });
    this.timer = setInterval(() => void this.check(), this.options.intervalMs ?? CHANGE_BRANCH_POLL_MS);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Compares the refs now; resolves when done (after a follow-up check if one was asked for meanwhile). */
  check(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.compare();
      } while (this.again);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async compare(): Promise<void> {
    let now: string;
    try {
      now = await this.options.fingerprint();
    } catch (e) {
      this.reportError(e);
      return;
    }
    this.failing = false;
    if (now === this.last) return;
    const first = this.last === undefined;
    this.last = now;
    // The first successful answer after a failed start is the baseline, not a change.
    if (first) return;
    try {
      this.options.onChange();
    } catch (e) {
      this.options.logger.warn(`Could not announce a change of the change branches: ${(e as Error).message}`);
    }
  }

  private reportError(e: unknown) {
    if (this.failing) return;
    this.failing = true;
    this.options.logger.warn(
      `Could not read the change branches of ${this.options.source}: ${(e as Error).message.split('\n')[0]}`,
    );
  }
}

import { LoggerService } from '@backstage/backend-plugin-api';
import { ReadProblem } from '../reader/types';

const MAX_PER_RUN = 100;

/**
 * Logs what a run could not read or map, once per problem: a problem that is
 * still there on the next run (every minute locally) is not logged again; one
 * that went away and comes back is. Each warning names the file.
 * @public
 */
export class ProblemLog {
  private known = new Set<string>();

  constructor(private readonly logger: LoggerService) {}

  /** Logs the problems of one run that the previous run did not have. */
  report(problems: ReadProblem[]): { logged: number } {
    const current = new Set<string>();
    const fresh: ReadProblem[] = [];
    for (const p of problems) {
      const key = `${p.path}\u0000${p.reason}`;
      if (current.has(key)) continue;
      current.add(key);
      if (!this.known.has(key)) fresh.push(p);
    }
    for (const p of fresh.slice(0, MAX_PER_RUN)) {
      this.logger.warn(`${p.path}: ${p.reason}`);
    }
    if (fresh.length > MAX_PER_RUN) {
      this.logger.warn(`... and ${fresh.length - MAX_PER_RUN} more problems`);
    }
    const gone = [...this.known].filter(k => !current.has(k)).length;
    if (gone > 0 && fresh.length === 0) {
      this.logger.info(`${gone} problem(s) of the previous run are gone`);
    }
    this.known = current;
    return { logged: Math.min(fresh.length, MAX_PER_RUN) };
  }
}

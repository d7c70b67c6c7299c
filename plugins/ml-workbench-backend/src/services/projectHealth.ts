import type {
  AirflowDagRun,
  EntityAirflow,
  EntityMlflow,
  MlProjectSummary,
} from '@mlops-portal/plugin-ml-workbench-common';

const runTime = (r: AirflowDagRun) => Date.parse(r.runAfter ?? r.startDate ?? '') || 0;

/**
 * The health of an ML project from its Airflow and MLflow answers:
 * - failing: its newest DAG run failed (naming the failed task), a DAG has
 *   import errors, or its newest model version failed to register;
 * - running: its newest DAG run is queued or running;
 * - healthy: its newest DAG run succeeded;
 * - unknown: no runs, or a tool could not be read.
 * Pure, so the Group and System views and the tests agree.
 */
export function summarizeProject(
  entityRef: string,
  title: string | undefined,
  airflow: EntityAirflow | undefined,
  mlflow: EntityMlflow | undefined,
): MlProjectSummary {
  const reasons: string[] = [];
  let health: MlProjectSummary['health'] = 'unknown';

  const runs = (airflow?.dags ?? []).flatMap(d => d.runs.map(run => ({ dagId: d.dagId, run })));
  runs.sort((a, b) => runTime(b.run) - runTime(a.run));
  const newest = runs[0];
  let lastRun: MlProjectSummary['lastRun'];
  if (newest) {
    lastRun = {
      dagId: newest.dagId,
      runId: newest.run.runId,
      state: newest.run.state,
      at: newest.run.endDate ?? newest.run.startDate ?? newest.run.runAfter,
    };
    if (newest.run.state === 'failed') {
      health = 'failing';
      reasons.push(
        `last run of ${newest.dagId} failed${newest.run.failedTasks.length ? ` at ${newest.run.failedTasks.join(', ')}` : ''}`,
      );
    } else if (newest.run.state === 'running' || newest.run.state === 'queued') {
      health = 'running';
      reasons.push(`${newest.dagId} is ${newest.run.state}`);
    } else if (newest.run.state === 'success') {
      health = 'healthy';
      reasons.push(`last run of ${newest.dagId} succeeded`);
    }
  }
  for (const d of airflow?.dags ?? []) {
    if (d.hasImportErrors) {
      health = 'failing';
      reasons.push(`${d.dagId} has import errors`);
    }
  }

  const found = (mlflow?.models ?? []).find(m => m.found);
  let model: MlProjectSummary['model'];
  if (found) {
    const latest = found.versions[0];
    model = { name: found.name, latestVersion: latest?.version, aliases: found.aliases };
    if (latest?.status === 'FAILED_REGISTRATION') {
      health = 'failing';
      reasons.push(`${found.name} version ${latest.version} failed to register`);
    }
  }

  const problems = [...(airflow?.problems ?? []), ...(mlflow?.problems ?? [])];
  if (problems.length && health !== 'failing') {
    health = 'unknown';
    reasons.push(...problems.map(p => p.message));
  }
  return { entityRef, title, lastRun, model, health, reasons };
}

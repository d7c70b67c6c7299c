import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import type { OwnedMlProjects } from '@mlops-portal/plugin-ml-workbench-common';
import { mlWorkbenchApiRef } from '../../api';
import { useWorkbenchData } from '../../hooks/useWorkbenchData';
import { StateChip } from '../StateChip';
import { ProblemList, when } from '../shared/ProblemList';

/**
 * "ML projects" on a Group's or a System's page: the projects it owns or
 * contains, each with its last pipeline run, its model (latest version and
 * aliases) and its health, with the reasons.
 * @public
 */
export function MlProjectsCard() {
  const api = useApi(mlWorkbenchApiRef);
  const { entity } = useEntity();
  const ownerRef = stringifyEntityRef(entity);
  const { value, error, loading } = useWorkbenchData<OwnedMlProjects>(
    () => api.getOwnedProjects(ownerRef),
    [api, ownerRef],
    s => s.tool !== 'kafka',
  );
  const title = entity.kind.toLocaleLowerCase('en-US') === 'group' ? 'ML projects of this team' : 'ML projects in this system';
  if (error && !value) return <ResponseErrorPanel error={error} />;
  if (loading || !value) return <Progress />;
  return (
    <InfoCard title={title} noPadding>
      <div data-testid="ml-projects-card">
        <ProblemList problems={value.problems} />
        {value.projects.length === 0 ? (
          <Typography variant="body2" style={{ padding: 16 }}>
            No ML projects (entities with MLflow, Airflow or Kafka annotations).
          </Typography>
        ) : (
          <Table size="small" aria-label={title}>
            <TableHead>
              <TableRow>
                <TableCell>Project</TableCell>
                <TableCell>Health</TableCell>
                <TableCell>Last run</TableCell>
                <TableCell>Model</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {value.projects.map(p => (
                <TableRow key={p.entityRef} data-testid={`ml-project-${p.entityRef}`}>
                  <TableCell>
                    <EntityRefLink entityRef={p.entityRef} title={p.title} />
                  </TableCell>
                  <TableCell>
                    <StateChip state={p.health} />
                    {p.reasons.map(r => (
                      <Typography key={r} variant="caption" component="div">
                        {r}
                      </Typography>
                    ))}
                  </TableCell>
                  <TableCell>
                    {p.lastRun ? (
                      <>
                        <StateChip state={p.lastRun.state} /> {p.lastRun.dagId}
                        <Typography variant="caption" component="div">
                          {when(p.lastRun.at)}
                        </Typography>
                      </>
                    ) : (
                      '–'
                    )}
                  </TableCell>
                  <TableCell>
                    {p.model ? (
                      <>
                        {p.model.name} v{p.model.latestVersion ?? '?'}
                        <Typography variant="caption" component="div">
                          {Object.entries(p.model.aliases)
                            .map(([a, v]) => `@${a} → v${v}`)
                            .join(', ') || 'no aliases'}
                        </Typography>
                      </>
                    ) : (
                      '–'
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </div>
    </InfoCard>
  );
}

import { ReactNode } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import {
  CopyTextButton,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef, type EntityLink as CatalogLink } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { EntityObjects, ObjectSummary } from '@mlops-portal/plugin-mlops-common';
import { mlopsApiRef } from '../../api';
import { useLiveData } from '../../hooks/useLiveData';
import { StatusChip } from '../StatusChip';
import { formatBytes, formatDuration, toUrl } from './format';

const useStyles = makeStyles(theme => ({
  stack: { display: 'flex', flexDirection: 'column', gap: theme.spacing(2) },
  heading: { marginTop: theme.spacing(1.5) },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: 2,
    margin: theme.spacing(1, 0),
    '& dt': { fontWeight: 600 },
    '& dd': { margin: 0 },
  },
  error: { color: theme.palette.error.dark },
  mono: { fontFamily: 'monospace', wordBreak: 'break-all' },
}));

type Facts = Record<string, any>;
const facts = (o: ObjectSummary): Facts => (o.facts ?? {}) as Facts;
const label = (o: ObjectSummary) => `${o.namespace ? `${o.namespace}/` : ''}${o.name}`;

function FactList(props: { items: Array<[string, ReactNode]> }) {
  const classes = useStyles();
  const items = props.items.filter(([, v]) => v !== undefined && v !== null && v !== '');
  return (
    <dl className={classes.facts}>
      {items.map(([k, v]) => (
        <div key={k} style={{ display: 'contents' }}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function SimpleTable(props: { label: string; head: string[]; rows: ReactNode[][] }) {
  return (
    <Table size="small" aria-label={props.label}>
      <TableHead>
        <TableRow>{props.head.map(h => <TableCell key={h}>{h}</TableCell>)}</TableRow>
      </TableHead>
      <TableBody>
        {props.rows.map((r, i) => (
          <TableRow key={i}>{r.map((c, j) => <TableCell key={j}>{c}</TableCell>)}</TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Status(props: { o: ObjectSummary }) {
  return <StatusChip status={props.o.status.status} badges={props.o.status.badges} />;
}

function StatusMessage(props: { o: ObjectSummary }) {
  const classes = useStyles();
  const s = props.o.status;
  if (s.status === 'Ready' || !s.message) return null;
  return <Typography variant="body2" className={s.status === 'Failed' ? classes.error : undefined}>{s.reason}: {s.message}</Typography>;
}

function Links(props: { links: CatalogLink[]; match?: RegExp; missing: string }) {
  const links = props.match ? props.links.filter(l => props.match!.test(`${l.title ?? ''} ${l.url}`)) : props.links;
  if (!links.length) return <Typography variant="body2">{props.missing}</Typography>;
  return (
    <ul>
      {links.map(l => (
        <li key={l.url}><Link to={l.url}>{l.title ?? l.url}</Link></li>
      ))}
    </ul>
  );
}

/** Kafka (Strimzi): readiness, version, listeners to copy, node pools, topics. */
export function KafkaCard(props: { kafka: ObjectSummary; all: ObjectSummary[] }) {
  const classes = useStyles();
  const k = props.kafka;
  const f = facts(k);
  const ofCluster = (kind: string) =>
    props.all.filter(o => o.kind === kind && o.cluster === k.cluster && (facts(o).cluster ?? k.name) === k.name);
  const pools = ofCluster('KafkaNodePool');
  const topics = ofCluster('KafkaTopic');
  const listeners: Facts[] = f.listeners ?? [];
  return (
    <InfoCard title={`Kafka ${label(k)}`} subheader={`on ${k.cluster}`}>
      <Status o={k} />
      <StatusMessage o={k} />
      <FactList
        items={[
          ['Kafka version', f.kafkaVersion],
          ['Metadata version', f.kafkaMetadataVersion],
          ['Cluster id', f.clusterId],
          ['Auto-rebalance', f.autoRebalance],
          ['Warnings', (f.warnings ?? []).length ? (f.warnings as unknown[]).map(w => typeof w === 'string' ? w : JSON.stringify(w)).join('; ') : undefined],
        ]}
      />
      <Typography variant="subtitle2" component="h4" className={classes.heading}>Listeners</Typography>
      {listeners.length ? (
        <SimpleTable
          label="Listeners"
          head={['Listener', 'Bootstrap servers']}
          rows={listeners.map(l => [
            l.name,
            l.bootstrapServers ? (
              <span>
                <span className={classes.mono}>{l.bootstrapServers}</span>
                <CopyTextButton text={l.bootstrapServers} aria-label={`Copy bootstrap servers of listener ${l.name}`} />
              </span>
            ) : 'not published yet',
          ])}
        />
      ) : <Typography variant="body2">No listeners in status yet.</Typography>}
      <Typography variant="subtitle2" component="h4" className={classes.heading}>Node pools</Typography>
      {pools.length ? (
        <SimpleTable
          label="Node pools"
          head={['Pool', 'Roles', 'Replicas', 'Node ids']}
          rows={pools.map(p => [p.name, (facts(p).roles ?? []).join(', '), facts(p).replicas ?? '–', (facts(p).nodeIds ?? []).join(', ')])}
        />
      ) : (
        <Typography variant="body2">{(f.kafkaNodePools ?? []).join(', ') || 'No node pools found.'}</Typography>
      )}
      <Typography variant="subtitle2" component="h4" className={classes.heading}>Topics</Typography>
      {topics.length ? (
        <SimpleTable
          label="Topics"
          head={['Topic', 'Partitions', 'Replicas', 'Status']}
          rows={topics.map(t => [facts(t).topicName ?? t.name, facts(t).partitions ?? '–', facts(t).replicas ?? '–', <Status o={t} />])}
        />
      ) : <Typography variant="body2">No topics linked to this entity.</Typography>}
    </InfoCard>
  );
}

/** MinIO tenant: health, pools, drives, capacity and usage, console link. */
export function MinioTenantCard(props: { tenant: ObjectSummary; links: CatalogLink[] }) {
  const t = props.tenant;
  const f = facts(t);
  const usage: Facts = f.usage ?? {};
  const pools: Facts[] = f.pools ?? [];
  return (
    <InfoCard title={`MinIO tenant ${label(t)}`} subheader={`on ${t.cluster}`}>
      <Status o={t} />
      <StatusMessage o={t} />
      <FactList
        items={[
          ['State', f.currentState],
          ['Health', f.healthStatus ? `${f.healthStatus}${f.healthMessage ? ` (${f.healthMessage})` : ''}` : undefined],
          ['Available replicas', f.availableReplicas],
          ['Drives', f.drivesOnline !== undefined || f.drivesOffline !== undefined
            ? `${f.drivesOnline ?? 0} online, ${f.drivesOffline ?? 0} offline${f.drivesHealing ? `, ${f.drivesHealing} healing` : ''}`
            : undefined],
          ['Write quorum', f.writeQuorum],
          ['Usage', usage.capacity !== undefined ? `${formatBytes(usage.usage)} of ${formatBytes(usage.capacity)}` : undefined],
          ['Raw usage', usage.rawCapacity !== undefined ? `${formatBytes(usage.rawUsage)} of ${formatBytes(usage.rawCapacity)}` : undefined],
        ]}
      />
      {pools.length ? (
        <SimpleTable label="Pools" head={['Pool', 'State']} rows={pools.map(p => [p.ssName, p.state])} />
      ) : null}
      <Typography variant="subtitle2" component="h4">Console</Typography>
      <Links links={props.links} match={/console|minio/i} missing="No console link: add one titled 'MinIO console' to the entity's links." />
    </InfoCard>
  );
}

function DriverUi(props: { ui?: string; address?: string }) {
  const classes = useStyles();
  if (props.ui) return <Link to={props.ui}>Spark UI</Link>;
  // Without an ingress the UI is only reachable inside the cluster.
  if (props.address) return <span className={classes.mono}>{props.address} (in cluster)</span>;
  return null;
}

/** Spark: recent applications and schedules. */
export function SparkCard(props: { apps: ObjectSummary[]; schedules: ObjectSummary[] }) {
  const classes = useStyles();
  const recent = [...props.apps]
    .sort((a, b) => String(facts(b).lastSubmissionAttemptTime ?? '').localeCompare(String(facts(a).lastSubmissionAttemptTime ?? '')))
    .slice(0, 10);
  return (
    <InfoCard title="Spark applications">
      {recent.length ? (
        <SimpleTable
          label="Recent Spark applications"
          head={['Application', 'State', 'Duration', 'Attempts', 'Error', 'Driver UI']}
          rows={recent.map(a => {
            const f = facts(a);
            const driver: Facts = f.driverInfo ?? {};
            const ui = toUrl(driver.webUIIngressAddress);
            return [
              `${a.name} (${a.cluster})`,
              <span>{f.state || 'NEW'} <Status o={a} /></span>,
              formatDuration(f.lastSubmissionAttemptTime, f.terminationTime) ?? (f.terminationTime ? '–' : 'running'),
              `${f.executionAttempts ?? 0} run, ${f.submissionAttempts ?? 0} submitted`,
              f.errorMessage ? <span className={classes.error}>{f.errorMessage}</span> : '',
              <DriverUi ui={ui} address={driver.webUIAddress} />,
            ];
          })}
        />
      ) : <Typography variant="body2">No Spark applications.</Typography>}
      {props.schedules.length ? (
        <>
          <Typography variant="subtitle2" component="h4" className={classes.heading}>Schedules</Typography>
          <SimpleTable
            label="Spark schedules"
            head={['Schedule', 'Cron', 'Status', 'Last run', 'Next run']}
            rows={props.schedules.map(s => {
              const f = facts(s);
              return [s.name, f.schedule, <Status o={s} />, f.lastRun ? `${f.lastRun}${f.lastRunName ? ` (${f.lastRunName})` : ''}` : 'never', f.nextRun ?? '–'];
            })}
          />
        </>
      ) : null}
    </InfoCard>
  );
}

/** Flink: lifecycle, job state, error. */
export function FlinkCard(props: { deployments: ObjectSummary[] }) {
  const classes = useStyles();
  return (
    <InfoCard title="Flink applications">
      <SimpleTable
        label="Flink applications"
        head={['Application', 'Status', 'Lifecycle', 'Job', 'Job manager', 'Error']}
        rows={props.deployments.map(d => {
          const f = facts(d);
          return [
            `${d.kind} ${d.name} (${d.cluster})`,
            <Status o={d} />,
            f.lifecycleState ?? '–',
            f.jobState ? `${f.jobName ? `${f.jobName}: ` : ''}${f.jobState}` : '–',
            f.jobManagerDeploymentStatus ?? '–',
            f.error ? <span className={classes.error}>{f.error}</span> : '',
          ];
        })}
      />
    </InfoCard>
  );
}

function workloadTitle(workloads: ObjectSummary[]): string {
  const labels = workloads.map(w => (facts(w).labels ?? {}) as Record<string, string>);
  if (labels.some(l => l.tier === 'airflow')) return 'Airflow';
  if (labels.some(l => l['app.kubernetes.io/part-of'] === 'mlflow' || l['app.kubernetes.io/name'] === 'mlflow')) return 'MLflow';
  return 'Workloads';
}

/** Airflow, MLflow and other workloads: ready/desired and UI links. */
export function WorkloadsCard(props: { workloads: ObjectSummary[]; links: CatalogLink[] }) {
  const title = workloadTitle(props.workloads);
  return (
    <InfoCard title={title}>
      <SimpleTable
        label={`${title} workloads`}
        head={['Workload', 'Component', 'Ready', 'Status']}
        rows={props.workloads.map(w => {
          const f = facts(w);
          const l = (f.labels ?? {}) as Record<string, string>;
          return [
            `${w.kind} ${label(w)} (${w.cluster})`,
            l.component ?? l['app.kubernetes.io/component'] ?? '',
            `${f.readyReplicas ?? f.availableReplicas ?? 0}/${f.replicas ?? '?'}`,
            <Status o={w} />,
          ];
        })}
      />
      <Typography variant="subtitle2" component="h4">Links</Typography>
      <Links links={props.links} missing="No UI links: add them to the entity's metadata.links." />
    </InfoCard>
  );
}

/** Prometheus and Alertmanager readiness, with the Grafana link. */
export function MonitoringCard(props: { objects: ObjectSummary[]; links: CatalogLink[] }) {
  return (
    <InfoCard title="Prometheus and Alertmanager">
      <SimpleTable
        label="Prometheus and Alertmanager"
        head={['Object', 'Status', 'Replicas']}
        rows={props.objects.map(o => {
          const f = facts(o);
          return [
            `${o.kind} ${label(o)} (${o.cluster})`,
            <Status o={o} />,
            `${f.availableReplicas ?? 0}/${f.replicas ?? '?'} available${f.unavailableReplicas ? `, ${f.unavailableReplicas} unavailable` : ''}`,
          ];
        })}
      />
      <Typography variant="subtitle2" component="h4">Grafana</Typography>
      <Links links={props.links} match={/grafana/i} missing="No Grafana link: add one titled 'Grafana' to the entity's links." />
    </InfoCard>
  );
}

/**
 * Renders the operator cards that apply to the entity's objects, from the
 * facts the backend extracts (extractFacts in mlops-common).
 */
export function OperatorCardsView(props: { objects: ObjectSummary[]; links: CatalogLink[] }) {
  const classes = useStyles();
  const { objects, links } = props;
  const of = (...kinds: string[]) => objects.filter(o => kinds.includes(o.kind));
  const kafkas = of('Kafka');
  const tenants = of('Tenant');
  const sparkApps = of('SparkApplication');
  const schedules = of('ScheduledSparkApplication');
  const flink = of('FlinkDeployment', 'FlinkSessionJob');
  const workloads = of('Deployment', 'StatefulSet');
  const monitoring = of('Prometheus', 'Alertmanager');
  const cards: ReactNode[] = [
    ...kafkas.map(k => <KafkaCard key={`kafka-${k.cluster}-${k.name}`} kafka={k} all={objects} />),
    ...tenants.map(t => <MinioTenantCard key={`tenant-${t.cluster}-${t.name}`} tenant={t} links={links} />),
    sparkApps.length || schedules.length ? <SparkCard key="spark" apps={sparkApps} schedules={schedules} /> : null,
    flink.length ? <FlinkCard key="flink" deployments={flink} /> : null,
    monitoring.length ? <MonitoringCard key="monitoring" objects={monitoring} links={links} /> : null,
    workloads.length ? <WorkloadsCard key="workloads" workloads={workloads} links={links} /> : null,
  ].filter(Boolean);
  if (!cards.length) return null;
  return <div className={classes.stack}>{cards}</div>;
}

/**
 * Operator cards for the entity in context; nothing when none applies.
 * @public
 */
export function OperatorCards() {
  const api = useApi(mlopsApiRef);
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { value, error, loading } = useLiveData<EntityObjects>(
    () => api.getEntityObjects(entityRef),
    [api, entityRef],
    s => s.entityRefs.includes(entityRef),
  );
  if (error) return <InfoCard title="Operator state"><ResponseErrorPanel error={error} /></InfoCard>;
  if (loading || !value) return <Progress />;
  return <OperatorCardsView objects={value.objects} links={entity.metadata.links ?? []} />;
}

import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { EntityKafka, KafkaConsumerGroupView, KafkaTopicView } from '@mlops-portal/plugin-ml-workbench-common';
import { mlWorkbenchApiRef } from '../../api';
import { useWorkbenchData } from '../../hooks/useWorkbenchData';
import { LineChart } from '../charts/LineChart';
import { StateChip } from '../StateChip';
import { Freshness, ProblemList } from '../shared/ProblemList';

function TopicCard(props: { topic: KafkaTopicView }) {
  const t = props.topic;
  if (!t.found) {
    return (
      <InfoCard title={`Topic ${t.name}`}>
        <Typography variant="body2">Kafka has no topic {t.name} (or could not be read).</Typography>
      </InfoCard>
    );
  }
  return (
    <InfoCard
      title={`Topic ${t.name}`}
      subheader={`${t.partitions.length} partition${t.partitions.length === 1 ? '' : 's'}${t.underReplicated ? `, ${t.underReplicated} under-replicated` : ', all in sync'}`}
    >
      <Table size="small" aria-label={`Partitions of ${t.name}`}>
        <TableHead>
          <TableRow>
            <TableCell>Partition</TableCell>
            <TableCell>Leader</TableCell>
            <TableCell>Replicas</TableCell>
            <TableCell>In-sync replicas</TableCell>
            <TableCell>End offset</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {t.partitions.map(p => (
            <TableRow key={p.partition}>
              <TableCell>{p.partition}</TableCell>
              <TableCell>{p.leader}</TableCell>
              <TableCell>{p.replicas.join(', ')}</TableCell>
              <TableCell>
                {p.isr.join(', ')}
                {p.isr.length < p.replicas.length ? <StateChip state="failed" label="under-replicated" /> : null}
              </TableCell>
              <TableCell>{p.endOffset ?? '–'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}

function GroupCard(props: { group: KafkaConsumerGroupView }) {
  const g = props.group;
  if (!g.found) {
    return (
      <InfoCard title={`Consumer group ${g.groupId}`}>
        <Typography variant="body2">Kafka knows no consumer group {g.groupId} (or could not be read).</Typography>
      </InfoCard>
    );
  }
  const points = g.history.map(h => ({ x: Date.parse(h.at), y: h.lag, label: `${new Date(h.at).toLocaleTimeString()}: lag ${h.lag}` }));
  return (
    <InfoCard title={`Consumer group ${g.groupId}`} subheader={`Lag ${g.lag} · ${g.members ?? 0} members`}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', marginBottom: 8 }}>
        <StateChip state={g.state} />
      </div>
      <div data-testid="lag-chart">
        <LineChart points={points} title={`Lag of ${g.groupId} over time`} fromZero />
      </div>
      <Table size="small" aria-label={`Lag of ${g.groupId} per partition`}>
        <TableHead>
          <TableRow>
            <TableCell>Topic</TableCell>
            <TableCell>Partition</TableCell>
            <TableCell>Committed</TableCell>
            <TableCell>End offset</TableCell>
            <TableCell>Lag</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {g.partitions.map(p => (
            <TableRow key={`${p.topic}/${p.partition}`}>
              <TableCell>{p.topic}</TableCell>
              <TableCell>{p.partition}</TableCell>
              <TableCell>{p.committed ?? 'none'}</TableCell>
              <TableCell>{p.endOffset}</TableCell>
              <TableCell>{p.lag}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}

/**
 * The entity "Kafka" tab: its topics' partitions, leaders, replicas and
 * in-sync replicas; its consumer groups' lag per partition and over time
 * (sampled by the backend at each refresh, pushed over signals).
 * @public
 */
export function KafkaContent() {
  const api = useApi(mlWorkbenchApiRef);
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { value, error, loading } = useWorkbenchData<EntityKafka>(
    () => api.getKafka(entityRef),
    [api, entityRef],
    s => s.tool === 'kafka' && s.entityRefs.includes(entityRef),
  );
  if (error && !value) return <ResponseErrorPanel error={error} />;
  if (loading || !value) return <Progress />;
  return (
    <div data-testid="ml-workbench-kafka">
      <Freshness tool="Kafka" instance={value.instance} fetchedAt={value.fetchedAt} />
      <ProblemList problems={value.problems} />
      <Grid container spacing={3}>
        {value.consumerGroups.map(g => (
          <Grid item xs={12} key={`g-${g.groupId}`}>
            <GroupCard group={g} />
          </Grid>
        ))}
        {value.topics.map(t => (
          <Grid item xs={12} md={6} key={`t-${t.name}`}>
            <TopicCard topic={t} />
          </Grid>
        ))}
      </Grid>
    </div>
  );
}

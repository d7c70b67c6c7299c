import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `mlops:settings:set`; each also runs as a test. */
export const examples: TemplateExample[] = [
  {
    description: 'Run four Kafka brokers',
    example: yaml.stringify({
      steps: [{ id: 'set', action: 'mlops:settings:set', name: 'Set KAFKA_REPLICAS', input: { repoPath: 'gitops', key: 'KAFKA_REPLICAS', value: '4' } }],
    }),
  },
  {
    description: 'Move the nightly database backup to 03:30 UTC',
    example: yaml.stringify({
      steps: [{ id: 'set', action: 'mlops:settings:set', name: 'Set BACKUP_SCHEDULE', input: { repoPath: 'gitops', key: 'BACKUP_SCHEDULE', value: '30 3 * * *' } }],
    }),
  },
];

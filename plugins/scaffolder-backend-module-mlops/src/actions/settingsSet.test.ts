import { createSettingsSetAction } from './settingsSet';
import { examples } from './settingsSet.examples';
import { FLUX_REPO_FIXTURE, makeWorkspace, REFERENCE_GITOPS, snapshotTree } from '../__testUtils__/fixtureRepos';
import { exampleInput, runAction } from '../__testUtils__/runAction';

const action = createSettingsSetAction();
const FILE = 'clusters/mlops/platform-settings.yaml';

describe('mlops:settings:set', () => {
  let ws: ReturnType<typeof makeWorkspace>;
  afterEach(() => ws.cleanup());

  describe('reference gitops/', () => {
    beforeEach(() => {
      ws = makeWorkspace(REFERENCE_GITOPS);
    });

    it('changes one data line, keeping quotes, comments and the schema annotation', async () => {
      const before = ws.read(FILE);
      const out = await runAction(action, ws.workspacePath, exampleInput(examples[0].example));
      expect(ws.read(FILE)).toBe(before.replace('KAFKA_REPLICAS: "3"', 'KAFKA_REPLICAS: "4"'));
      expect(out).toMatchObject({ changed: true, previousValue: '3', filesChanged: [FILE], settingsPath: FILE });
      expect(out.diff).toContain('-  KAFKA_REPLICAS: "3"\n+  KAFKA_REPLICAS: "4"\n');
    });

    it('second run with the same value changes nothing', async () => {
      await runAction(action, ws.workspacePath, exampleInput(examples[1].example));
      const snap = snapshotTree(ws.repo);
      const out = await runAction(action, ws.workspacePath, exampleInput(examples[1].example));
      expect(out).toMatchObject({ changed: false, diff: '', filesChanged: [] });
      expect(snapshotTree(ws.repo)).toEqual(snap);
    });

    it.each(examples.map(e => [e.description, e.example]))('example: %s', async (_d, example) => {
      expect((await runAction(action, ws.workspacePath, exampleInput(example))).changed).toBe(true);
    });

    it('a value with YAML-special characters is stored as a quoted string', async () => {
      await runAction(action, ws.workspacePath, { repoPath: 'gitops', key: 'PLATFORM_DOMAIN', value: 'a: b # "c"' });
      expect(ws.read(FILE)).toContain('  PLATFORM_DOMAIN: "a: b # \\"c\\""\n');
    });

    it.each([
      ['an undeclared key', { key: 'NOPE' }, /key: 'NOPE' is not a declared setting; known: ENVIRONMENT/],
      ['a lower-case key', { key: 'kafka_replicas' }, /key: must be an upper-case setting name/],
      ['a non-integer', { key: 'KAFKA_REPLICAS', value: 'three' }, /value: KAFKA_REPLICAS is an integer/],
      ['below the minimum', { key: 'MINIO_SERVERS', value: '2' }, /value: MINIO_SERVERS must be at least 4/],
      ['a non-boolean', { key: 'BACKUP_ENABLED', value: 'yes' }, /value: BACKUP_ENABLED is a boolean/],
      ['a bad cron', { key: 'BACKUP_SCHEDULE', value: 'every night' }, /value: BACKUP_SCHEDULE is a cron schedule/],
      ['a bad duration', { key: 'PROMETHEUS_RETENTION', value: '30 days' }, /value: PROMETHEUS_RETENTION is a duration/],
      ['a value outside the enum', { key: 'ENVIRONMENT', value: 'prod' }, /value: ENVIRONMENT must be one of production, staging, development/],
      ['a newline', { key: 'PLATFORM_DOMAIN', value: 'a\nb: c' }, /value: must be one line/],
      ['an unknown ConfigMap', { configMapName: 'other' }, /configMapName: no ConfigMap 'other'/],
    ])('rejects %s, naming the field', async (_l, patch, message) => {
      const snap = snapshotTree(ws.repo);
      await expect(runAction(action, ws.workspacePath, { repoPath: 'gitops', key: 'KAFKA_REPLICAS', value: '4', ...patch })).rejects.toThrow(message);
      expect(snapshotTree(ws.repo)).toEqual(snap);
    });
  });

  it('works on another layout with a differently named ConfigMap; plain values get quoted', async () => {
    ws = makeWorkspace(FLUX_REPO_FIXTURE);
    const input = { repoPath: 'gitops', configMapName: 'cluster-settings' };
    await runAction(action, ws.workspacePath, { ...input, key: 'REPLICAS', value: '3' });
    await runAction(action, ws.workspacePath, { ...input, key: 'TIER', value: 'gold' });
    const text = ws.read('clusters/production/cluster-settings.yaml');
    expect(text).toContain('  REPLICAS: "3" # brokers\n');
    expect(text).toContain('  TIER: "gold"\n');
    expect(text).toMatch(/^# Settings substituted into apps/);
  });
});

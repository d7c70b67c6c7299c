import fs from 'node:fs';
import path from 'node:path';
import { readMlLinks } from '@mlops-portal/plugin-ml-workbench-common';
import { renderNewMlProject } from '../__testUtils__/renderNewMlProject';

// What the New ML project template writes must be what the workbench reads:
// the annotations name the experiment, model, DAG and topics the project's
// own code uses, and the DAG names its entity for the portal's actions.
describe('New ML project template and the ML workbench', () => {
  it("writes annotations that name the project's experiment, model, DAG and topics, and a DAG that names its entity", async () => {
    const p = await renderNewMlProject({ name: 'credit-scoring', owner: 'group:default/ml-team' });
    try {
      const links = readMlLinks(p.component);
      expect(links).toEqual({
        instance: undefined,
        experiments: ['credit-scoring'],
        models: ['credit-scoring'],
        dags: ['credit_scoring_pipeline'],
        topics: ['credit-scoring-events', 'credit-scoring-predictions'],
        consumerGroups: [],
        servingPath: undefined,
        problems: [],
      });
      const config = fs.readFileSync(path.join(p.dir, 'src/credit_scoring/config.py'), 'utf8');
      expect(config).toContain('EXPERIMENT_NAME = "credit-scoring"');
      expect(config).toContain('REGISTERED_MODEL_NAME = "credit-scoring"');
      expect(config).toContain('DAG_ID = "credit_scoring_pipeline"');
      expect(config).toContain('PORTAL_ENTITY = "component:default/credit-scoring"');
      expect(fs.readFileSync(path.join(p.dir, 'dags/credit_scoring_pipeline.py'), 'utf8')).toContain(
        'tags=["ml-pipeline", config.PROJECT_NAME, "portal-entity:" + config.PORTAL_ENTITY]',
      );
    } finally {
      p.cleanup();
    }
  });

  it('makes a project only for a group the caller belongs to (ownership from the caller, not the form)', async () => {
    await expect(
      renderNewMlProject({
        name: 'credit-scoring',
        owner: 'group:default/ml-team',
        user: { ref: 'user:default/dana', memberOf: ['group:default/data-team'] },
      }),
    ).rejects.toThrow('owner: user:default/dana is not a member of group:default/ml-team');
  });
});

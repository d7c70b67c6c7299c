import { mockServices } from '@backstage/backend-test-utils';
import { ProblemLog } from './ProblemLog';

describe('ProblemLog', () => {
  it('logs each problem once, not on every run, and again when it comes back', () => {
    const logger = mockServices.logger.mock();
    const log = new ProblemLog(logger);
    const a = { path: 'a.yaml', reason: 'invalid YAML' };
    const b = { path: 'b.yaml', reason: 'not found' };
    log.report([a, a, b]);
    expect(logger.warn.mock.calls.map(c => c[0])).toEqual(['a.yaml: invalid YAML', 'b.yaml: not found']);
    log.report([a, b]);
    expect(logger.warn).toHaveBeenCalledTimes(2);
    log.report([b]);
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.info).toHaveBeenCalledWith('1 problem(s) of the previous run are gone');
    log.report([a, b]);
    expect(logger.warn).toHaveBeenLastCalledWith('a.yaml: invalid YAML');
  });

  it('caps one run at 100 warnings and says how many more there are', () => {
    const logger = mockServices.logger.mock();
    new ProblemLog(logger).report(Array.from({ length: 105 }, (_, i) => ({ path: `${i}.yaml`, reason: 'x' })));
    expect(logger.warn).toHaveBeenCalledTimes(101);
    expect(logger.warn).toHaveBeenLastCalledWith('... and 5 more problems');
  });
});

import { ConfigReader } from '@backstage/config';
import { readPolicyConfig } from './readPolicyConfig';

describe('readPolicyConfig', () => {
  it('defaults to the platform-admins group', () => {
    expect(readPolicyConfig(new ConfigReader({}))).toEqual({
      adminGroups: ['group:default/platform-admins'],
    });
  });

  it('normalises refs given as short names', () => {
    expect(
      readPolicyConfig(
        new ConfigReader({ mlops: { permission: { adminGroups: ['SRE', 'group:ops/oncall'] } } }),
      ),
    ).toEqual({ adminGroups: ['group:default/sre', 'group:ops/oncall'] });
  });

  it('names the key when a ref is not a group', () => {
    expect(() =>
      readPolicyConfig(
        new ConfigReader({ mlops: { permission: { adminGroups: ['user:default/bob'] } } }),
      ),
    ).toThrow("Invalid mlops.permission.adminGroups[0] 'user:default/bob': kind must be Group, got user");
  });
});

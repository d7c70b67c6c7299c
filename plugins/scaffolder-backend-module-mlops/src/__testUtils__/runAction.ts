import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Runs an action with a mock context; returns what it output. */
export async function runAction(
  action: TemplateAction<any, any, any>,
  workspacePath: string,
  input: Record<string, unknown>,
  opts: { dryRun?: boolean; user?: string | null } = {},
): Promise<Record<string, any>> {
  // The scaffolder sets ctx.user from the task creator's credentials; the
  // mock context's credentials are user:default/mock's. null: no user.
  const user = opts.user === null ? undefined : { ref: opts.user ?? 'user:default/mock' };
  const ctx = createMockActionContext({ workspacePath, input: input as any, user });
  const outputs: Record<string, any> = {};
  (ctx.output as jest.Mock).mockImplementation((k: string, v: unknown) => {
    outputs[k] = v;
  });
  await action.handler({ ...ctx, isDryRun: opts.dryRun ?? false } as any);
  return outputs;
}

/** The input of the first step of an action example. */
export function exampleInput(example: string): Record<string, unknown> {
  return yaml.parse(example).steps[0].input;
}

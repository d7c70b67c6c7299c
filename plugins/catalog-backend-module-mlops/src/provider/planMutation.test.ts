import { Entity } from '@backstage/catalog-model';
import {
  initialIngestionState,
  planMutation,
  seedIngestionState,
} from './planMutation';

const entity = (name: string, extra: Record<string, string> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, annotations: extra },
  spec: { type: 'x', owner: 'group:default/a' },
});
const opts = { graceRuns: 2, locationKey: 'mlops-provider:t' };

describe('planMutation', () => {
  it('starts with a full mutation, then applies nothing when nothing changed', () => {
    const first = planMutation(
      initialIngestionState(),
      [entity('a'), entity('b')],
      opts,
    );
    expect(first.mutation).toEqual({
      type: 'full',
      entities: [
        { entity: entity('a'), locationKey: 'mlops-provider:t' },
        { entity: entity('b'), locationKey: 'mlops-provider:t' },
      ],
    });
    // Same entities, keys in another order: still no change.
    const reordered = {
      ...entity('b'),
      metadata: { annotations: {}, name: 'b' },
    };
    const second = planMutation(first.state, [reordered, entity('a')], opts);
    expect(second.mutation).toBeUndefined();
    expect(second.stats).toMatchObject({
      added: 0,
      changed: 0,
      removed: 0,
      unchanged: 2,
    });
  });

  it('sends only new and changed entities as a delta', () => {
    const first = planMutation(
      initialIngestionState(),
      [entity('a'), entity('b')],
      opts,
    );
    const next = planMutation(
      first.state,
      [entity('a', { x: '1' }), entity('b'), entity('c')],
      opts,
    );
    expect(next.mutation).toEqual({
      type: 'delta',
      added: [
        { entity: entity('a', { x: '1' }), locationKey: 'mlops-provider:t' },
        { entity: entity('c'), locationKey: 'mlops-provider:t' },
      ],
      removed: [],
    });
  });

  it('removes an entity only after it has been missing for more than graceRuns runs', () => {
    let state = planMutation(
      initialIngestionState(),
      [entity('a'), entity('b')],
      opts,
    ).state;
    const results = [1, 2, 3].map(() => {
      const r = planMutation(state, [entity('a')], opts);
      state = r.state;
      return r;
    });
    expect(results[0].mutation).toBeUndefined();
    expect(results[0].stats.pendingRemoval).toBe(1);
    expect(results[1].mutation).toBeUndefined();
    expect(results[2].mutation).toEqual({
      type: 'delta',
      added: [],
      removed: [
        { entityRef: 'resource:default/b', locationKey: 'mlops-provider:t' },
      ],
    });
    // Gone for good: later runs change nothing.
    expect(planMutation(state, [entity('a')], opts).mutation).toBeUndefined();
  });

  it('forgets the countdown when the entity comes back', () => {
    let state = planMutation(
      initialIngestionState(),
      [entity('a'), entity('b')],
      opts,
    ).state;
    state = planMutation(state, [entity('a')], opts).state;
    state = planMutation(state, [entity('a')], opts).state;
    const back = planMutation(state, [entity('a'), entity('b')], opts);
    expect(back.mutation).toBeUndefined();
    expect(back.state.missing.size).toBe(0);
    state = planMutation(back.state, [entity('a')], opts).state;
    expect(planMutation(state, [entity('a')], opts).mutation).toBeUndefined();
  });

  it('removes at once with graceRuns 0', () => {
    const state = planMutation(
      initialIngestionState(),
      [entity('a'), entity('b')],
      opts,
    ).state;
    expect(
      planMutation(state, [entity('a')], { ...opts, graceRuns: 0 }).mutation,
    ).toMatchObject({
      type: 'delta',
      removed: [{ entityRef: 'resource:default/b' }],
    });
  });

  it('after a restart, seeded from the catalog, sends a delta and keeps the grace period', () => {
    const seeded = seedIngestionState([
      'resource:default/a',
      'resource:default/gone',
    ]);
    const first = planMutation(seeded, [entity('a'), entity('new')], opts);
    expect(first.mutation).toEqual({
      type: 'delta',
      added: [
        { entity: entity('a'), locationKey: 'mlops-provider:t' },
        { entity: entity('new'), locationKey: 'mlops-provider:t' },
      ],
      removed: [],
    });
    expect(first.stats).toMatchObject({
      added: 1,
      changed: 1,
      pendingRemoval: 1,
    });
    let state = first.state;
    state = planMutation(state, [entity('a'), entity('new')], opts).state;
    expect(
      planMutation(state, [entity('a'), entity('new')], opts).mutation,
    ).toEqual({
      type: 'delta',
      added: [],
      removed: [
        { entityRef: 'resource:default/gone', locationKey: 'mlops-provider:t' },
      ],
    });
  });
});

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

  it('refuses a run missing more than maxRemovalShare of the entities, and changes nothing', () => {
    const all = 'abcdefghij'.split('').map(n => entity(n));
    const first = planMutation(initialIngestionState(), all, opts);
    const guarded = { ...opts, maxRemovalShare: 0.3 };
    // Four of ten gone (40%), one more added: nothing at all is applied.
    const refused = planMutation(
      first.state,
      [...all.slice(4), entity('new')],
      guarded,
    );
    expect(refused.mutation).toBeUndefined();
    expect(refused.refused).toEqual({
      missing: 4,
      known: 10,
      maxRemovalShare: 0.3,
    });
    // The grace period did not advance: the state is the one before.
    expect(refused.state).toBe(first.state);
    // An empty run is refused too, every time.
    expect(planMutation(first.state, [], guarded).refused).toMatchObject({
      missing: 10,
    });
    // Three of ten (30%) is within the limit: counted towards removal.
    const allowed = planMutation(first.state, all.slice(3), guarded);
    expect(allowed.refused).toBeUndefined();
    expect(allowed.stats.pendingRemoval).toBe(3);
    // Without a limit (the default) the big removal goes through the grace period.
    expect(
      planMutation(first.state, all.slice(4), opts).refused,
    ).toBeUndefined();
  });

  it('holds missing entities without counting the run towards their grace period', () => {
    const first = planMutation(
      initialIngestionState(),
      [entity('a'), entity('b')],
      { ...opts, graceRuns: 0 },
    );
    const held = planMutation(first.state, [entity('a')], {
      ...opts,
      graceRuns: 0,
      holdRemovals: true,
    });
    expect(held.mutation).toBeUndefined();
    expect(held.stats).toMatchObject({ removed: 0, pendingRemoval: 1 });
    // Once everything parses again, the grace period runs as usual.
    expect(
      planMutation(held.state, [entity('a')], { ...opts, graceRuns: 0 })
        .mutation,
    ).toEqual({
      type: 'delta',
      added: [],
      removed: [
        { entityRef: 'resource:default/b', locationKey: 'mlops-provider:t' },
      ],
    });
  });
});

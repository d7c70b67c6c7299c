import {
  MAX_OBJECTS_ANNOTATION_ENTRIES,
  parseObjectsAnnotation,
} from './annotations';

describe('parseObjectsAnnotation', () => {
  it('reads namespaced and cluster-scoped entries, reporting bad ones without hiding the rest', () => {
    expect(
      parseObjectsAnnotation('HelmRelease:platform-operators/strimzi-operator, Namespace:data-plane\nnot an entry'),
    ).toEqual({
      refs: [
        { kind: 'HelmRelease', namespace: 'platform-operators', name: 'strimzi-operator' },
        { kind: 'Namespace', namespace: undefined, name: 'data-plane' },
      ],
      errors: ["'not an entry' is not <Kind>:<namespace>/<name> or <Kind>:<name>"],
    });
  });

  it('refuses an entry longer than any valid one before matching it', () => {
    const long = `HelmRelease:ns/${'a'.repeat(400)}`;
    const { refs, errors } = parseObjectsAnnotation(`${long}, Kafka:data-plane/k`);
    expect(refs).toEqual([{ kind: 'Kafka', namespace: 'data-plane', name: 'k' }]);
    expect(errors).toEqual([expect.stringMatching(/^'HelmRelease:ns\/a+…' is longer than 381 characters$/)]);
  });

  it(`reads at most ${MAX_OBJECTS_ANNOTATION_ENTRIES} entries`, () => {
    const value = Array.from({ length: MAX_OBJECTS_ANNOTATION_ENTRIES + 5 }, (_, i) => `Kafka:ns/k${i}`).join(',');
    const { refs, errors } = parseObjectsAnnotation(value);
    expect(refs).toHaveLength(MAX_OBJECTS_ANNOTATION_ENTRIES);
    expect(errors).toEqual([`more than ${MAX_OBJECTS_ANNOTATION_ENTRIES} entries; the rest are ignored`]);
  });

  // Shaped to make a backtracking pattern explode: long almost-matching runs
  // that fail at the very end. Each gets the answer its short form gets.
  it.each([
    [`Kind:${'a-'.repeat(180)}!`],
    [`Kind:${'a'.repeat(63)}/${'a.'.repeat(150)}-`],
    [`${'K'.repeat(370)}:`],
  ])('refuses adversarial near-limit entry %#', entry => {
    expect(entry.length).toBeLessThanOrEqual(381);
    expect(parseObjectsAnnotation(entry)).toEqual({
      refs: [],
      errors: [`'${entry}' is not <Kind>:<namespace>/<name> or <Kind>:<name>`],
    });
  });
});

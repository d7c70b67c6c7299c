import { Entity } from '@backstage/catalog-model';
import { ANNOTATION_SOURCE_ERROR } from './markKeptEntities';
import { MlopsSourceErrorProcessor } from './MlopsSourceErrorProcessor';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'airflow', annotations },
  spec: {
    type: 'service',
    owner: 'group:default/data-team',
    lifecycle: 'production',
  },
});

describe('MlopsSourceErrorProcessor', () => {
  const processor = new MlopsSourceErrorProcessor();
  const provider = { type: 'mlops-provider', target: 'local' };

  it('turns the source error of a provider entity into a processing error', async () => {
    const emit = jest.fn();
    const e = entity({ [ANNOTATION_SOURCE_ERROR]: 'a.yaml: invalid YAML: x' });
    expect(await processor.preProcessEntity(e, provider, emit)).toBe(e);
    expect(emit).toHaveBeenCalledWith({
      type: 'error',
      location: provider,
      error: expect.objectContaining({
        message:
          'The GitOps file of this entity fails to parse: a.yaml: invalid YAML: x',
      }),
    });
  });

  it('leaves entities alone without the annotation, or from anywhere else', async () => {
    const emit = jest.fn();
    await processor.preProcessEntity(entity({}), provider, emit);
    // A registered file cannot fail its entity through our annotation.
    await processor.preProcessEntity(
      entity({ [ANNOTATION_SOURCE_ERROR]: 'forged' }),
      {
        type: 'url',
        target: 'https://github.com/o/r/blob/main/catalog-info.yaml',
      },
      emit,
    );
    expect(emit).not.toHaveBeenCalled();
  });
});

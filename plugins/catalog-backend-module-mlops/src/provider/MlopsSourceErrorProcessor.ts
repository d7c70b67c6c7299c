import { Entity } from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import { ANNOTATION_SOURCE_ERROR } from './markKeptEntities';

/**
 * Turns {@link ANNOTATION_SOURCE_ERROR} on an entity of the MLOps provider
 * into a catalog processing error. The catalog then keeps the entity as last
 * processed (its last good version) and lists the error on it, which the
 * entity page shows (`EntityProcessingErrorsPanel`) and the logs module logs,
 * until the file parses again.
 * @public
 */
export class MlopsSourceErrorProcessor implements CatalogProcessor {
  /** `MlopsSourceErrorProcessor`. */
  getProcessorName(): string {
    return 'MlopsSourceErrorProcessor';
  }

  /** Emits the error of an entity that carries {@link ANNOTATION_SOURCE_ERROR}; keeps the entity as it is. */
  async preProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const error = entity.metadata.annotations?.[ANNOTATION_SOURCE_ERROR];
    // Only the provider's own entities: anyone may write this annotation
    // into a file they register, and it must not fail entities elsewhere.
    if (error && location.type === 'mlops-provider') {
      emit(
        processingResult.generalError(
          location,
          `The GitOps file of this entity fails to parse: ${error}`,
        ),
      );
    }
    return entity;
  }
}

import fs from 'node:fs/promises';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  CatalogProcessorParser,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  checkCatalogInfoTarget,
  ML_PROJECT_LOCATION_TYPE,
} from '@mlops-portal/plugin-mlops-node';

/**
 * Reads locations of type `mlops-ml-project`: the catalog-info.yaml of a
 * local ML project repository, and nothing outside
 * `mlops.mlProjects.local.reposDir`. A "catalog data reader processor" as in
 * https://backstage.io/docs/features/software-catalog/external-integrations/#creating-a-catalog-data-reader-processor
 * @public
 */
export class MlProjectLocationProcessor implements CatalogProcessor {
  constructor(private readonly reposDir: string) {}

  getProcessorName(): string {
    return 'MlProjectLocationProcessor';
  }

  async readLocation(
    location: LocationSpec,
    optional: boolean,
    emit: CatalogProcessorEmit,
    parser: CatalogProcessorParser,
  ): Promise<boolean> {
    if (location.type !== ML_PROJECT_LOCATION_TYPE) return false;
    const checked = checkCatalogInfoTarget(this.reposDir, location.target);
    if ('problem' in checked) {
      if (checked.problem === 'missing') {
        if (!optional) {
          emit(
            processingResult.notFoundError(
              location,
              `${location.target} does not exist`,
            ),
          );
        }
      } else {
        emit(
          processingResult.inputError(
            location,
            `${ML_PROJECT_LOCATION_TYPE} locations must be <reposDir>/<name>/catalog-info.yaml inside mlops.mlProjects.local.reposDir`,
          ),
        );
      }
      return true;
    }
    const data = await fs.readFile(checked.real);
    for await (const result of parser({ data, location })) {
      emit(result);
    }
    return true;
  }
}

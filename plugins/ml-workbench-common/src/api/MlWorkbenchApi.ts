import type {
  DagActionResult,
  EntityAirflow,
  EntityKafka,
  EntityMlflow,
  ModelPromotionPreview,
  OwnedMlProjects,
} from './types';
import type { TriggerDagRequest } from './schemas';

/** The ML workbench backend's HTTP API. @public */
export interface MlWorkbenchApi {
  getMlflow(entityRef: string): Promise<EntityMlflow>;
  getAirflow(entityRef: string): Promise<EntityAirflow>;
  getKafka(entityRef: string): Promise<EntityKafka>;
  /** The ML projects a Group owns or a System contains. */
  getOwnedProjects(ownerRef: string): Promise<OwnedMlProjects>;
  getPromotionPreview(
    entityRef: string,
    model: string,
    version: string,
    environment?: string,
  ): Promise<ModelPromotionPreview>;
  triggerDag(entityRef: string, dagId: string, request?: TriggerDagRequest): Promise<DagActionResult>;
  pauseDag(entityRef: string, dagId: string): Promise<DagActionResult>;
  unpauseDag(entityRef: string, dagId: string): Promise<DagActionResult>;
}

import type { Entity } from '@backstage/catalog-model';
import {
  hasAirflowLinks,
  hasKafkaLinks,
  hasMlflowLinks,
} from '@mlops-portal/plugin-ml-workbench-common';

/** The MLflow tab applies: the entity names experiments or models. @public */
export const isMlflowAvailable = (entity: Entity) => hasMlflowLinks(entity);
/** The Airflow tab applies: the entity names DAGs. @public */
export const isAirflowAvailable = (entity: Entity) => hasAirflowLinks(entity);
/** The Kafka tab applies: the entity names topics or consumer groups. @public */
export const isKafkaAvailable = (entity: Entity) => hasKafkaLinks(entity);
/** The "ML projects" card applies: a Group or a System. @public */
export const isMlProjectOwner = (entity: Entity) => ['group', 'system'].includes(entity.kind.toLocaleLowerCase('en-US'));

import type { MlTool } from './api/types';

/** The signals channel the workbench backend pushes changes on. @public */
export const ML_WORKBENCH_SIGNAL_CHANNEL = 'ml-workbench';

/**
 * Pushed when a refresh of the backend's cache found a tool's answer for
 * these entities changed; pages showing them fetch again.
 * @public
 */
export interface MlWorkbenchSignal {
  type: 'changed';
  tool: MlTool;
  entityRefs: string[];
  at: string;
}

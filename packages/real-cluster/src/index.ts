/**
 * The real-cluster test tier's Node parts: the local Git + chart server, the
 * stand-in chart repository builder and the stand-in operator. The Go
 * programs (control plane, kwok, Flux) are built and run by scripts/.
 *
 * @packageDocumentation
 */
export { startSourcesServer } from './sourcesServer';
export type { SourcesServer, SourcesServerOptions } from './sourcesServer';
export { buildChartRepository, EXTRA_VERSIONS_ANNOTATION } from './chartRepository';
export type { PackagedChart } from './chartRepository';
export { startStandinOperator, STANDIN_KINDS } from './standinOperator';
export type { StandinOperator, StandinOperatorOptions } from './standinOperator';

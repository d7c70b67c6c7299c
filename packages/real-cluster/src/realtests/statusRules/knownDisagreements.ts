/**
 * Where the portal's status rules (plugins/mlops-common classifyObject)
 * disagree with the verdict expected for an object a real controller wrote,
 * by provoked state (the recorded object and the expected verdict are in
 * src/realtests/__recorded__/<state>.json); docs/real-cluster.md lists them.
 *
 * Empty since the Flux rules read Ready's own observedGeneration and ignore
 * the CRD default -1 of status.observedGeneration: the seven states where
 * StaleGeneration hid the failure (a first reconciliation that fails) now
 * show Ready's reason and message.
 */
export const KNOWN_RULE_DISAGREEMENTS: Record<string, { expected: string; got: string; why: string }> = {};

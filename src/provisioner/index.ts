export {
  DEFAULT_SPEC_PROFILE,
  DEFAULT_WAIT,
  expectedPartnerSourceName,
  identityOf,
  IntegrationSpecSchema,
  parseIntegrationSpec,
  sameIdentity,
  scopeOf,
  SPEC_PROFILES,
  waitLimitsOf,
  type IntegrationSpec,
  type WaitLimits,
} from "./integration-spec";
export { reconcile, type ReconcileOptions } from "./reconcile";
export { remove } from "./remove";
export { inspect } from "./inspect";
export type { DriftItem, InspectReport, ReconcileAction, ReconcileResult, RemoveResult } from "./results";
export type { PartnerSourceDirectory, ProgressEvent, ProvisionerDeps, SourceWaitRequest } from "./provisioner-deps";
export {
  createProvisionerDeps,
  partnerSourceDirectory,
  type ClosableProvisionerDeps,
  type ProvisionerDepsOptions,
} from "./create-provisioner-deps";
export { byCanonicalOrder } from "./observe";
export { partnerSourceMismatch } from "./source-verification";

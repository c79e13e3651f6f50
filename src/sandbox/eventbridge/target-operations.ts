/**
 * Targets: PutTargets, RemoveTargets, ListTargetsByRule. At most five targets per rule; input settings are
 * checked as AWS checks them; per-entry failures come back in FailedEntries (injected with
 * `FaultPlan.failTargetEntry`, since AWS reports those for conditions a simulator does not have, such as
 * concurrent modification).
 */
import { validateTargetInput, type TargetInputSpec } from "../../events/input-transformer";
import type { OperationHandler } from "./operation-context";
import { paginate } from "./pagination";
import { AwsServiceError, validationError } from "./service-error";
import type { TargetRecord } from "./store";

/** Targets a rule may have. */
export const MAX_TARGETS_PER_RULE = 5;

const ARN_FORMAT = /^arn:aws[\w-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$/;

/** PutTargets. */
export const putTargets: OperationHandler = (context, input) => {
  const rule = context.partition.rule(input.Rule as string, input.EventBusName);
  const targets = input.Targets as TargetRecord[];
  for (const target of targets) {
    if (!ARN_FORMAT.test(target.Arn)) {
      throw validationError(`Parameter ${target.Arn} is not valid. Reason: Provided Arn is not in correct format.`);
    }
    const problem = validateTargetInput(target as unknown as TargetInputSpec);
    if (problem !== undefined) {
      throw validationError(problem);
    }
  }
  const failed: Record<string, unknown>[] = [];
  const accepted = targets.filter((target) => {
    const failure = context.faults.targetEntryFailure(target.Id);
    if (failure !== undefined) {
      failed.push({ TargetId: target.Id, ErrorCode: failure.errorCode, ErrorMessage: failure.errorMessage });
      return false;
    }
    return true;
  });
  const ids = new Set([...rule.targets.keys(), ...accepted.map((target) => target.Id)]);
  if (ids.size > MAX_TARGETS_PER_RULE) {
    throw new AwsServiceError("LimitExceededException", "The requested resource exceeds the maximum number allowed.");
  }
  for (const target of accepted) {
    rule.targets.set(target.Id, { ...target });
  }
  return { FailedEntryCount: failed.length, FailedEntries: failed };
};

/** RemoveTargets: IDs that do not exist are ignored, as in AWS. */
export const removeTargets: OperationHandler = (context, input) => {
  const rule = context.partition.rule(input.Rule as string, input.EventBusName);
  const failed: Record<string, unknown>[] = [];
  for (const id of input.Ids as string[]) {
    const failure = context.faults.targetEntryFailure(id);
    if (failure !== undefined) {
      failed.push({ TargetId: id, ErrorCode: failure.errorCode, ErrorMessage: failure.errorMessage });
    } else {
      rule.targets.delete(id);
    }
  }
  return { FailedEntryCount: failed.length, FailedEntries: failed };
};

/** ListTargetsByRule: in the order they were added, paginated. */
export const listTargetsByRule: OperationHandler = ({ partition }, input) => {
  const rule = partition.rule(input.Rule as string, input.EventBusName);
  const { page, nextToken } = paginate([...rule.targets.values()], `targets:${rule.arn}`, input.NextToken, input.Limit);
  return { Targets: page, ...(nextToken ? { NextToken: nextToken } : {}) };
};

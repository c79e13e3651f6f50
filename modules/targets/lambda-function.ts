import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Construct } from "constructs";
import type { IRule, IRuleTarget, RuleTargetConfig } from "../rule-target";
import { bindBaseTargetConfig, statementId, validateTargetBaseProps, type TargetBaseProps } from "./target-base-props";

/** A Lambda function, as targets see it (a `LambdaFunction` from `@cdktf/provider-aws/lib/lambda-function` fits). */
export interface ILambdaFunctionRef {
  /** The function ARN. */
  readonly arn: string;
  /** The function name. */
  readonly functionName: string;
}

/** Props of {@link LambdaFunctionTarget}. */
export type LambdaFunctionTargetProps = TargetBaseProps;

/**
 * Invokes a Lambda function with matched events. Adds an `aws_lambda_permission` that lets EventBridge
 * invoke the function for this rule only (`source_arn`).
 */
export class LambdaFunctionTarget implements IRuleTarget {
  constructor(
    private readonly fn: ILambdaFunctionRef,
    private readonly props: LambdaFunctionTargetProps = {},
  ) {
    validateTargetBaseProps("LambdaFunctionTarget", props);
  }

  public bind(rule: IRule, id: string): RuleTargetConfig {
    const base = bindBaseTargetConfig(rule, id, this.props);
    const scope = new Construct(rule, `${id}Grant`);
    const permission = new LambdaPermission(scope, "Permission", {
      statementId: statementId(rule, id, "AllowEventBridge"),
      action: "lambda:InvokeFunction",
      functionName: this.fn.functionName,
      principal: "events.amazonaws.com",
      sourceArn: rule.ruleArn,
    });
    return { ...base, arn: this.fn.arn, dependsOn: [...(base.dependsOn ?? []), permission] };
  }
}

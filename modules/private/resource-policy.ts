import { Annotations, Fn, type TerraformResource } from "cdktf";
import { Construct, type IConstruct } from "constructs";
import type { PolicyStatement } from "../policy-statement";

/** The ID under a target resource where its EventBridge resource policy lives. */
const POLICY_ID = "EventBridgePolicy";

/**
 * One resource policy per target resource, gathering the statements of every rule that sends to it. SNS topic
 * and SQS queue policies replace the resource's whole policy, so two rules must never write one each.
 *
 * The policy lives under the target resource itself (as aws-cdk's `TopicPolicy` does), so its Terraform
 * address follows the resource and not the order rules were added in.
 *
 * @internal
 */
export class AggregatedPolicy extends Construct {
  /**
   * The policy of `target`, created on first use with `create`. Returns `undefined` when `target` is not a
   * construct of this app (an ARN or an imported resource): its policy is not ours to replace, so a warning on
   * `rule` tells the user to grant EventBridge access themselves.
   */
  public static of(
    target: unknown,
    rule: IConstruct,
    what: () => string,
    create: (scope: Construct, policy: string) => TerraformResource,
  ): AggregatedPolicy | undefined {
    if (!Construct.isConstruct(target)) {
      Annotations.of(rule).addWarning(
        `${what()} is not a resource defined in this app, so no resource policy was added for it: grant events.amazonaws.com access to it yourself, limited to this rule's ARN (aws:SourceArn).`,
      );
      return undefined;
    }
    const existing = target.node.tryFindChild(POLICY_ID);
    return existing instanceof AggregatedPolicy ? existing : new AggregatedPolicy(target, create);
  }

  /** The policy resource, which targets depend on. */
  public readonly resource: TerraformResource;
  private readonly statements: PolicyStatement[] = [];

  private constructor(scope: Construct, create: (scope: Construct, policy: string) => TerraformResource) {
    super(scope, POLICY_ID);
    // `jsonencode` keeps a reference to its argument and renders it at synth time, so statements added later
    // appear in the policy. This avoids a Lazy value, whose token would be built deep inside token
    // resolution, where capturing its stack trace costs the most.
    this.resource = create(this, Fn.jsonencode({ Version: "2012-10-17", Statement: this.statements }));
  }

  /** Adds a statement (`Effect` defaults to `Allow`); its `Sid` must be unique in the policy. */
  public addStatement(statement: PolicyStatement): void {
    this.statements.push({ Effect: "Allow", ...statement });
  }
}

import { Token } from "cdktf";
import { Construct } from "constructs";
import { CloudwatchEventApiDestination } from "@cdktf/provider-aws/lib/cloudwatch-event-api-destination";
import { CloudwatchEventConnection } from "@cdktf/provider-aws/lib/cloudwatch-event-connection";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { ValidationError, type ValidationIssue } from "../../src/errors";
import { uniqueName } from "../private/names";
import { assumeRolePolicy, policyDocument } from "../policy-statement";
import type { IRule, IRuleTarget, RuleTargetConfig } from "../rule-target";
import { bindBaseTargetConfig, validateTargetBaseProps, type TargetBaseProps } from "./target-base-props";

/**
 * How EventBridge authenticates to the endpoint. Secret values must be Terraform references (a sensitive
 * `TerraformVariable`, a Secrets Manager data source), never literals: literals would be written into the
 * synthesized JSON.
 */
export class ApiDestinationAuth {
  /** A header with a key, for example `Authorization: Bearer ...`; also what webhooks without auth use. */
  public static apiKey(headerName: string, value: string): ApiDestinationAuth {
    return new ApiDestinationAuth("API_KEY", { apiKey: { key: headerName, value } }, value);
  }

  /** HTTP basic authentication. */
  public static basic(username: string, password: string): ApiDestinationAuth {
    return new ApiDestinationAuth("BASIC", { basic: { username, password } }, password);
  }

  private constructor(
    /** `API_KEY` or `BASIC`. */
    public readonly authorizationType: string,
    /** The connection's `auth_parameters`. */
    public readonly parameters: ConstructorParameters<typeof CloudwatchEventConnection>[2]["authParameters"],
    /** The secret part, checked to be a reference. */
    public readonly secret: string,
  ) {}
}

/** Props of {@link ApiDestinationTarget}. */
export interface ApiDestinationTargetProps extends TargetBaseProps {
  /**
   * The HTTPS endpoint, for example a Slack incoming webhook URL. Webhook URLs that embed a token are secrets:
   * pass a Terraform reference.
   */
  readonly endpoint: string;
  /** How EventBridge authenticates. */
  readonly auth: ApiDestinationAuth;
  /**
   * The HTTP method.
   * @default - "POST"
   */
  readonly httpMethod?: "POST" | "GET" | "HEAD" | "OPTIONS" | "PUT" | "PATCH" | "DELETE";
  /**
   * Requests per second EventBridge sends at most (1 to 300).
   * @default - 300 (EventBridge's default)
   */
  readonly rateLimitPerSecond?: number;
  /**
   * Headers sent with every request.
   * @default - none
   */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Sends matched events to an HTTPS endpoint (webhooks such as Slack) through an EventBridge connection and
 * API destination, with a role allowed `events:InvokeApiDestination` on that destination only.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-api-destinations.html
 */
export class ApiDestinationTarget implements IRuleTarget {
  constructor(private readonly props: ApiDestinationTargetProps) {
    const issues: ValidationIssue[] = [];
    const { endpoint, rateLimitPerSecond: rate } = props;
    if (!Token.isUnresolved(endpoint) && !/^https:\/\/[^\s]+$/.test(endpoint)) {
      issues.push({ field: "endpoint", rule: "must be an https:// URL" });
    }
    if (!Token.isUnresolved(props.auth.secret)) {
      issues.push({
        field: "auth",
        rule: "must take its secret value as a Terraform reference (for example a sensitive TerraformVariable), never a literal that would be written into the synthesized JSON",
      });
    }
    if (rate !== undefined && !Token.isUnresolved(rate) && (!Number.isInteger(rate) || rate < 1 || rate > 300)) {
      issues.push({ field: "rateLimitPerSecond", rule: "must be a whole number from 1 to 300", value: rate });
    }
    if (issues.length > 0) {
      throw ValidationError.fromIssues("ApiDestinationTarget", issues);
    }
    validateTargetBaseProps("ApiDestinationTarget", props);
  }

  public bind(rule: IRule, id: string): RuleTargetConfig {
    const base = bindBaseTargetConfig(rule, id, this.props);
    const scope = new Construct(rule, `${id}Destination`);
    const connection = new CloudwatchEventConnection(scope, "Connection", {
      name: uniqueName(scope, "snyk-", 64),
      authorizationType: this.props.auth.authorizationType,
      authParameters: this.props.auth.parameters,
    });
    const destination = new CloudwatchEventApiDestination(scope, "Resource", {
      name: uniqueName(scope, "snyk-", 64),
      connectionArn: connection.arn,
      invocationEndpoint: this.props.endpoint,
      httpMethod: this.props.httpMethod ?? "POST",
      invocationRateLimitPerSecond: this.props.rateLimitPerSecond,
    });
    const role = new IamRole(scope, "Role", {
      name: uniqueName(scope, "snyk-api-", 64),
      assumeRolePolicy: assumeRolePolicy("events.amazonaws.com"),
    });
    const policy = new IamRolePolicy(scope, "RolePolicy", {
      role: role.name,
      name: "invoke-api-destination",
      policy: policyDocument([{ Action: "events:InvokeApiDestination", Resource: destination.arn }]),
    });
    return {
      ...base,
      arn: destination.arn,
      roleArn: role.arn,
      httpParameters: this.props.headers === undefined ? undefined : { headerParameters: this.props.headers },
      dependsOn: [...(base.dependsOn ?? []), policy],
    };
  }
}

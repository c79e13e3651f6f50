import { Token } from "cdktf";
import type { Construct } from "constructs";
import { ValidationError } from "../src/errors";
import type { Duration } from "./duration";
import { createLambdaProvisioner } from "./private/lambda-host";
import { createLocalProvisioner } from "./private/local-host";
import type { ProvisionerBinding, ProvisionerResources } from "./private/provisioner-binding";

/**
 * The Secrets Manager secret that holds the Snyk token for the Lambda host. The construct grants the function
 * `secretsmanager:GetSecretValue` on this one secret and nothing else.
 */
export class SnykTokenSecret {
  /**
   * A secret by its full ARN (for example `aws_secretsmanager_secret.snyk.arn`).
   * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html
   */
  public static fromSecretArn(secretArn: string): SnykTokenSecret {
    if (
      !Token.isUnresolved(secretArn) &&
      !/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/.test(secretArn)
    ) {
      throw ValidationError.fromIssues("SnykTokenSecret.fromSecretArn()", [
        {
          field: "secretArn",
          rule: "must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<suffix>)",
          value: secretArn,
        },
      ]);
    }
    return new SnykTokenSecret(secretArn, secretArn);
  }

  /**
   * A secret by name, in the integration's account and region. The IAM grant then covers the name followed by
   * the six random characters Secrets Manager appends (`<name>-??????`).
   */
  public static fromSecretName(secretName: string): SnykTokenSecret {
    if (!Token.isUnresolved(secretName) && !/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(secretName)) {
      throw ValidationError.fromIssues("SnykTokenSecret.fromSecretName()", [
        { field: "secretName", rule: "must be 1-512 characters of letters, digits and /_+=.@-", value: secretName },
      ]);
    }
    return new SnykTokenSecret(secretName, undefined);
  }

  /** What the function passes to `GetSecretValue` (an ARN or a name). */
  public readonly secretId: string;
  /** The secret's ARN when it was given; `undefined` for a secret given by name. */
  public readonly secretArn?: string;

  private constructor(secretId: string, secretArn: string | undefined) {
    this.secretId = secretId;
    this.secretArn = secretArn;
  }
}

/** Options of the local host. */
export interface LocalHostOptions {
  /**
   * The Node.js executable the provisioner runs, as found on the `PATH` of `terraform apply`.
   * @default - "node"
   */
  readonly nodeCommand?: string;
}

/** Options of the Lambda host. */
export interface LambdaHostOptions {
  /** The secret that holds the Snyk token. */
  readonly tokenSecret: SnykTokenSecret;
  /**
   * The function's timeout; it must cover the wait for the partner source.
   * @default - the integration's wait timeout plus one minute, at most 15 minutes
   */
  readonly timeout?: Duration;
  /**
   * Memory for the function, in MB.
   * @default - 256
   */
  readonly memorySize?: number;
  /**
   * How long the function's logs are kept, in days (a CloudWatch Logs retention value).
   * @default - 30
   */
  readonly logRetentionDays?: number;
  /**
   * The Lambda runtime.
   * @default - "nodejs20.x"
   */
  readonly runtime?: string;
}

/**
 * Where the reconciling provisioner runs when Terraform creates, updates or deletes the integration.
 *
 * - `ProvisionerHost.local()` (default): `terraform_data` with `local-exec` provisioners that run the bundled
 *   CLI with `node` on the machine that runs `terraform apply`, with `SNYK_TOKEN` from its environment.
 * - `ProvisionerHost.lambda({ tokenSecret })`: a Lambda function invoked by `aws_lambda_invocation` with
 *   `lifecycle_scope = "CRUD"`, reading the token from Secrets Manager. Its result (the real partner source
 *   name) flows into the partner bus by reference, and deletes run from state even when the block is removed.
 */
export abstract class ProvisionerHost {
  /**
   * Runs the bundled CLI on the machine that runs `terraform apply`, which needs `node` and `SNYK_TOKEN`.
   *
   * Terraform caveat: destroy-time provisioners do not run when the resource block is removed from the
   * configuration. Destroy the integration (`cdktf destroy`, or `terraform destroy -target=...`) before deleting
   * it from the code, or run `snyk-eventbridge delete` afterwards (see docs/constructs.md).
   */
  public static local(options: LocalHostOptions = {}): ProvisionerHost {
    return new LocalHost(options);
  }

  /** Runs the provisioner in a Lambda function invoked by Terraform. */
  public static lambda(options: LambdaHostOptions): ProvisionerHost {
    return new LambdaHost(options);
  }

  /** `local` or `lambda`. */
  public abstract readonly kind: "local" | "lambda";

  /**
   * Creates the custom resource for one integration.
   * @internal
   */
  public abstract bind(scope: Construct, binding: ProvisionerBinding): ProvisionerResources;
}

class LocalHost extends ProvisionerHost {
  public readonly kind = "local" as const;

  constructor(private readonly options: LocalHostOptions) {
    super();
    const node = options.nodeCommand;
    if (node !== undefined && !Token.isUnresolved(node) && !/^[A-Za-z0-9_./:\\-]+$/.test(node)) {
      // The command is interpolated into a shell command line, so only plain paths are accepted.
      throw ValidationError.fromIssues("ProvisionerHost.local()", [
        {
          field: "nodeCommand",
          rule: "must be a plain executable name or path (letters, digits, _ . / : \\ -)",
          value: node,
        },
      ]);
    }
  }

  public bind(scope: Construct, binding: ProvisionerBinding): ProvisionerResources {
    return createLocalProvisioner(scope, binding, { nodeCommand: this.options.nodeCommand ?? "node" });
  }
}

class LambdaHost extends ProvisionerHost {
  public readonly kind = "lambda" as const;

  constructor(private readonly options: LambdaHostOptions) {
    super();
    const issues = [];
    const memory = options.memorySize;
    if (
      memory !== undefined &&
      !Token.isUnresolved(memory) &&
      (!Number.isInteger(memory) || memory < 128 || memory > 10240)
    ) {
      issues.push({ field: "memorySize", rule: "must be a whole number of MB from 128 to 10240", value: memory });
    }
    const timeout = options.timeout?.toSeconds();
    if (timeout !== undefined && (timeout < 1 || timeout > 900)) {
      issues.push({
        field: "timeout",
        rule: "must be from 1 second to 15 minutes (Lambda's limit)",
        value: options.timeout?.toString(),
      });
    }
    if (issues.length > 0) {
      throw ValidationError.fromIssues("ProvisionerHost.lambda()", issues);
    }
  }

  public bind(scope: Construct, binding: ProvisionerBinding): ProvisionerResources {
    return createLambdaProvisioner(scope, binding, this.options);
  }
}

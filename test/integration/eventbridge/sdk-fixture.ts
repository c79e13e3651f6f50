import { EventBridgeClient } from "@aws-sdk/client-eventbridge";

/** The simulator's default account and region. */
export const REGION = "us-east-1";
export const ACCOUNT = "123456789012";

/** A target ARN the simulator records deliveries to. */
export const QUEUE = `arn:aws:sqs:${REGION}:${ACCOUNT}:snyk-findings`;

/** A pattern and a matching detail, from the recorded AWS responses. */
export const PATTERN = JSON.stringify({
  source: ["core.update-account-command"],
  "detail-type": ["core.update-account-command"],
});
export const DETAIL = JSON.stringify({ command: "update-account", payload: { acc_id: "0a787ecb-4015", sf_id: "baz" } });

/**
 * The real SDK client pointed at a simulator. The access key selects the account (the simulator maps keys to
 * accounts); `maxAttempts: 1` by default so that a test sees each error the simulator answers, not a retry.
 */
export function sdkClient(
  endpoint: string,
  options: { accessKeyId: string; region?: string; maxAttempts?: number },
): EventBridgeClient {
  return new EventBridgeClient({
    endpoint,
    region: options.region ?? REGION,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: "not-a-secret" },
    maxAttempts: options.maxAttempts ?? 1,
  });
}

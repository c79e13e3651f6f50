/**
 * The AWS regions of the partitions Snyk can deliver to (`aws`, `aws-cn`, `aws-us-gov`), as the AWS SDK's
 * partition metadata lists them (`@aws-sdk/core` 3.981). A region code that fits the pattern but is not here
 * (`eu-west-99`) does not exist: a spec naming it is refused before Snyk or AWS is called, because Snyk would
 * only answer with an HTTP 400 and EventBridge cannot be reached there. A region AWS opens after this release
 * needs a newer snyk-eventbridge.
 */
export const AWS_REGIONS: ReadonlySet<string> = new Set([
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "me-west-1",
  "mx-central-1",
  "sa-east-1",
  "sa-west-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "cn-north-1",
  "cn-northwest-1",
  "us-gov-east-1",
  "us-gov-west-1",
]);

/** Whether `region` is an AWS region this release knows (see {@link AWS_REGIONS}). */
export function isKnownAwsRegion(region: string): boolean {
  return AWS_REGIONS.has(region);
}

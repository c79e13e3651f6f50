import type { DataSourceHandler } from "../resource-handler";
import { optionalString } from "./arguments";

/** `data "aws_caller_identity"`: the sandbox's account, as STS GetCallerIdentity would answer it. */
const callerIdentity: DataSourceHandler = {
  type: "aws_caller_identity",
  arguments: [],
  read: async (_args, context) => ({
    id: context.accountId,
    account_id: context.accountId,
    arn: `arn:aws:iam::${context.accountId}:user/sandbox`,
    user_id: "AIDASANDBOXAPPLYUSER0",
  }),
};

/** `data "aws_region"`: the provider's region (`name` in provider v5, `region` in v6; both are answered). */
const region: DataSourceHandler = {
  type: "aws_region",
  arguments: ["name", "region", "endpoint"],
  read: async (args, context) => {
    const wanted = optionalString(args, "region") ?? optionalString(args, "name") ?? context.region;
    return {
      id: wanted,
      name: wanted,
      region: wanted,
      endpoint: `ec2.${wanted}.amazonaws.com`,
      description: wanted,
    };
  },
};

/** `data "aws_partition"`. */
const partition: DataSourceHandler = {
  type: "aws_partition",
  arguments: [],
  read: async () => ({
    id: "aws",
    partition: "aws",
    dns_suffix: "amazonaws.com",
    reverse_dns_prefix: "com.amazonaws",
  }),
};

/** Every data source the harness answers. */
export const DATA_SOURCE_HANDLERS: readonly DataSourceHandler[] = [callerIdentity, region, partition];

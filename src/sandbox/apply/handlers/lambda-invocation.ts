import { createHash } from "node:crypto";
import { ApplyError } from "../apply-error";
import type { Value } from "../expression-eval";
import { invokeHandler } from "../lambda-runner";
import type { Attributes, HandlerContext, ResourceHandler, StoredResource } from "../resource-handler";
import { optionalString, requiredString, withNulls } from "./arguments";

const ARGS = ["function_name", "input", "qualifier", "lifecycle_scope", "terraform_key", "triggers"];

/**
 * `aws_lambda_invocation`. With `lifecycle_scope = "CRUD"` the handler is invoked on create, on an input
 * change (in place) and on delete, with the input plus `{"<terraform_key>": {"action", "prev_input"}}` as the
 * AWS provider builds it (`prev_input`: null on create, the previous input on update, the stored input on
 * delete); `result` is what the handler returned. With the default `CREATE_ONLY` the raw input is sent on
 * create (and on replacement) only.
 */
export const lambdaInvocationHandler: ResourceHandler = {
  type: "aws_lambda_invocation",
  arguments: ARGS,
  // An input change is an in-place update under CRUD; for CREATE_ONLY `update` below replaces instead.
  forceNew: ["function_name", "qualifier", "triggers", "lifecycle_scope", "terraform_key"],
  async create(args, context) {
    const result = await invoke(args, "create", null, context);
    return stored(args, result);
  },
  async update(args, prior, context) {
    if (!isCrud(args)) {
      return stored(args, await invoke(args, "create", null, context));
    }
    const result = await invoke(args, "update", parseInput(prior.attributes.input, context), context);
    return stored(args, result);
  },
  async delete(prior, context) {
    if (isCrud(prior.attributes)) {
      await invoke(prior.attributes, "delete", parseInput(prior.attributes.input, context), context);
    }
  },
};

function isCrud(args: Attributes): boolean {
  return optionalString(args, "lifecycle_scope") === "CRUD";
}

function stored(args: Attributes, result: string): Attributes {
  const name = String(args.function_name);
  const qualifier = optionalString(args, "qualifier") ?? "$LATEST";
  const hash = createHash("md5").update(String(args.input)).digest("hex");
  return {
    ...withNulls(ARGS, args),
    qualifier,
    lifecycle_scope: optionalString(args, "lifecycle_scope") ?? "CREATE_ONLY",
    terraform_key: optionalString(args, "terraform_key") ?? "tf",
    result,
    id: `${name}_${qualifier}_${hash}`,
  };
}

function parseInput(input: Value | undefined, context: HandlerContext): Value {
  if (typeof input !== "string") {
    throw new ApplyError(context.address, "input must be a JSON object string (use jsonencode()).");
  }
  try {
    const parsed = JSON.parse(input) as Value;
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new Error("not an object");
    }
    return parsed;
  } catch (error) {
    throw new ApplyError(context.address, `input is not a JSON object: ${(error as Error).message}.`, {
      cause: error,
    });
  }
}

async function invoke(
  args: Attributes,
  action: "create" | "update" | "delete",
  prevInput: Value,
  context: HandlerContext,
): Promise<string> {
  const functionName = requiredString(args, "function_name", context);
  const fn = findFunction(functionName, context);
  let payload: string;
  if (isCrud(args)) {
    const input = parseInput(args.input, context) as { readonly [key: string]: Value };
    const key = optionalString(args, "terraform_key") ?? "tf";
    payload = JSON.stringify({ ...input, [key]: { action, prev_input: prevInput } });
  } else {
    payload = requiredString(args, "input", context);
  }
  const started = Date.now();
  const result = await invokeHandler({
    address: context.address,
    fn: fn.attributes,
    payload,
    stackDir: context.stackDir,
    region: context.region,
    accountId: context.accountId,
    env: { ...context.env, ...(await context.lambdaEnvironment()) },
    emit: (event) => context.emit(event),
    signal: context.signal,
  });
  context.emit({
    kind: "invoke",
    address: context.address,
    message: `invoked ${String(fn.attributes.function_name)} (${isCrud(args) ? `action ${action}` : "create only"})`,
    durationMs: Date.now() - started,
  });
  return result;
}

function findFunction(functionName: string, context: HandlerContext): StoredResource {
  const fn = context.findResource(
    (resource) =>
      resource.type === "aws_lambda_function" &&
      (resource.attributes.function_name === functionName || resource.attributes.arn === functionName),
  );
  if (fn === undefined) {
    throw new ApplyError(
      context.address,
      `no aws_lambda_function named ${JSON.stringify(functionName)} is in this stack's state; the sandbox can ` +
        "only invoke functions the same stack defines from a local package.",
    );
  }
  return fn;
}

/**
 * The one network seam between this package and Amazon EventBridge. Everything that talks to EventBridge
 * takes an {@link EventBridgeApi}; tests and the sandbox swap the implementation, production uses
 * {@link createEventBridgeApi}, which runs the real `@aws-sdk/client-eventbridge`.
 *
 * Only types are imported from the SDK here: the SDK itself is loaded on the first call, so importing this
 * module (for example through the package index) stays cheap.
 */
import type {
  CreateEventBusCommandInput,
  CreateEventBusCommandOutput,
  DeleteEventBusCommandInput,
  DeleteRuleCommandInput,
  DescribeEventBusCommandInput,
  DescribeEventBusCommandOutput,
  DescribeEventSourceCommandInput,
  DescribeEventSourceCommandOutput,
  DescribeRuleCommandInput,
  DescribeRuleCommandOutput,
  DisableRuleCommandInput,
  EnableRuleCommandInput,
  EventBridgeClient,
  ListEventBusesCommandInput,
  ListEventBusesCommandOutput,
  ListEventSourcesCommandInput,
  ListEventSourcesCommandOutput,
  ListRulesCommandInput,
  ListRulesCommandOutput,
  ListTargetsByRuleCommandInput,
  ListTargetsByRuleCommandOutput,
  PutEventsCommandInput,
  PutEventsCommandOutput,
  PutPartnerEventsCommandInput,
  PutPartnerEventsCommandOutput,
  PutRuleCommandInput,
  PutRuleCommandOutput,
  PutTargetsCommandInput,
  PutTargetsCommandOutput,
  RemoveTargetsCommandInput,
  RemoveTargetsCommandOutput,
  TestEventPatternCommandInput,
  TestEventPatternCommandOutput,
} from "@aws-sdk/client-eventbridge";
import { toAwsApiError } from "./aws-api-error";

/** An SDK command output without the SDK's response metadata. */
export type ApiResult<T> = Omit<T, "$metadata">;

/** Per-call options. */
export interface ApiCallOptions {
  /**
   * Cancels the call.
   *
   * @default - the call runs until it completes or the SDK's own timeouts end it
   */
  readonly abortSignal?: AbortSignal;
}

/**
 * The EventBridge operations this package uses. Implementations throw {@link AwsApiError} for failed calls
 * (check `awsCode`, for example `ResourceNotFoundException`).
 */
export interface EventBridgeApi {
  describeEventSource(
    input: DescribeEventSourceCommandInput,
    options?: ApiCallOptions,
  ): Promise<ApiResult<DescribeEventSourceCommandOutput>>;
  listEventSources(
    input: ListEventSourcesCommandInput,
    options?: ApiCallOptions,
  ): Promise<ApiResult<ListEventSourcesCommandOutput>>;
  createEventBus(
    input: CreateEventBusCommandInput,
    options?: ApiCallOptions,
  ): Promise<ApiResult<CreateEventBusCommandOutput>>;
  describeEventBus(
    input: DescribeEventBusCommandInput,
    options?: ApiCallOptions,
  ): Promise<ApiResult<DescribeEventBusCommandOutput>>;
  listEventBuses(
    input: ListEventBusesCommandInput,
    options?: ApiCallOptions,
  ): Promise<ApiResult<ListEventBusesCommandOutput>>;
  deleteEventBus(input: DeleteEventBusCommandInput, options?: ApiCallOptions): Promise<void>;
  putRule(input: PutRuleCommandInput, options?: ApiCallOptions): Promise<ApiResult<PutRuleCommandOutput>>;
  describeRule(
    input: DescribeRuleCommandInput,
    options?: ApiCallOptions,
  ): Promise<ApiResult<DescribeRuleCommandOutput>>;
  deleteRule(input: DeleteRuleCommandInput, options?: ApiCallOptions): Promise<void>;
  enableRule(input: EnableRuleCommandInput, options?: ApiCallOptions): Promise<void>;
  disableRule(input: DisableRuleCommandInput, options?: ApiCallOptions): Promise<void>;
  listRules(input: ListRulesCommandInput, options?: ApiCallOptions): Promise<ApiResult<ListRulesCommandOutput>>;
  putTargets(input: PutTargetsCommandInput, options?: ApiCallOptions): Promise<ApiResult<PutTargetsCommandOutput>>;
  removeTargets(
    input: RemoveTargetsCommandInput,
    options?: ApiCallOptions,
  ): Promise<ApiResult<RemoveTargetsCommandOutput>>;
  listTargetsByRule(
    input: ListTargetsByRuleCommandInput,
    options?: ApiCallOptions,
  ): Promise<ApiResult<ListTargetsByRuleCommandOutput>>;
  testEventPattern(
    input: TestEventPatternCommandInput,
    options?: ApiCallOptions,
  ): Promise<ApiResult<TestEventPatternCommandOutput>>;
  putEvents(input: PutEventsCommandInput, options?: ApiCallOptions): Promise<ApiResult<PutEventsCommandOutput>>;
  putPartnerEvents(
    input: PutPartnerEventsCommandInput,
    options?: ApiCallOptions,
  ): Promise<ApiResult<PutPartnerEventsCommandOutput>>;
}

/** Static credentials; leave them out to use the SDK's standard chain (environment, profile, role). */
export interface StaticAwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /**
   * For temporary credentials.
   *
   * @default - long-term credentials
   */
  readonly sessionToken?: string;
}

/** Where and as whom AWS clients connect. Every field falls back to the SDK's standard configuration chain. */
export interface AwsClientOptions {
  /**
   * The AWS region.
   *
   * @default - from the SDK chain (`AWS_REGION`, the profile's region)
   */
  readonly region?: string;
  /**
   * Endpoint URL, for example a sandbox `http://127.0.0.1:4010`.
   *
   * @default - from `AWS_ENDPOINT_URL_EVENTBRIDGE`/`AWS_ENDPOINT_URL` or the region's public endpoint
   */
  readonly endpoint?: string;
  /**
   * Credentials.
   *
   * @default - the SDK's default provider chain (environment, `AWS_PROFILE`, SSO, instance or task role)
   */
  readonly credentials?: StaticAwsCredentials;
  /**
   * Attempts per call, including the SDK's own retries of throttling and 5xx responses.
   *
   * @default - the SDK default (3)
   */
  readonly maxAttempts?: number;
}

type EventBridgeSdk = typeof import("@aws-sdk/client-eventbridge");

/**
 * Creates the production {@link EventBridgeApi} on `@aws-sdk/client-eventbridge`. The SDK is loaded and the
 * client built on the first call, from `options` and otherwise the SDK's standard chain, so
 * `AWS_ENDPOINT_URL_EVENTBRIDGE`, `AWS_REGION` and profiles work as with any AWS tool.
 */
export function createEventBridgeApi(options: AwsClientOptions = {}): EventBridgeApi {
  let loaded: Promise<{ sdk: EventBridgeSdk; client: EventBridgeClient }> | undefined;
  const load = (): Promise<{ sdk: EventBridgeSdk; client: EventBridgeClient }> => {
    loaded ??= import("@aws-sdk/client-eventbridge").then((sdk) => ({
      sdk,
      client: new sdk.EventBridgeClient({
        ...(options.region === undefined ? {} : { region: options.region }),
        ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
        ...(options.credentials === undefined ? {} : { credentials: { ...options.credentials } }),
        ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
      }),
    }));
    return loaded;
  };
  async function call<T extends { $metadata: unknown }>(
    operation: string,
    callOptions: ApiCallOptions | undefined,
    send: (sdk: EventBridgeSdk, client: EventBridgeClient, http: { abortSignal?: AbortSignal }) => Promise<T>,
  ): Promise<ApiResult<T>> {
    const { sdk, client } = await load();
    try {
      const output: Partial<T> = await send(sdk, client, { abortSignal: callOptions?.abortSignal });
      delete output.$metadata;
      return output as ApiResult<T>;
    } catch (error) {
      throw toAwsApiError(operation, error);
    }
  }
  return {
    describeEventSource: (input, o) =>
      call("DescribeEventSource", o, (sdk, c, h) => c.send(new sdk.DescribeEventSourceCommand(input), h)),
    listEventSources: (input, o) =>
      call("ListEventSources", o, (sdk, c, h) => c.send(new sdk.ListEventSourcesCommand(input), h)),
    createEventBus: (input, o) =>
      call("CreateEventBus", o, (sdk, c, h) => c.send(new sdk.CreateEventBusCommand(input), h)),
    describeEventBus: (input, o) =>
      call("DescribeEventBus", o, (sdk, c, h) => c.send(new sdk.DescribeEventBusCommand(input), h)),
    listEventBuses: (input, o) =>
      call("ListEventBuses", o, (sdk, c, h) => c.send(new sdk.ListEventBusesCommand(input), h)),
    deleteEventBus: async (input, o) => {
      await call("DeleteEventBus", o, (sdk, c, h) => c.send(new sdk.DeleteEventBusCommand(input), h));
    },
    putRule: (input, o) => call("PutRule", o, (sdk, c, h) => c.send(new sdk.PutRuleCommand(input), h)),
    describeRule: (input, o) => call("DescribeRule", o, (sdk, c, h) => c.send(new sdk.DescribeRuleCommand(input), h)),
    deleteRule: async (input, o) => {
      await call("DeleteRule", o, (sdk, c, h) => c.send(new sdk.DeleteRuleCommand(input), h));
    },
    enableRule: async (input, o) => {
      await call("EnableRule", o, (sdk, c, h) => c.send(new sdk.EnableRuleCommand(input), h));
    },
    disableRule: async (input, o) => {
      await call("DisableRule", o, (sdk, c, h) => c.send(new sdk.DisableRuleCommand(input), h));
    },
    listRules: (input, o) => call("ListRules", o, (sdk, c, h) => c.send(new sdk.ListRulesCommand(input), h)),
    putTargets: (input, o) => call("PutTargets", o, (sdk, c, h) => c.send(new sdk.PutTargetsCommand(input), h)),
    removeTargets: (input, o) =>
      call("RemoveTargets", o, (sdk, c, h) => c.send(new sdk.RemoveTargetsCommand(input), h)),
    listTargetsByRule: (input, o) =>
      call("ListTargetsByRule", o, (sdk, c, h) => c.send(new sdk.ListTargetsByRuleCommand(input), h)),
    testEventPattern: (input, o) =>
      call("TestEventPattern", o, (sdk, c, h) => c.send(new sdk.TestEventPatternCommand(input), h)),
    putEvents: (input, o) => call("PutEvents", o, (sdk, c, h) => c.send(new sdk.PutEventsCommand(input), h)),
    putPartnerEvents: (input, o) =>
      call("PutPartnerEvents", o, (sdk, c, h) => c.send(new sdk.PutPartnerEventsCommand(input), h)),
  };
}

import type { HandlerRegistry } from "../stack-config";
import { DATA_SOURCE_HANDLERS } from "./data-sources";
import { eventArchiveHandler, eventBusHandler, eventRuleHandler, eventTargetHandler } from "./eventbridge-resources";
import { lambdaInvocationHandler } from "./lambda-invocation";
import { RECORDED_HANDLERS } from "./recorded-resources";
import { terraformDataHandler } from "./terraform-data";

/** Every resource type and data source the harness applies; anything else is refused. */
export const DEFAULT_REGISTRY: HandlerRegistry = {
  resources: new Map(
    [
      terraformDataHandler,
      lambdaInvocationHandler,
      eventBusHandler,
      eventRuleHandler,
      eventTargetHandler,
      eventArchiveHandler,
      ...RECORDED_HANDLERS,
    ].map((handler) => [handler.type, handler]),
  ),
  dataSources: new Map(DATA_SOURCE_HANDLERS.map((handler) => [handler.type, handler])),
};

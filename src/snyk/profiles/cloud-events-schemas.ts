import { z } from "zod";
import { jsonApiResourceSchema } from "../json-api";

/** The JSON:API resource type of a Cloud Events registration. */
export const GROUP_REGISTRATION_TYPE = "group_registration";

/**
 * A registration as listed: attributes are read loosely because a group holds registrations of every
 * integration type, and only ours (`aws-eventbridge`) must have our config shape.
 */
export const groupRegistrationResourceSchema = jsonApiResourceSchema(
  GROUP_REGISTRATION_TYPE,
  z.looseObject({
    type: z.string(),
    name: z.string().optional(),
    config: z.unknown().optional(),
    created_at: z.string().optional(),
    updated_at: z.string().optional(),
  }),
);

/** A registration resource, as read. */
export type GroupRegistrationResource = z.infer<typeof groupRegistrationResourceSchema>;

/** The config of an EventBridge registration, as this project writes it. */
export const eventBridgeConfigSchema = z.looseObject({
  org_id: z.string().min(1),
  account_id: z.string().regex(/^\d{12}$/),
  region: z.string().min(1),
  event_type: z.string().min(1),
});

/** The EventBridge registration config. */
export type EventBridgeConfig = z.infer<typeof eventBridgeConfigSchema>;

import { z } from "zod";
import { SECURITY_FINDING_CLASS_UID } from "./ocsf";

/**
 * The `detail` of a Snyk issue event: an OCSF Security Finding (schema 1.0.0-rc.2, `class_uid` 2001).
 *
 * Snyk documents that issue events are OCSF Security Findings but publishes neither a field list nor sample
 * events, so these schemas are tolerant readers: they require only what identifies the class, type the OCSF
 * attributes a consumer is likely to read, and let every other field pass through untouched.
 *
 * @see https://schema.ocsf.io/1.0.0-rc.2/classes/security_finding
 * @see https://docs.snyk.io/integrations/event-forwarding/amazon-eventbridge
 */

/** OCSF `cvss` object: a CVSS score of a vulnerability. */
export const CvssSchema = z.looseObject({
  version: z.string().optional(),
  base_score: z.number().optional(),
  vector_string: z.string().optional(),
  severity: z.string().optional(),
});

/** OCSF `cve` object. `uid` is the CVE ID, for example `CVE-2021-44228`. */
export const CveSchema = z.looseObject({
  uid: z.string(),
  type: z.string().optional(),
  cvss: CvssSchema.optional(),
  cwe_uid: z.string().optional(),
  cwe_url: z.string().optional(),
  created_time: z.number().optional(),
  modified_time: z.number().optional(),
  product: z.looseObject({ name: z.string().optional(), vendor_name: z.string().optional() }).optional(),
});

/** OCSF `package` object: an affected software package. */
export const PackageSchema = z.looseObject({
  name: z.string(),
  version: z.string().optional(),
  purl: z.string().optional(),
  type: z.string().optional(),
  epoch: z.number().optional(),
  release: z.string().optional(),
});

/** OCSF `vulnerability` object. */
export const VulnerabilitySchema = z.looseObject({
  cve: CveSchema.optional(),
  desc: z.string().optional(),
  title: z.string().optional(),
  severity: z.string().optional(),
  vendor_name: z.string().optional(),
  packages: z.array(PackageSchema).optional(),
  kb_articles: z.array(z.string()).optional(),
  references: z.array(z.string()).optional(),
  related_vulnerabilities: z.array(z.string()).optional(),
});

/** OCSF `remediation` object: how to fix the finding. Present when Snyk knows a fix. */
export const RemediationSchema = z.looseObject({
  desc: z.string(),
  kb_articles: z.array(z.string()).optional(),
});

/** OCSF `finding` object: the finding itself. `uid` is Snyk's issue ID. */
export const FindingSchema = z.looseObject({
  uid: z.string(),
  title: z.string(),
  desc: z.string().optional(),
  types: z.array(z.string()).optional(),
  src_url: z.string().optional(),
  created_time: z.number().optional(),
  modified_time: z.number().optional(),
  first_seen_time: z.number().optional(),
  last_seen_time: z.number().optional(),
  remediation: RemediationSchema.optional(),
  supporting_data: z.record(z.string(), z.unknown()).optional(),
});

/** OCSF `resource_details` object: what the finding is about (for Snyk, typically the project). */
export const ResourceSchema = z.looseObject({
  uid: z.string().optional(),
  name: z.string().optional(),
  type: z.string().optional(),
  region: z.string().optional(),
  labels: z.array(z.string()).optional(),
  data: z.unknown().optional(),
  group: z.looseObject({ uid: z.string().optional(), name: z.string().optional() }).optional(),
});

/** OCSF `metadata` object: who produced the event and in which schema version. */
export const MetadataSchema = z.looseObject({
  version: z.string(),
  uid: z.string().optional(),
  product: z
    .looseObject({ name: z.string().optional(), vendor_name: z.string().optional(), version: z.string().optional() })
    .optional(),
  original_time: z.string().optional(),
  labels: z.array(z.string()).optional(),
});

/** OCSF `cloud` object: the cloud environment (account and region) the finding concerns. */
export const CloudSchema = z.looseObject({
  provider: z.string(),
  region: z.string().optional(),
  account: z.looseObject({ uid: z.string().optional(), name: z.string().optional() }).optional(),
});

/** The `detail` of a Snyk issue event. */
export const SnykIssueDetailSchema = z.looseObject({
  class_uid: z.literal(SECURITY_FINDING_CLASS_UID),
  class_name: z.string().optional(),
  category_uid: z.number().optional(),
  category_name: z.string().optional(),
  activity_id: z.number().int(),
  activity_name: z.string().optional(),
  type_uid: z.number().int().optional(),
  type_name: z.string().optional(),
  severity_id: z.number().int(),
  severity: z.string().optional(),
  state_id: z.number().int().optional(),
  state: z.string().optional(),
  status: z.string().optional(),
  time: z.number(),
  message: z.string().optional(),
  confidence: z.number().optional(),
  finding: FindingSchema,
  vulnerabilities: z.array(VulnerabilitySchema).optional(),
  resources: z.array(ResourceSchema).optional(),
  metadata: MetadataSchema,
  cloud: CloudSchema.optional(),
});

/** The `detail` of a Snyk issue event (unknown fields kept). */
export type SnykIssueDetail = z.infer<typeof SnykIssueDetailSchema>;
/** A vulnerability of a Snyk issue. */
export type SnykVulnerability = z.infer<typeof VulnerabilitySchema>;
/** The finding of a Snyk issue. */
export type SnykFinding = z.infer<typeof FindingSchema>;

import { z } from "zod";
import { SECURITY_FINDING_CLASS_UID } from "./ocsf";

/**
 * The `detail` of a Snyk issue event: an OCSF Security Finding (schema 1.0.0-rc.2, `class_uid` 2001).
 *
 * Snyk documents that issue events are OCSF Security Findings of schema 1.0.0-rc.2 but publishes neither a
 * field list nor sample events, so these schemas are tolerant readers:
 * - they type the rc.2 attributes a consumer is likely to read, with rc.2's types (`supporting_data` is an
 *   array, `cloud` is flat, a remediation may have `kb_articles` and no `desc`, a package has no `purl`);
 * - they require only what identifies the class and the finding (`class_uid`, `activity_id`, `severity_id`,
 *   `time`, `finding.uid`, `finding.title`, `metadata.version`), not every attribute rc.2 requires;
 * - every other field passes through untouched, including attributes of later OCSF versions.
 *
 * `test/conformance/ocsf-rc2.test.ts` holds the samples to the rc.2 schema files themselves.
 *
 * @see https://schema.ocsf.io/1.0.0-rc.2/classes/security_finding
 * @see https://docs.snyk.io/integrations/event-forwarding/amazon-eventbridge
 */

const strings = z.array(z.string());

/** OCSF `product` object: the product that reported the event or is affected. */
export const ProductSchema = z.looseObject({
  name: z.string().optional(),
  vendor_name: z.string().optional(),
  version: z.string().optional(),
  uid: z.string().optional(),
  lang: z.string().optional(),
  path: z.string().optional(),
});

/** OCSF `cvss` object: a CVSS score of a vulnerability (rc.2 requires `version` and `base_score`). */
export const CvssSchema = z.looseObject({
  version: z.string().optional(),
  base_score: z.number().optional(),
  overall_score: z.number().optional(),
  depth: z.string().optional(),
  vector_string: z.string().optional(),
  severity: z.string().optional(),
  metrics: z.array(z.looseObject({ name: z.string().optional(), value: z.string().optional() })).optional(),
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
  product: ProductSchema.optional(),
});

/** OCSF `package` object: an affected software package (rc.2 has no `purl`; one Snyk adds passes through). */
export const PackageSchema = z.looseObject({
  name: z.string(),
  version: z.string().optional(),
  architecture: z.string().optional(),
  epoch: z.number().int().optional(),
  release: z.string().optional(),
  license: z.string().optional(),
});

/** OCSF `vulnerability` object (rc.2 requires `cve`; the reader does not, so a Snyk-only advisory still parses). */
export const VulnerabilitySchema = z.looseObject({
  cve: CveSchema.optional(),
  desc: z.string().optional(),
  title: z.string().optional(),
  severity: z.string().optional(),
  vendor_name: z.string().optional(),
  packages: z.array(PackageSchema).optional(),
  kb_articles: strings.optional(),
  references: strings.optional(),
  related_vulnerabilities: strings.optional(),
});

/**
 * OCSF `remediation` object: how to fix the finding. In rc.2 `desc` is optional and `kb_articles`
 * recommended: a fix may come as knowledge-base links alone.
 */
export const RemediationSchema = z.looseObject({
  desc: z.string().optional(),
  kb_articles: strings.optional(),
});

/** OCSF `finding` object: the finding itself. `uid` is Snyk's issue ID. */
export const FindingSchema = z.looseObject({
  uid: z.string(),
  title: z.string(),
  desc: z.string().optional(),
  types: strings.optional(),
  src_url: z.string().optional(),
  product_uid: z.string().optional(),
  created_time: z.number().optional(),
  modified_time: z.number().optional(),
  first_seen_time: z.number().optional(),
  last_seen_time: z.number().optional(),
  remediation: RemediationSchema.optional(),
  related_events: z.array(z.looseObject({})).optional(),
  /**
   * Tool-specific data: a JSON array in rc.2 (`is_array` of `json_t`). A single JSON object, the form of later
   * OCSF versions, is accepted too.
   */
  supporting_data: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).optional(),
});

/** OCSF `resource` object: what the finding is about (for Snyk, typically the project). */
export const ResourceSchema = z.looseObject({
  uid: z.string().optional(),
  name: z.string().optional(),
  type: z.string().optional(),
  region: z.string().optional(),
  account_uid: z.string().optional(),
  cloud_partition: z.string().optional(),
  criticality: z.string().optional(),
  details: z.string().optional(),
  group_name: z.string().optional(),
  labels: strings.optional(),
  owner: z.looseObject({}).optional(),
});

/** OCSF `metadata` object: who produced the event and in which schema version. */
export const MetadataSchema = z.looseObject({
  version: z.string(),
  uid: z.string().optional(),
  product: ProductSchema.optional(),
  profiles: strings.optional(),
  original_time: z.string().optional(),
  logged_time: z.number().optional(),
  processed_time: z.number().optional(),
  modified_time: z.number().optional(),
  correlation_uid: z.string().optional(),
  sequence: z.number().int().optional(),
  labels: strings.optional(),
});

/**
 * OCSF `cloud` object (the Cloud profile): in rc.2 the account is flat (`account_uid`, `account_name`); the
 * `account` object of later versions passes through untyped.
 */
export const CloudSchema = z.looseObject({
  provider: z.string(),
  region: z.string().optional(),
  zone: z.string().optional(),
  account_uid: z.string().optional(),
  account_name: z.string().optional(),
  org_uid: z.string().optional(),
  project_uid: z.string().optional(),
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
  status_id: z.number().int().optional(),
  status: z.string().optional(),
  status_code: z.string().optional(),
  status_detail: z.string().optional(),
  time: z.number(),
  timezone_offset: z.number().int().optional(),
  start_time: z.number().optional(),
  end_time: z.number().optional(),
  count: z.number().int().optional(),
  duration: z.number().int().optional(),
  message: z.string().optional(),
  confidence: z.number().optional(),
  finding: FindingSchema,
  vulnerabilities: z.array(VulnerabilitySchema).optional(),
  resources: z.array(ResourceSchema).optional(),
  metadata: MetadataSchema,
  cloud: CloudSchema.optional(),
  raw_data: z.string().optional(),
  unmapped: z.looseObject({}).optional(),
});

/** The `detail` of a Snyk issue event (unknown fields kept). */
export type SnykIssueDetail = z.infer<typeof SnykIssueDetailSchema>;
/** A vulnerability of a Snyk issue. */
export type SnykVulnerability = z.infer<typeof VulnerabilitySchema>;
/** The finding of a Snyk issue. */
export type SnykFinding = z.infer<typeof FindingSchema>;

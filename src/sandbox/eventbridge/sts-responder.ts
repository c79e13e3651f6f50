/**
 * A minimal STS `GetCallerIdentity` on the simulator's port, so the waiter's "which account are these
 * credentials for" check runs against the sandbox too. STS speaks the AWS query protocol: a form-encoded
 * POST in, XML out. Point the SDK at it with `AWS_ENDPOINT_URL_STS` (or the `stsEndpoint` option).
 */
import { randomUUID } from "node:crypto";

/** The XML body answering GetCallerIdentity for `accountId`. */
export function callerIdentityXml(accountId: string, accessKeyId: string, requestId: string = randomUUID()): string {
  const user = `sandbox-${
    accessKeyId
      .replace(/[^A-Za-z0-9]/g, "")
      .slice(0, 16)
      .toLowerCase() || "user"
  }`;
  return (
    `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">` +
    `<GetCallerIdentityResult><Arn>arn:aws:iam::${accountId}:user/${user}</Arn>` +
    `<UserId>AIDASANDBOX${accountId}</UserId><Account>${accountId}</Account></GetCallerIdentityResult>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`
  );
}

/** The XML error body of the query protocol. */
export function queryErrorXml(code: string, message: string, requestId: string): string {
  return (
    `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>` +
    `<Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

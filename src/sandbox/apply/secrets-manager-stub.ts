import { closeServer, listenOnLoopback } from "../loopback-server";
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";

/**
 * A loopback stand-in for Secrets Manager's `GetSecretValue`, started only while Lambda handlers run, so a
 * handler that reads its Snyk token from a secret (the Lambda host) works in the sandbox. It answers the
 * AWS JSON 1.1 protocol the SDK speaks, from the values the caller of the harness supplied; it never logs a
 * value. Any other operation is refused as AWS refuses unknown operations.
 */
export class SecretsManagerStub {
  /** Starts the stub on 127.0.0.1 with a free port. */
  public static async start(secrets: Readonly<Record<string, string>>): Promise<SecretsManagerStub> {
    const stub = new SecretsManagerStub(secrets);
    stub.url = await listenOnLoopback(stub.server, 0, "127.0.0.1");
    return stub;
  }

  private readonly server: Server;
  private url = "";

  private constructor(private readonly secrets: Readonly<Record<string, string>>) {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const target = String(request.headers["x-amz-target"] ?? "");
        const answer = (status: number, body: unknown): void => {
          response.writeHead(status, {
            "content-type": "application/x-amz-json-1.1",
            "x-amzn-requestid": randomUUID(),
          });
          response.end(JSON.stringify(body));
        };
        if (target !== "secretsmanager.GetSecretValue") {
          answer(400, { __type: "UnknownOperationException", message: `The sandbox does not implement ${target}.` });
          return;
        }
        let secretId: string;
        try {
          secretId = String(
            (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { SecretId?: unknown }).SecretId ?? "",
          );
        } catch {
          answer(400, { __type: "SerializationException", message: "The request body is not JSON." });
          return;
        }
        const found = this.find(secretId);
        if (found === undefined) {
          answer(400, {
            __type: "ResourceNotFoundException",
            message: "Secrets Manager can't find the specified secret.",
          });
          return;
        }
        answer(200, {
          ARN: found.arn,
          Name: found.name,
          SecretString: found.value,
          VersionId: "00000000-0000-4000-8000-000000000001",
          VersionStages: ["AWSCURRENT"],
          CreatedDate: 0,
        });
      });
    });
  }

  /** `http://127.0.0.1:<port>`, for `AWS_ENDPOINT_URL_SECRETS_MANAGER`. */
  public get endpoint(): string {
    return this.url;
  }

  /** Stops the stub. */
  public async close(): Promise<void> {
    await closeServer(this.server);
  }

  /** A secret by name or ARN; an ARN matches a secret given by name (`...:secret:<name>-AbCdEf`). */
  private find(secretId: string): { arn: string; name: string; value: string } | undefined {
    const direct = this.secrets[secretId];
    const arnMatch = /^arn:aws[\w-]*:secretsmanager:[\w-]+:\d{12}:secret:(.+?)(-[A-Za-z0-9]{6})?$/.exec(secretId);
    const name = arnMatch === null ? secretId : arnMatch[1];
    const value = direct ?? this.secrets[name];
    if (value === undefined) {
      return undefined;
    }
    const arn = arnMatch === null ? `arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}-SANDBX` : secretId;
    return { arn, name, value };
  }
}

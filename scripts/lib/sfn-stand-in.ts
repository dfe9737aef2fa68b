import { createServer, IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { validateAsl } from "./asl-validation";

/** A running stand-in for the Step Functions API on the loopback address. */
export interface SfnStandIn {
  /** Endpoint URL to give the provider, such as `http://127.0.0.1:40123`. */
  readonly endpoint: string;
  /** Operations received, in order, such as `ValidateStateMachineDefinition`. */
  readonly operations: string[];
  /** Stops the server. */
  close(): Promise<void>;
}

const TARGET_PREFIX = "AWSStepFunctions.";
const JSON_1_0 = "application/x-amz-json-1.0";

/**
 * Starts a server on 127.0.0.1 that handles the one Step Functions call the AWS provider
 * makes at plan time, ValidateStateMachineDefinition. It runs asl-validator and returns
 * its findings as the API's diagnostics. Every other operation gets an
 * UnknownOperationException, so an unexpected call fails the plan instead of passing.
 */
export async function startSfnStandIn(): Promise<SfnStandIn> {
  const operations: string[] = [];
  const server = createServer((request, response) => {
    void handle(request, response, operations);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    operations,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  operations: string[],
): Promise<void> {
  const body = await readBody(request);
  const target = String(request.headers["x-amz-target"] ?? "");
  const operation = target.startsWith(TARGET_PREFIX)
    ? target.slice(TARGET_PREFIX.length)
    : target;
  operations.push(operation);

  if (operation !== "ValidateStateMachineDefinition") {
    reply(response, 400, {
      __type: "UnknownOperationException",
      message: `The offline Step Functions stand-in supports only ValidateStateMachineDefinition, not ${operation || "(no X-Amz-Target)"}.`,
    });
    return;
  }
  let definition: unknown;
  try {
    definition = (JSON.parse(body) as { definition?: unknown }).definition;
  } catch {
    reply(response, 400, {
      __type: "ValidationException",
      message: "Request body is not JSON.",
    });
    return;
  }
  const problems = validateAsl(
    typeof definition === "string" ? definition : "",
  );
  reply(response, 200, {
    result: problems.length === 0 ? "OK" : "FAIL",
    diagnostics: problems.map((problem) => ({
      severity: "ERROR",
      code: problem.code,
      message: problem.message,
    })),
    truncated: false,
  });
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function reply(
  response: ServerResponse,
  status: number,
  payload: object,
): void {
  const text = JSON.stringify(payload);
  response.writeHead(status, {
    "Content-Type": JSON_1_0,
    "Content-Length": Buffer.byteLength(text),
    "x-amzn-RequestId": "offline-stand-in",
  });
  response.end(text);
}

import { request } from "node:http";
import { startSfnStandIn, SfnStandIn } from "../scripts/lib/sfn-stand-in";

interface Reply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

function call(
  standIn: SfnStandIn,
  target: string,
  payload: object,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(payload);
    const req = request(
      `${standIn.endpoint}/`,
      {
        method: "POST",
        headers: {
          "Content-Type": "application/x-amz-json-1.0",
          "X-Amz-Target": `AWSStepFunctions.${target}`,
          "Content-Length": Buffer.byteLength(text),
        },
      },
      (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            body: JSON.parse(body) as Record<string, unknown>,
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(text);
  });
}

describe("Step Functions stand-in", () => {
  let standIn: SfnStandIn;

  beforeAll(async () => {
    standIn = await startSfnStandIn();
  });

  afterAll(async () => {
    await standIn.close();
  });

  it("listens on the loopback address only", () => {
    expect(standIn.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("answers OK for a valid definition", async () => {
    const definition = JSON.stringify({
      StartAt: "Done",
      States: { Done: { Type: "Succeed" } },
    });
    const reply = await call(standIn, "ValidateStateMachineDefinition", {
      definition,
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      result: "OK",
      diagnostics: [],
      truncated: false,
    });
  });

  it("reports asl-validator findings as diagnostics", async () => {
    const definition = JSON.stringify({
      StartAt: "Missing",
      States: { Done: { Type: "Succeed" } },
    });
    const reply = await call(standIn, "ValidateStateMachineDefinition", {
      definition,
    });
    expect(reply.body.result).toBe("FAIL");
    expect(reply.body.diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          severity: "ERROR",
          code: "MISSING_TRANSITION_TARGET",
        }),
      ]),
    );
  });

  it("rejects every other operation", async () => {
    const reply = await call(standIn, "CreateStateMachine", {});
    expect(reply.status).toBe(400);
    expect(reply.body.__type).toBe("UnknownOperationException");
  });

  it("records the operations it received", () => {
    expect(standIn.operations).toEqual([
      "ValidateStateMachineDefinition",
      "ValidateStateMachineDefinition",
      "CreateStateMachine",
    ]);
  });
});

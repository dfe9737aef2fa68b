import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
  acknowledgeRule,
  readAcknowledgedRules,
} from "../../constructs/rule-exceptions";
import { removeDir } from "../support/synth";

const REASON = "The queue is shared with another team on purpose.";

function queueStack() {
  const outdir = mkdtempSync(path.join(tmpdir(), "rule-exceptions-"));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const queue = new SqsQueue(stack, "queue", { name: "jobs" });
  return { app, outdir, queue };
}

describe("acknowledgeRule", () => {
  it("records the exception in the synthesized JSON", () => {
    const { app, outdir, queue } = queueStack();
    try {
      acknowledgeRule(queue, "S3-PUBLIC-ACCESS", REASON);
      acknowledgeRule(queue, "IAM-RESOURCE-SCOPE", `  ${REASON}  `);
      app.synth();
      const json = JSON.parse(
        readFileSync(
          path.join(outdir, "stacks", "test", "cdk.tf.json"),
          "utf8",
        ),
      ) as { resource: { aws_sqs_queue: { queue: Record<string, unknown> } } };
      const body = json.resource.aws_sqs_queue.queue;
      expect(readAcknowledgedRules(body)).toEqual({
        "S3-PUBLIC-ACCESS": REASON,
        "IAM-RESOURCE-SCOPE": REASON,
      });
      expect(body.name).toBe("jobs");
    } finally {
      removeDir(outdir);
    }
  });

  it("rejects a malformed rule ID", () => {
    const { outdir, queue } = queueStack();
    removeDir(outdir);
    expect(() => acknowledgeRule(queue, "s3 public", REASON)).toThrow(
      'Invalid ruleId "s3 public": expected a guardrail rule ID such as S3-PUBLIC-ACCESS.',
    );
  });

  it("rejects a reason that says nothing", () => {
    const { outdir, queue } = queueStack();
    removeDir(outdir);
    expect(() => acknowledgeRule(queue, "S3-PUBLIC-ACCESS", "needed")).toThrow(
      'Invalid reason for S3-PUBLIC-ACCESS on test/queue: "needed" is too short; say in at least 20 characters why the resource needs the exception.',
    );
  });
});

describe("readAcknowledgedRules", () => {
  it("returns nothing for a resource without exceptions", () => {
    expect(readAcknowledgedRules({ "//": { metadata: {} } })).toEqual({});
    expect(readAcknowledgedRules({})).toEqual({});
  });
});

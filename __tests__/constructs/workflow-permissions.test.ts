import {
  permissionStatements,
  StatePermission,
  SUPPORTED_INTEGRATIONS,
  WorkflowPermissionContext,
  workflowPermissions,
} from "../../constructs/workflow-permissions";
import { TEST_PLACE } from "../support/construct-synth";

const CONTEXT: WorkflowPermissionContext = {
  place: TEST_PLACE,
  stateMachineName: "forms-extract",
};

const STATES = "arn:aws:states:eu-central-1:123456789012";

function task(resource: string, args: Record<string, unknown>) {
  return { Type: "Task", Resource: resource, Arguments: args, End: true };
}

function needsOf(states: Record<string, unknown>): StatePermission[] {
  return workflowPermissions({ StartAt: "A", States: states }, CONTEXT);
}

describe("workflowPermissions", () => {
  it("grants Textract and a read of the document's bucket", () => {
    const needs = needsOf({
      Analyze: task("arn:aws:states:::aws-sdk:textract:analyzeDocument", {
        Document: { S3Object: { Bucket: "forms-input", Name: "{% $key %}" } },
      }),
    });
    expect(
      needs.map(({ actions, resources }) => ({ actions, resources })),
    ).toEqual([
      { actions: ["textract:AnalyzeDocument"], resources: ["*"] },
      { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::forms-input/*"] },
    ]);
    expect(needs[0].state).toBe("Analyze");
  });

  it("grants record batches to the named stream", () => {
    const [need] = needsOf({
      Put: task("arn:aws:states:::aws-sdk:firehose:putRecordBatch", {
        DeliveryStreamName: "forms-records",
        Records: "{% $states.input %}",
      }),
    });
    expect(need.actions).toEqual(["firehose:PutRecordBatch"]);
    expect(need.resources).toEqual([
      "arn:aws:firehose:eu-central-1:123456789012:deliverystream/forms-records",
    ]);
  });

  it.each([
    ["aws-sdk:s3:getObject", ["s3:GetObject"]],
    ["aws-sdk:s3:headObject", ["s3:GetObject"]],
    ["aws-sdk:s3:putObject", ["s3:PutObject"]],
    ["aws-sdk:s3:deleteObject", ["s3:DeleteObject"]],
    ["aws-sdk:s3:putObjectTagging", ["s3:PutObjectTagging"]],
    ["aws-sdk:s3:getObjectTagging", ["s3:GetObjectTagging"]],
  ])("grants %s on the bucket's objects", (integration, actions) => {
    const [need] = needsOf({
      Step: task(`arn:aws:states:::${integration}`, {
        Bucket: "forms-review",
        Key: "{% $key %}",
      }),
    });
    expect(need.actions).toEqual(expect.arrayContaining(actions));
    expect(need.resources).toEqual(["arn:aws:s3:::forms-review/*"]);
  });

  it("scopes a copy to source and target", () => {
    const needs = needsOf({
      Copy: task("arn:aws:states:::aws-sdk:s3:copyObject", {
        Bucket: "forms-review",
        CopySource: "{% 'forms-input/' & $states.input.key %}",
        Key: "{% $states.input.key %}",
      }),
    });
    expect(
      needs.map(({ actions, resources }) => ({ actions, resources })),
    ).toEqual([
      {
        actions: ["s3:GetObject", "s3:GetObjectTagging"],
        resources: ["arn:aws:s3:::forms-input/*"],
      },
      {
        actions: ["s3:PutObject", "s3:PutObjectTagging"],
        resources: ["arn:aws:s3:::forms-review/*"],
      },
    ]);
  });

  it("scopes a Distributed Map's reader, writer and child runs", () => {
    const needs = needsOf({
      Each: {
        Type: "Map",
        ItemReader: {
          Resource: "arn:aws:states:::s3:listObjectsV2",
          Arguments: { Bucket: "forms-input", Prefix: "incoming/" },
        },
        ItemProcessor: {
          ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
          StartAt: "Noop",
          States: { Noop: { Type: "Pass", End: true } },
        },
        ResultWriter: {
          Resource: "arn:aws:states:::s3:putObject",
          Arguments: { Bucket: "forms-review", Prefix: "map-results/" },
        },
        End: true,
      },
    });
    expect(needs).toEqual([
      {
        state: "Each.ItemReader",
        resource: "arn:aws:states:::s3:listObjectsV2",
        actions: ["s3:ListBucket"],
        resources: ["arn:aws:s3:::forms-input"],
        condition: { StringLike: { "s3:prefix": "incoming/*" } },
      },
      {
        state: "Each.ResultWriter",
        resource: "arn:aws:states:::s3:putObject",
        actions: [
          "s3:PutObject",
          "s3:GetObject",
          "s3:ListMultipartUploadParts",
          "s3:AbortMultipartUpload",
        ],
        resources: ["arn:aws:s3:::forms-review/map-results/*"],
      },
      {
        state: "Each",
        resource: "distributed-map",
        actions: ["states:StartExecution"],
        resources: [`${STATES}:stateMachine:forms-extract`],
      },
      {
        state: "Each",
        resource: "distributed-map",
        actions: ["states:DescribeExecution", "states:StopExecution"],
        resources: [
          `${STATES}:execution:forms-extract:*`,
          `${STATES}:execution:forms-extract/*`,
        ],
      },
    ]);
  });

  it("lists the whole bucket when the reader has no prefix", () => {
    const [need] = needsOf({
      Each: {
        Type: "Map",
        ItemReader: {
          Resource: "arn:aws:states:::s3:listObjectsV2",
          Arguments: { Bucket: "forms-input" },
        },
        ItemProcessor: {
          ProcessorConfig: { Mode: "INLINE" },
          StartAt: "Noop",
          States: { Noop: { Type: "Pass", End: true } },
        },
        End: true,
      },
    });
    expect(need.condition).toEqual({ StringLike: { "s3:prefix": "*" } });
  });

  it("adds no child run permissions to an inline Map", () => {
    const needs = needsOf({
      Each: {
        Type: "Map",
        ItemProcessor: {
          ProcessorConfig: { Mode: "INLINE" },
          StartAt: "Noop",
          States: { Noop: { Type: "Pass", End: true } },
        },
        End: true,
      },
    });
    expect(needs).toEqual([]);
  });

  it("finds nested Tasks by path", () => {
    const put = task("arn:aws:states:::aws-sdk:firehose:putRecordBatch", {
      DeliveryStreamName: "forms-records",
    });
    const needs = needsOf({
      Each: {
        Type: "Map",
        ItemProcessor: {
          ProcessorConfig: { Mode: "INLINE" },
          StartAt: "Inner",
          States: { Inner: put },
        },
        Next: "Both",
      },
      Both: {
        Type: "Parallel",
        Branches: [{ StartAt: "Left", States: { Left: put } }],
        End: true,
      },
    });
    expect(needs.map((need) => need.state)).toEqual([
      "Each/Inner",
      "Both/Left",
    ]);
  });

  it("rejects an integration without an IAM mapping", () => {
    expect(() =>
      needsOf({ Run: task("arn:aws:states:::lambda:invoke", {}) }),
    ).toThrow(
      "State Run uses Resource arn:aws:states:::lambda:invoke, which has no IAM mapping; add its actions to INTEGRATIONS in constructs/workflow-permissions.ts.",
    );
  });

  it("rejects a bucket given as an expression", () => {
    expect(() =>
      needsOf({
        Get: task("arn:aws:states:::aws-sdk:s3:getObject", {
          Bucket: "{% $states.input.bucket %}",
        }),
      }),
    ).toThrow(
      'Arguments.Bucket is "{% $states.input.bucket %}"; the IAM mapping needs a literal value there to scope the permission.',
    );
  });

  it("rejects a copy source without a literal bucket", () => {
    expect(() =>
      needsOf({
        Copy: task("arn:aws:states:::aws-sdk:s3:copyObject", {
          Bucket: "forms-review",
          CopySource: "{% $states.input.source %}",
        }),
      }),
    ).toThrow(
      `Arguments.CopySource is "{% $states.input.source %}"; write the source bucket as literal text followed by '/' so the IAM mapping can scope s3:GetObject.`,
    );
  });
});

describe("SUPPORTED_INTEGRATIONS", () => {
  it("lists the optimized S3 integrations of Distributed Map", () => {
    expect(SUPPORTED_INTEGRATIONS).toEqual(
      expect.arrayContaining([
        "arn:aws:states:::s3:listObjectsV2",
        "arn:aws:states:::s3:putObject",
      ]),
    );
  });
});

describe("permissionStatements", () => {
  const need = (
    actions: string[],
    resources: string[],
    condition?: StatePermission["condition"],
  ): StatePermission => ({
    state: "S",
    resource: "r",
    actions,
    resources,
    condition,
  });

  it("merges needs with one action set into one statement", () => {
    const statements = permissionStatements([
      need(["s3:PutObject", "s3:GetObject"], ["arn:aws:s3:::b/*"]),
      need(["s3:GetObject", "s3:PutObject"], ["arn:aws:s3:::a/*"]),
      need(["s3:GetObject", "s3:PutObject"], ["arn:aws:s3:::a/*"]),
    ]);
    expect(statements).toEqual([
      {
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"],
      },
    ]);
  });

  it("keeps needs with different conditions apart", () => {
    const statements = permissionStatements([
      need(["s3:ListBucket"], ["arn:aws:s3:::a"], {
        StringLike: { "s3:prefix": "in/*" },
      }),
      need(["s3:ListBucket"], ["arn:aws:s3:::a"], {
        StringLike: { "s3:prefix": "out/*" },
      }),
      need(["s3:ListBucket"], ["arn:aws:s3:::b"]),
    ]);
    expect(statements).toEqual([
      {
        Effect: "Allow",
        Action: ["s3:ListBucket"],
        Resource: ["arn:aws:s3:::a"],
        Condition: { StringLike: { "s3:prefix": "in/*" } },
      },
      {
        Effect: "Allow",
        Action: ["s3:ListBucket"],
        Resource: ["arn:aws:s3:::a"],
        Condition: { StringLike: { "s3:prefix": "out/*" } },
      },
      {
        Effect: "Allow",
        Action: ["s3:ListBucket"],
        Resource: ["arn:aws:s3:::b"],
      },
    ]);
  });
});

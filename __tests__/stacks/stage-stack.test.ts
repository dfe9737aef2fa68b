import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3TablesTableBucket } from "@cdktf/provider-aws/lib/s3tables-table-bucket";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { stageNames } from "../../stacks/names";
import type { StageConfigInput } from "../../stacks/stage-config";
import { REVIEW_PREFIXES } from "../../stacks/stage-stack";
import {
  onlyResource,
  resourceNamed,
  rolePolicies,
} from "../support/construct-synth";
import { deployedDefinitionOf, scalarsOf } from "../support/definition-values";
import { stageSettings, synthStageStack } from "../support/stack-synth";
import { resourcesOf, SynthesizedStack } from "../support/synth";

const STAGES = ["staging", "prod"] as const;

// Resource types whose `name` is unique only inside a parent resource, with the attribute
// that refers to that parent.
const SCOPED_NAMES: Readonly<
  Record<string, (resource: Record<string, unknown>) => unknown>
> = {
  aws_cloudwatch_log_stream: (resource) => resource.log_group_name,
  aws_iam_role_policy: (resource) => resource.role,
  aws_sfn_alias: (resource) =>
    (resource.routing_configuration as Record<string, unknown>[])[0]
      .state_machine_version_arn,
};

const REFERENCE = /^\$\{([\w-]+)\.([\w-]+)\.[\w.]+\}$/;

function namesOf(stack: SynthesizedStack, stage: string) {
  return stageNames(stage, {
    accountId: String(providerOf(stack).allowed_account_ids?.[0]),
    region: String(providerOf(stack).region),
  });
}

function providerOf(stack: SynthesizedStack): {
  region?: string;
  allowed_account_ids?: string[];
  default_tags?: { tags: Record<string, string> }[];
  assume_role?: { role_arn: string }[];
} {
  return stack.provider?.aws?.[0] ?? {};
}

function backendOf(stack: SynthesizedStack): Record<string, unknown> {
  const backend = stack.terraform?.backend as
    Record<string, Record<string, unknown>> | undefined;
  return backend?.s3 ?? {};
}

// Returns the `name` of the resource a reference such as `${aws_iam_role.x.id}` points to.
function nameOfReference(stack: SynthesizedStack, reference: unknown): string {
  const match = REFERENCE.exec(String(reference));
  if (!match) {
    throw new Error(`Not a resource reference: ${String(reference)}`);
  }
  return String(stack.resource?.[match[1]]?.[match[2]]?.name);
}

// Every account- or Region-wide name in a stack, as `<type> <name>`. Scoped names are
// qualified by their parent's name, and references to other resources are left out.
function globalNames(stack: SynthesizedStack): string[] {
  const names: string[] = [];
  for (const [type, resources] of Object.entries(stack.resource ?? {})) {
    for (const resource of Object.values(resources)) {
      for (const attribute of ["name", "bucket", "alarm_name"]) {
        const value = resource[attribute];
        if (typeof value !== "string" || value.startsWith("${")) {
          continue;
        }
        const parent = SCOPED_NAMES[type];
        const scope = parent
          ? `${nameOfReference(stack, parent(resource))}/`
          : "";
        names.push(`${type} ${scope}${value}`);
      }
    }
  }
  return names;
}

function scheduleOf(stack: SynthesizedStack): Record<string, unknown> {
  return onlyResource(stack, "aws_scheduler_schedule");
}

function icebergOf(stack: SynthesizedStack): Record<string, unknown> {
  return onlyResource(stack, "aws_kinesis_firehose_delivery_stream")
    .iceberg_configuration as Record<string, unknown>;
}

function definitionNumbers(stack: SynthesizedStack): number[] {
  return scalarsOf(deployedDefinitionOf(stack)).numbers;
}

function definitionStrings(stack: SynthesizedStack): string[] {
  return scalarsOf(deployedDefinitionOf(stack)).strings;
}

describe.each(STAGES)("%s stack", (stage) => {
  const stack = synthStageStack(stageSettings(stage));
  const text = JSON.stringify(stack);
  const names = namesOf(stack, stage);
  const isProd = stage === "prod";

  it("creates the table before the stream that writes to it", () => {
    const [tableStack] = Object.keys(
      resourcesOf(stack, "aws_cloudformation_stack"),
    );
    const [stream] = Object.values(
      resourcesOf(stack, "aws_kinesis_firehose_delivery_stream"),
    );
    expect(stream.depends_on).toContain(
      `aws_cloudformation_stack.${tableStack}`,
    );
  });

  it("creates the alias before the schedule that starts it", () => {
    const [alias] = Object.keys(resourcesOf(stack, "aws_sfn_alias"));
    const [schedule] = Object.values(
      resourcesOf(stack, "aws_scheduler_schedule"),
    );
    expect(schedule.depends_on).toContain(`aws_sfn_alias.${alias}`);
  });

  it("creates versioned input and review buckets", () => {
    for (const bucket of [names.inputBucket, names.reviewBucket]) {
      expect(text).toHaveResourceWithProperties(S3Bucket, { bucket });
    }
    expect(
      Object.values(resourcesOf(stack, "aws_s3_bucket_versioning")),
    ).toHaveLength(2);
  });

  it(`${isProd ? "protects" : "does not protect"} buckets and table`, () => {
    const lifecycle = isProd ? { prevent_destroy: true } : undefined;
    for (const bucket of Object.values(resourcesOf(stack, "aws_s3_bucket"))) {
      expect(bucket.lifecycle).toEqual(lifecycle);
    }
    for (const type of [
      "aws_s3tables_table_bucket",
      "aws_s3tables_namespace",
    ]) {
      expect(onlyResource(stack, type).lifecycle).toEqual(lifecycle);
    }
    expect(
      resourceNamed(
        stack,
        "aws_cloudformation_stack",
        `${names.tableBucket}-${names.table}-table`,
      ).lifecycle,
    ).toEqual(lifecycle);
  });

  it("expires review objects by prefix", () => {
    const configurations = Object.values(
      resourcesOf(stack, "aws_s3_bucket_lifecycle_configuration"),
    );
    const prefixes = configurations.flatMap((configuration) =>
      (configuration.rule as { filter: { prefix: string }[] }[]).map(
        (rule) => rule.filter[0].prefix,
      ),
    );
    for (const prefix of [
      REVIEW_PREFIXES.processed,
      REVIEW_PREFIXES.mapResults,
      REVIEW_PREFIXES.deliveryErrors,
    ]) {
      expect(prefixes).toContain(prefix);
    }
  });

  it("wires Firehose to the table and review bucket", () => {
    expect(text).toHaveResourceWithProperties(S3TablesTableBucket, {
      name: names.tableBucket,
    });
    expect(text).toHaveResourceWithProperties(KinesisFirehoseDeliveryStream, {
      name: names.deliveryStream,
    });
    const iceberg = icebergOf(stack);
    expect(iceberg.destination_table_configuration).toEqual([
      {
        database_name: names.namespace,
        table_name: names.table,
        s3_error_output_prefix: REVIEW_PREFIXES.deliveryErrors,
        unique_keys: ["source_key", "source_etag"],
      },
    ]);
    expect(
      (iceberg.s3_configuration as Record<string, unknown>).bucket_arn,
    ).toBe(`arn:aws:s3:::${names.reviewBucket}`);
  });

  it("schedules the state machine alias", () => {
    const alias = onlyResource(stack, "aws_sfn_alias");
    const target = scheduleOf(stack).target as Record<string, unknown>;
    expect(String(target.arn)).toMatch(
      new RegExp(`:stateMachine:${names.stateMachine}:${alias.name}$`),
    );
  });

  it(`logs ${isProd ? "errors without" : "everything with"} execution data`, () => {
    expect(
      onlyResource(stack, "aws_sfn_state_machine").logging_configuration,
    ).toMatchObject({
      level: isProd ? "ERROR" : "ALL",
      include_execution_data: !isProd,
    });
  });

  it("outputs the names a user of the stage needs", () => {
    expect(stack.output?.input_bucket?.value).toBe(names.inputBucket);
    expect(stack.output?.review_bucket?.value).toBe(names.reviewBucket);
    expect(stack.output?.state_machine_alias_arn?.value).toBe(
      (scheduleOf(stack).target as Record<string, unknown>).arn,
    );
  });
});

describe("staging and prod", () => {
  const [staging, prod] = STAGES.map((stage) =>
    globalNames(synthStageStack(stageSettings(stage))),
  );

  it("name every resource differently", () => {
    expect(staging.length).toBeGreaterThan(20);
    expect(prod.length).toBeGreaterThan(20);
    expect(staging.filter((name) => prod.includes(name))).toEqual([]);
  });

  it("have no duplicate names inside one stack", () => {
    for (const names of [staging, prod]) {
      expect(
        names.filter((name, index) => names.indexOf(name) !== index),
      ).toEqual([]);
    }
  });
});

// Each case changes one setting of staging to a value found nowhere in its output, then
// reads the spot of the synthesized stack the setting must reach.
const SETTING_CASES: readonly {
  readonly field: string;
  readonly change: (raw: StageConfigInput) => StageConfigInput;
  readonly read: (stack: SynthesizedStack) => unknown;
  readonly expected: unknown;
}[] = [
  {
    field: "schedule.expression",
    change: (raw) => ({
      ...raw,
      schedule: { ...raw.schedule, expression: "rate(7 hours)" },
    }),
    read: (stack) => scheduleOf(stack).schedule_expression,
    expected: "rate(7 hours)",
  },
  {
    field: "schedule.timeZone",
    change: (raw) => ({
      ...raw,
      schedule: { ...raw.schedule, timeZone: "America/Halifax" },
    }),
    read: (stack) => scheduleOf(stack).schedule_expression_timezone,
    expected: "America/Halifax",
  },
  {
    field: "inputPrefix (definition)",
    change: (raw) => ({ ...raw, inputPrefix: "scans-2031/" }),
    read: definitionStrings,
    expected: expect.arrayContaining(["scans-2031/"]),
  },
  {
    field: "inputPrefix (list permission)",
    change: (raw) => ({ ...raw, inputPrefix: "scans-2031/" }),
    read: (stack) =>
      rolePolicies(stack, `${namesOf(stack, "staging").stateMachine}-sfn`)
        .permissions.Statement.map((statement) => statement.Condition)
        .filter((condition) => condition !== undefined),
    expected: expect.arrayContaining([
      { StringLike: { "s3:prefix": "scans-2031/*" } },
    ]),
  },
  {
    field: "distributedMap.maxConcurrency",
    change: (raw) => ({
      ...raw,
      distributedMap: { ...raw.distributedMap, maxConcurrency: 7301 },
    }),
    read: definitionNumbers,
    expected: expect.arrayContaining([7301]),
  },
  {
    field: "distributedMap.batchSize",
    change: (raw) => ({
      ...raw,
      distributedMap: { ...raw.distributedMap, batchSize: 487 },
    }),
    read: definitionNumbers,
    expected: expect.arrayContaining([487]),
  },
  {
    field: "distributedMap.toleratedFailurePercentage",
    change: (raw) => ({
      ...raw,
      distributedMap: {
        ...raw.distributedMap,
        toleratedFailurePercentage: 37.5,
      },
    }),
    read: definitionNumbers,
    expected: expect.arrayContaining([37.5]),
  },
  {
    field: "minConfidence",
    change: (raw) => ({ ...raw, minConfidence: 61.25 }),
    read: definitionNumbers,
    expected: expect.arrayContaining([61.25]),
  },
  {
    field: "logRetentionDays",
    change: (raw) => ({ ...raw, logRetentionDays: 545 }),
    read: (stack) =>
      Object.values(resourcesOf(stack, "aws_cloudwatch_log_group")).map(
        (group) => group.retention_in_days,
      ),
    expected: [545, 545],
  },
  {
    field: "firehoseBuffering.sizeMb",
    change: (raw) => ({
      ...raw,
      firehoseBuffering: { ...raw.firehoseBuffering, sizeMb: 77 },
    }),
    read: (stack) => icebergOf(stack).buffering_size,
    expected: 77,
  },
  {
    field: "firehoseBuffering.intervalSeconds",
    change: (raw) => ({
      ...raw,
      firehoseBuffering: { ...raw.firehoseBuffering, intervalSeconds: 444 },
    }),
    read: (stack) => icebergOf(stack).buffering_interval,
    expected: 444,
  },
  {
    field: "alarmEmail",
    change: (raw) => ({ ...raw, alarmEmail: "forms-oncall@example.org" }),
    read: (stack) =>
      Object.values(resourcesOf(stack, "aws_sns_topic_subscription")).map(
        (subscription) => [subscription.protocol, subscription.endpoint],
      ),
    expected: [["email", "forms-oncall@example.org"]],
  },
  {
    field: "tags",
    change: (raw) => ({ ...raw, tags: { team: "forms-intake" } }),
    read: (stack) => providerOf(stack).default_tags?.[0].tags,
    expected: expect.objectContaining({ team: "forms-intake" }),
  },
  {
    field: "accountId (provider)",
    change: (raw) => ({ ...raw, accountId: "222233334444" }),
    read: (stack) => providerOf(stack).allowed_account_ids,
    expected: ["222233334444"],
  },
  {
    field: "accountId (names and ARNs)",
    change: (raw) => ({ ...raw, accountId: "222233334444" }),
    read: (stack) => ({
      logDestination: (
        onlyResource(stack, "aws_sfn_state_machine")
          .logging_configuration as Record<string, unknown>
      ).log_destination,
      buckets: Object.values(resourcesOf(stack, "aws_s3_bucket")).map(
        (bucket) => bucket.bucket,
      ),
    }),
    expected: {
      logDestination: expect.stringContaining(":222233334444:log-group:"),
      buckets: [
        expect.stringContaining("-222233334444-"),
        expect.stringContaining("-222233334444-"),
      ],
    },
  },
  {
    field: "region (provider)",
    change: (raw) => ({ ...raw, region: "eu-north-1" }),
    read: (stack) => [providerOf(stack).region, backendOf(stack).region],
    expected: ["eu-north-1", "eu-north-1"],
  },
  {
    field: "region (names and ARNs)",
    change: (raw) => ({ ...raw, region: "eu-north-1" }),
    read: (stack) => (scheduleOf(stack).target as Record<string, unknown>).arn,
    expected: expect.stringContaining("arn:aws:states:eu-north-1:"),
  },
  {
    field: "deployRoleArn",
    change: (raw) => ({
      ...raw,
      deployRoleArn: "arn:aws:iam::111111111111:role/forms-staging-deploy",
    }),
    read: (stack) => [
      providerOf(stack).assume_role?.[0].role_arn,
      (backendOf(stack).assume_role as Record<string, unknown> | undefined)
        ?.role_arn,
    ],
    expected: [
      "arn:aws:iam::111111111111:role/forms-staging-deploy",
      "arn:aws:iam::111111111111:role/forms-staging-deploy",
    ],
  },
  {
    field: "preventDestroy",
    change: (raw) => ({ ...raw, preventDestroy: true }),
    read: (stack) =>
      Object.values(resourcesOf(stack, "aws_s3_bucket")).map(
        (bucket) => bucket.lifecycle,
      ),
    expected: [{ prevent_destroy: true }, { prevent_destroy: true }],
  },
  {
    field: "executionLogging",
    change: (raw) => ({
      ...raw,
      executionLogging: { level: "FATAL", includeExecutionData: false },
    }),
    read: (stack) =>
      Object.values(resourcesOf(stack, "aws_sfn_state_machine")).map(
        (machine) => machine.logging_configuration,
      ),
    expected: [
      expect.objectContaining({
        level: "FATAL",
        include_execution_data: false,
      }),
    ],
  },
  {
    field: "stateBucket",
    change: (raw) => ({ ...raw, stateBucket: "forms-state-example" }),
    read: (stack) => backendOf(stack).bucket,
    expected: "forms-state-example",
  },
  {
    field: "stateKeyPrefix",
    change: (raw) => ({ ...raw, stateKeyPrefix: "teams/forms" }),
    read: (stack) => backendOf(stack).key,
    expected: "teams/forms/staging.tfstate",
  },
];

describe("stage settings", () => {
  const baseline = synthStageStack(stageSettings("staging"));

  it.each(SETTING_CASES)(
    "$field reaches the synthesized stack",
    ({ change, read, expected }) => {
      expect(read(baseline)).not.toEqual(expected);
      expect(read(synthStageStack(change(stageSettings("staging"))))).toEqual(
        expected,
      );
    },
  );
});

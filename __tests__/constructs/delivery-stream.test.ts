import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogStream } from "@cdktf/provider-aws/lib/cloudwatch-log-stream";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import type { Construct } from "constructs";
import {
  IcebergDeliveryStream,
  IcebergDeliveryStreamProps,
} from "../../constructs/delivery-stream";
import {
  addressOf,
  onlyResource,
  referenceTo,
  rolePolicies,
  statementWithSid,
  synthConstructs,
  TEST_PLACE,
} from "../support/construct-synth";

const STREAM_ARN =
  "arn:aws:firehose:eu-central-1:123456789012:deliverystream/forms-records";
const GLUE = "arn:aws:glue:eu-central-1:123456789012";
const TABLE_BUCKET_ARN =
  "arn:aws:s3tables:eu-central-1:123456789012:bucket/forms-tables";
const ERROR_BUCKET = "forms-review-123456789012-eu-central-1";

const PROPS: IcebergDeliveryStreamProps = {
  place: TEST_PLACE,
  streamName: "forms-records",
  tableBucketName: "forms-tables",
  namespace: "customer_forms",
  tableName: "customers",
  errorBucketName: ERROR_BUCKET,
  errorPrefix: "delivery-errors/",
  bufferingSizeMb: 16,
  bufferingIntervalSeconds: 120,
  logRetentionDays: 30,
};

function build(props: Partial<IcebergDeliveryStreamProps> = {}) {
  return (scope: Construct) => {
    new IcebergDeliveryStream(scope, "stream", { ...PROPS, ...props });
  };
}

function icebergConfiguration(props: Partial<IcebergDeliveryStreamProps> = {}) {
  const { stack } = synthConstructs(build(props));
  const stream = onlyResource(stack, "aws_kinesis_firehose_delivery_stream");
  return {
    stack,
    iceberg: stream.iceberg_configuration as Record<string, unknown>,
  };
}

function tableConfiguration(
  iceberg: Record<string, unknown>,
): Record<string, unknown> {
  return (
    iceberg.destination_table_configuration as Record<string, unknown>[]
  )[0];
}

function roleOf() {
  return rolePolicies(synthConstructs(build()).stack, "forms-records-firehose");
}

describe("IcebergDeliveryStream", () => {
  it("appends records when no unique keys are set", () => {
    const { iceberg } = icebergConfiguration();
    expect(iceberg.processing_configuration).toBeUndefined();
    expect(tableConfiguration(iceberg).unique_keys).toBeUndefined();
  });

  it("updates rows by their unique keys", () => {
    const { iceberg } = icebergConfiguration({
      uniqueKeys: ["source_key", "source_etag"],
    });
    expect(tableConfiguration(iceberg).unique_keys).toEqual([
      "source_key",
      "source_etag",
    ]);
    expect(iceberg.processing_configuration).toEqual({
      enabled: true,
      processors: [
        {
          type: "MetadataExtraction",
          parameters: [
            {
              parameter_name: "MetadataExtractionQuery",
              parameter_value: `{destinationDatabaseName: "${PROPS.namespace}", destinationTableName: "${PROPS.tableName}", operation: "update"}`,
            },
            { parameter_name: "JsonParsingEngine", parameter_value: "JQ-1.6" },
          ],
        },
      ],
    });
  });

  it("rejects an empty list of unique keys", () => {
    expect(() => synthConstructs(build({ uniqueKeys: [] }))).toThrow(
      "Invalid uniqueKeys []: the list is empty; name at least one column, or leave uniqueKeys out to append records.",
    );
  });

  it("logs delivery errors to its own log group and stream", () => {
    const { text, stack } = synthConstructs(build());
    expect(text).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "/aws/kinesisfirehose/forms-records",
      retention_in_days: 30,
    });
    expect(text).toHaveResourceWithProperties(CloudwatchLogStream, {
      name: "DestinationDelivery",
      log_group_name: referenceTo(stack, "aws_cloudwatch_log_group", "name"),
    });
  });

  it("creates an Iceberg stream after the role policy", () => {
    const { text, stack } = synthConstructs(build());
    expect(text).toHaveResourceWithProperties(KinesisFirehoseDeliveryStream, {
      name: "forms-records",
      destination: "iceberg",
    });
    expect(
      onlyResource(stack, "aws_kinesis_firehose_delivery_stream").depends_on,
    ).toEqual([addressOf(stack, "aws_iam_role_policy")]);
  });

  it("writes through the s3tablescatalog catalog of the bucket", () => {
    const { stack, iceberg } = icebergConfiguration();
    expect(iceberg.catalog_arn).toBe(
      `${GLUE}:catalog/s3tablescatalog/forms-tables`,
    );
    expect(iceberg.role_arn).toBe(referenceTo(stack, "aws_iam_role", "arn"));
    expect(iceberg.destination_table_configuration).toEqual([
      {
        database_name: "customer_forms",
        table_name: "customers",
        s3_error_output_prefix: "delivery-errors/",
      },
    ]);
  });

  it("buffers, retries and backs up failed records only", () => {
    const { iceberg } = icebergConfiguration();
    expect(iceberg.buffering_size).toBe(16);
    expect(iceberg.buffering_interval).toBe(120);
    expect(iceberg.retry_duration).toBe(300);
    expect(iceberg.s3_backup_mode).toBe("FailedDataOnly");
  });

  it("puts undeliverable records under the error prefix", () => {
    const { stack, iceberg } = icebergConfiguration();
    expect(iceberg.s3_configuration).toEqual({
      role_arn: referenceTo(stack, "aws_iam_role", "arn"),
      bucket_arn: `arn:aws:s3:::${ERROR_BUCKET}`,
      error_output_prefix: "delivery-errors/!{firehose:error-output-type}/",
      compression_format: "GZIP",
    });
  });

  it("points stream logging at that log stream", () => {
    const { stack, iceberg } = icebergConfiguration();
    expect(iceberg.cloudwatch_logging_options).toEqual({
      enabled: true,
      log_group_name: referenceTo(stack, "aws_cloudwatch_log_group", "name"),
      log_stream_name: referenceTo(stack, "aws_cloudwatch_log_stream", "name"),
    });
  });

  it("exposes the stream ARN known at synth time", () => {
    let stream: IcebergDeliveryStream | undefined;
    synthConstructs((scope) => {
      stream = new IcebergDeliveryStream(scope, "stream", PROPS);
    });
    expect(stream?.streamArn).toBe(STREAM_ARN);
  });

  it("trusts Firehose with the account as external ID", () => {
    const { trust } = roleOf();
    expect(trust.Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "firehose.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalId": "123456789012" } },
      },
    ]);
  });

  it("grants Glue metadata access down to the table", () => {
    const { permissions } = roleOf();
    const statement = statementWithSid(
      permissions,
      "ReadAndCommitTableMetadataThroughGlue",
    );
    expect(statement.Effect).toBe("Allow");
    expect(statement.Action).toEqual([
      "glue:GetDatabase",
      "glue:GetTable",
      "glue:UpdateTable",
    ]);
    expect(statement.Resource).toEqual([
      `${GLUE}:catalog`,
      `${GLUE}:catalog/s3tablescatalog`,
      `${GLUE}:catalog/s3tablescatalog/forms-tables`,
      `${GLUE}:database/s3tablescatalog/forms-tables/customer_forms`,
      `${GLUE}:table/s3tablescatalog/forms-tables/customer_forms/customers`,
    ]);
  });

  it("grants table data access in the table bucket only", () => {
    const { permissions } = roleOf();
    const statement = statementWithSid(permissions, "WriteTableData");
    expect(statement.Action).toEqual(
      expect.arrayContaining([
        "s3tables:GetTableMetadataLocation",
        "s3tables:UpdateTableMetadataLocation",
        "s3tables:GetTableData",
        "s3tables:PutTableData",
      ]),
    );
    expect(statement.Resource).toEqual([
      TABLE_BUCKET_ARN,
      `${TABLE_BUCKET_ARN}/table/*`,
    ]);
  });

  it("grants S3 writes under the error prefix only", () => {
    const { permissions } = roleOf();
    const statement = statementWithSid(permissions, "WriteUndeliveredRecords");
    expect(statement.Action).toEqual(
      expect.arrayContaining(["s3:PutObject", "s3:AbortMultipartUpload"]),
    );
    expect(statement.Resource).toEqual([
      `arn:aws:s3:::${ERROR_BUCKET}`,
      `arn:aws:s3:::${ERROR_BUCKET}/delivery-errors/*`,
    ]);
  });

  it("grants log writes to the stream's log group only", () => {
    const { permissions } = roleOf();
    const statement = statementWithSid(permissions, "LogDeliveryErrors");
    expect(statement.Action).toEqual(["logs:PutLogEvents"]);
    expect(statement.Resource).toEqual([
      "arn:aws:logs:eu-central-1:123456789012:log-group:/aws/kinesisfirehose/forms-records:log-stream:*",
    ]);
  });

  it.each([
    [1, 0],
    [128, 900],
  ])("accepts a buffer of %s MiB and %s seconds", (size, interval) => {
    const { iceberg } = icebergConfiguration({
      bufferingSizeMb: size,
      bufferingIntervalSeconds: interval,
    });
    expect(iceberg.buffering_size).toBe(size);
    expect(iceberg.buffering_interval).toBe(interval);
  });

  it.each(["forms records", "f".repeat(56), ""])(
    "rejects the stream name %j",
    (streamName) => {
      expect(() => synthConstructs(build({ streamName }))).toThrow(
        `Invalid streamName "${streamName}": expected 1 to 55 letters, digits, underscores, dots or hyphens (the role name adds 9).`,
      );
    },
  );

  it.each(["delivery-errors", "delivery errors/"])(
    "rejects the error prefix %j",
    (errorPrefix) => {
      expect(() => synthConstructs(build({ errorPrefix }))).toThrow(
        `Invalid errorPrefix "${errorPrefix}": expected a key prefix that ends in '/'.`,
      );
    },
  );

  it.each([0, 129, 2.5])("rejects a buffer of %s MiB", (bufferingSizeMb) => {
    expect(() => synthConstructs(build({ bufferingSizeMb }))).toThrow(
      `Invalid bufferingSizeMb ${bufferingSizeMb}: expected a whole number of MiB from 1 to 128.`,
    );
  });

  it.each([-1, 901])(
    "rejects a buffer interval of %s seconds",
    (bufferingIntervalSeconds) => {
      expect(() =>
        synthConstructs(build({ bufferingIntervalSeconds })),
      ).toThrow(
        `Invalid bufferingIntervalSeconds ${bufferingIntervalSeconds}: expected a whole number of seconds from 0 to 900.`,
      );
    },
  );
});

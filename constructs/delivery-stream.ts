import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogStream } from "@cdktf/provider-aws/lib/cloudwatch-log-stream";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { arn, Place } from "../stacks/names";
import { externalIdTrustPolicy } from "./policy";
import { ServiceRole } from "./service-role";
import { requireMatch, requireWholeNumber } from "./validation";

/** Properties of an IcebergDeliveryStream. */
export interface IcebergDeliveryStreamProps {
  /** Account and Region of the stream. */
  readonly place: Place;
  /** Stream name, also the base of its role and log group names. */
  readonly streamName: string;
  /** Table bucket that contains the table. */
  readonly tableBucketName: string;
  /** Namespace of the table: the Glue database name. */
  readonly namespace: string;
  /** Table the records go to. */
  readonly tableName: string;
  /** Bucket that receives the records Firehose cannot deliver. */
  readonly errorBucketName: string;
  /** Key prefix for those records, ending in '/'. */
  readonly errorPrefix: string;
  /** Buffer size in MiB, 1 to 128. */
  readonly bufferingSizeMb: number;
  /** Buffer interval in seconds, 0 to 900. */
  readonly bufferingIntervalSeconds: number;
  /** Days to keep the stream's error log. */
  readonly logRetentionDays: number;
  /**
   * Columns that identify a record. Firehose then writes every record as an update, so a
   * record whose keys match a row replaces it instead of adding a second row.
   * @default - records are appended as inserts
   */
  readonly uniqueKeys?: readonly string[];
}

/**
 * An Amazon Data Firehose stream with an Apache Iceberg destination that writes into an
 * S3 Tables table through the `s3tablescatalog` federated catalog, in IAM access-control
 * mode, with undeliverable records in an S3 error prefix and errors logged to CloudWatch.
 */
export class IcebergDeliveryStream extends Construct {
  /** The stream. */
  readonly stream: KinesisFirehoseDeliveryStream;
  /** The stream's ARN, known at synth time. */
  readonly streamArn: string;
  /** The role Firehose assumes to write. */
  readonly role: ServiceRole;
  /** The log group of delivery errors. */
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: IcebergDeliveryStreamProps) {
    super(scope, id);
    validateProps(props);
    this.streamArn = arn.deliveryStream(props.place, props.streamName);
    const logGroupName = `/aws/kinesisfirehose/${props.streamName}`;

    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: logGroupName,
      retentionInDays: props.logRetentionDays,
    });
    const logStream = new CloudwatchLogStream(this, "log-stream", {
      name: "DestinationDelivery",
      logGroupName: this.logGroup.name,
    });

    this.role = new ServiceRole(this, "role", {
      roleName: `${props.streamName}-firehose`,
      description: `Firehose writes ${props.namespace}.${props.tableName} in ${props.tableBucketName}`,
      assumeRolePolicy: externalIdTrustPolicy(
        "firehose.amazonaws.com",
        props.place.accountId,
      ),
      statements: deliveryStatements(props, logGroupName),
    });

    const catalogArn = arn.glue(
      props.place,
      `catalog/s3tablescatalog/${props.tableBucketName}`,
    );
    const logging = {
      enabled: true,
      logGroupName: this.logGroup.name,
      logStreamName: logStream.name,
    };
    this.stream = new KinesisFirehoseDeliveryStream(this, "stream", {
      name: props.streamName,
      destination: "iceberg",
      icebergConfiguration: {
        roleArn: this.role.role.arn,
        catalogArn,
        bufferingSize: props.bufferingSizeMb,
        bufferingInterval: props.bufferingIntervalSeconds,
        // Only FailedDataOnly is supported for Iceberg (Firehose API reference).
        s3BackupMode: "FailedDataOnly",
        retryDuration: 300,
        destinationTableConfiguration: [
          {
            databaseName: props.namespace,
            tableName: props.tableName,
            s3ErrorOutputPrefix: props.errorPrefix,
            uniqueKeys: props.uniqueKeys ? [...props.uniqueKeys] : undefined,
          },
        ],
        processingConfiguration: props.uniqueKeys
          ? updateOperation(props.namespace, props.tableName)
          : undefined,
        s3Configuration: {
          roleArn: this.role.role.arn,
          bucketArn: arn.s3Bucket(props.errorBucketName),
          errorOutputPrefix: `${props.errorPrefix}!{firehose:error-output-type}/`,
          compressionFormat: "GZIP",
        },
        cloudwatchLoggingOptions: logging,
      },
      dependsOn: [this.role.policy],
    });
  }
}

function deliveryStatements(
  props: IcebergDeliveryStreamProps,
  logGroupName: string,
) {
  const { place } = props;
  const tableBucketArn = arn.tableBucket(place, props.tableBucketName);
  const catalog = `s3tablescatalog/${props.tableBucketName}`;
  return [
    {
      Sid: "ReadAndCommitTableMetadataThroughGlue",
      Effect: "Allow" as const,
      Action: ["glue:GetDatabase", "glue:GetTable", "glue:UpdateTable"],
      Resource: [
        arn.glue(place, "catalog"),
        arn.glue(place, "catalog/s3tablescatalog"),
        arn.glue(place, `catalog/${catalog}`),
        arn.glue(place, `database/${catalog}/${props.namespace}`),
        arn.glue(
          place,
          `table/${catalog}/${props.namespace}/${props.tableName}`,
        ),
      ],
    },
    {
      // IAM access-control mode: Firehose reaches the table with its own S3 Tables permissions
      // (Glue developer guide, S3 Tables catalog prerequisites).
      Sid: "WriteTableData",
      Effect: "Allow" as const,
      Action: [
        "s3tables:GetTableBucket",
        "s3tables:GetNamespace",
        "s3tables:GetTable",
        "s3tables:GetTableMetadataLocation",
        "s3tables:UpdateTableMetadataLocation",
        "s3tables:GetTableData",
        "s3tables:PutTableData",
      ],
      Resource: [tableBucketArn, `${tableBucketArn}/table/*`],
    },
    {
      // The table buckets' location is registered with Lake Formation (hybrid access), and
      // the Firehose guide for S3 Tables lists this action for the stream's role. It
      // supports no resource types (Service Authorization Reference).
      Sid: "GetDataAccessThroughLakeFormation",
      Effect: "Allow" as const,
      Action: ["lakeformation:GetDataAccess"],
      Resource: "*",
    },
    {
      Sid: "WriteUndeliveredRecords",
      Effect: "Allow" as const,
      Action: [
        "s3:AbortMultipartUpload",
        "s3:GetBucketLocation",
        "s3:GetObject",
        "s3:ListBucket",
        "s3:ListBucketMultipartUploads",
        "s3:PutObject",
      ],
      Resource: [
        arn.s3Bucket(props.errorBucketName),
        arn.s3Objects(props.errorBucketName, `${props.errorPrefix}*`),
      ],
    },
    {
      Sid: "LogDeliveryErrors",
      Effect: "Allow" as const,
      Action: ["logs:PutLogEvents"],
      Resource: [`${arn.logGroup(place, logGroupName)}:log-stream:*`],
    },
  ];
}

/**
 * Builds the processing that gives every record the operation "update". A single-table
 * stream inserts unless a JSONQuery expression or Lambda function supplies the operation,
 * and an update on the unique keys replaces the matching row (Firehose developer guide,
 * routing incoming records to Iceberg tables).
 */
function updateOperation(namespace: string, tableName: string) {
  const query = `{destinationDatabaseName: ${JSON.stringify(namespace)}, destinationTableName: ${JSON.stringify(tableName)}, operation: "update"}`;
  return {
    enabled: true,
    processors: [
      {
        type: "MetadataExtraction",
        parameters: [
          { parameterName: "MetadataExtractionQuery", parameterValue: query },
          { parameterName: "JsonParsingEngine", parameterValue: "JQ-1.6" },
        ],
      },
    ],
  };
}

function validateProps(props: IcebergDeliveryStreamProps): void {
  requireMatch(
    "streamName",
    props.streamName,
    // The role is named `<stream>-firehose`, and role names end at 64 characters.
    /^[a-zA-Z0-9_.-]{1,55}$/,
    "1 to 55 letters, digits, underscores, dots or hyphens (the role name adds 9)",
  );
  requireMatch(
    "errorPrefix",
    props.errorPrefix,
    /^[a-zA-Z0-9!_.*'()/-]*\/$/,
    "a key prefix that ends in '/'",
  );
  if (props.uniqueKeys !== undefined && props.uniqueKeys.length === 0) {
    throw new Error(
      "Invalid uniqueKeys []: the list is empty; name at least one column, or leave uniqueKeys out to append records.",
    );
  }
  requireWholeNumber("bufferingSizeMb", props.bufferingSizeMb, 1, 128, "MiB");
  requireWholeNumber(
    "bufferingIntervalSeconds",
    props.bufferingIntervalSeconds,
    0,
    900,
    "seconds",
  );
}

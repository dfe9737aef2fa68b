import { Construct } from "constructs";
import { CloudformationStack } from "@cdktf/provider-aws/lib/cloudformation-stack";
import { S3TablesNamespace } from "@cdktf/provider-aws/lib/s3tables-namespace";
import { S3TablesTableBucket } from "@cdktf/provider-aws/lib/s3tables-table-bucket";
import { arn, Place } from "../stacks/names";

/** A column of the Iceberg table. */
export interface TableColumn {
  /** Lowercase column name: S3 Tables hides tables with uppercase names from Glue and Athena. */
  readonly name: string;
  /** Iceberg primitive type. */
  readonly type:
    "string" | "date" | "timestamp" | "double" | "int" | "long" | "boolean";
  /** Whether a row must have a value. @default false */
  readonly required?: boolean;
}

/** Properties of a FormsTable. */
export interface FormsTableProps {
  /** Account and Region of the table bucket. */
  readonly place: Place;
  /** Table bucket name, unique in the account and Region. */
  readonly tableBucketName: string;
  /** Namespace name: the Glue database name Firehose and Athena use. */
  readonly namespace: string;
  /** Table name. */
  readonly tableName: string;
  /** Columns of the table. */
  readonly columns: readonly TableColumn[];
  /** Make Terraform refuse to plan the deletion of the bucket and table. @default false */
  readonly preventDestroy?: boolean;
}

// Table bucket names: 3 to 63 lowercase letters, digits and hyphens; namespace, table and
// column names: lowercase letters, digits and underscores (S3 Tables naming rules).
const TABLE_BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const LOWERCASE_NAME = /^[a-z0-9]([a-z0-9_]{0,253}[a-z0-9])?$/;

/**
 * An S3 Tables table bucket, a namespace and an Iceberg table with an explicit schema and
 * explicit maintenance settings.
 *
 * The table is declared as an `AWS::S3Tables::Table` in a CloudFormation stack because
 * `aws_s3tables_table` in hashicorp/aws 5.100 has no schema argument (it came in 6.2).
 */
export class FormsTable extends Construct {
  /** The table bucket. */
  readonly tableBucket: S3TablesTableBucket;
  /** The table bucket's ARN, known at synth time. */
  readonly tableBucketArn: string;
  /** The namespace. */
  readonly namespace: S3TablesNamespace;
  /** The CloudFormation stack that contains the table. */
  readonly tableStack: CloudformationStack;
  /** Glue catalog ARN of the table bucket in the `s3tablescatalog` federated catalog. */
  readonly catalogArn: string;

  constructor(scope: Construct, id: string, props: FormsTableProps) {
    super(scope, id);
    validateProps(props);
    this.tableBucketArn = arn.tableBucket(props.place, props.tableBucketName);
    this.catalogArn = arn.glue(
      props.place,
      `catalog/s3tablescatalog/${props.tableBucketName}`,
    );
    const lifecycle = props.preventDestroy
      ? { preventDestroy: true }
      : undefined;

    this.tableBucket = new S3TablesTableBucket(this, "table-bucket", {
      name: props.tableBucketName,
      encryptionConfiguration: { sseAlgorithm: "AES256" },
      // Unreferenced file removal, written out so the plan shows the values to a reviewer
      // (S3 Tables defaults: 3 and 10 days).
      maintenanceConfiguration: {
        icebergUnreferencedFileRemoval: {
          status: "enabled",
          settings: { unreferencedDays: 3, nonCurrentDays: 10 },
        },
      },
      lifecycle,
    });
    // The provider's object type needs kms_key_arn present, even as null, for SSE-S3.
    this.tableBucket.addOverride("encryption_configuration.kms_key_arn", null);

    this.namespace = new S3TablesNamespace(this, "namespace", {
      namespace: props.namespace,
      tableBucketArn: this.tableBucket.arn,
      lifecycle,
    });

    this.tableStack = new CloudformationStack(this, "table", {
      name: tableStackName(props),
      templateBody: JSON.stringify(tableTemplate(props, this.tableBucketArn)),
      onFailure: "ROLLBACK",
      dependsOn: [this.namespace],
      lifecycle,
    });
  }
}

/** Builds the CloudFormation template that declares the Iceberg table. */
export function tableTemplate(
  props: FormsTableProps,
  tableBucketArn: string,
): object {
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: `Iceberg table ${props.namespace}.${props.tableName} in table bucket ${props.tableBucketName}`,
    Resources: {
      Table: {
        Type: "AWS::S3Tables::Table",
        // Keep the table and its data if the stack or this resource is ever removed.
        DeletionPolicy: "Retain",
        UpdateReplacePolicy: "Retain",
        Properties: {
          TableBucketARN: tableBucketArn,
          Namespace: props.namespace,
          TableName: props.tableName,
          OpenTableFormat: "ICEBERG",
          IcebergMetadata: {
            IcebergSchema: {
              SchemaFieldList: props.columns.map((column) => ({
                Name: column.name,
                Type: column.type,
                Required: column.required ?? false,
              })),
            },
          },
          // Maintenance written out with the S3 Tables defaults, so a change is a visible diff.
          Compaction: { Status: "enabled", TargetFileSizeMB: 512 },
          SnapshotManagement: {
            Status: "enabled",
            MinSnapshotsToKeep: 1,
            MaxSnapshotAgeHours: 120,
          },
        },
      },
    },
    Outputs: { TableArn: { Value: { Ref: "Table" } } },
  };
}

/**
 * Builds the name of the table's CloudFormation stack: letters, digits and hyphens,
 * starting with a letter, at most 128 characters.
 */
export function tableStackName(props: FormsTableProps): string {
  const name = `${props.tableBucketName}-${props.tableName.replace(/_/g, "-")}-table`;
  if (!/^[a-zA-Z][a-zA-Z0-9-]{0,127}$/.test(name)) {
    throw new Error(
      `Invalid tableBucketName "${props.tableBucketName}" with tableName "${props.tableName}": the table's CloudFormation stack would be named "${name}", which must start with a letter and have at most 128 characters; shorten the names or start the bucket name with a letter.`,
    );
  }
  return name;
}

function validateProps(props: FormsTableProps): void {
  if (!TABLE_BUCKET_NAME.test(props.tableBucketName)) {
    throw new Error(
      `Invalid tableBucketName "${props.tableBucketName}": expected 3 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit.`,
    );
  }
  for (const [field, value] of [
    ["namespace", props.namespace],
    ["tableName", props.tableName],
  ] as const) {
    if (!LOWERCASE_NAME.test(value)) {
      throw new Error(
        `Invalid ${field} "${value}": expected lowercase letters, digits and underscores, starting and ending with a letter or digit.`,
      );
    }
  }
  if (props.columns.length === 0) {
    throw new Error(
      `Invalid columns for table ${props.tableName}: the list is empty; give the table at least one column.`,
    );
  }
  const seen = new Set<string>();
  for (const column of props.columns) {
    if (!LOWERCASE_NAME.test(column.name)) {
      throw new Error(
        `Invalid column name "${column.name}" in table ${props.tableName}: expected lowercase letters, digits and underscores; Glue and Athena do not show tables with uppercase column names.`,
      );
    }
    if (seen.has(column.name)) {
      throw new Error(
        `Invalid columns for table ${props.tableName}: "${column.name}" appears twice; give each column a unique name.`,
      );
    }
    seen.add(column.name);
  }
  tableStackName(props);
}

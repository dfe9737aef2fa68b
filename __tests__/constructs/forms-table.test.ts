import { CloudformationStack } from "@cdktf/provider-aws/lib/cloudformation-stack";
import { S3TablesNamespace } from "@cdktf/provider-aws/lib/s3tables-namespace";
import { S3TablesTableBucket } from "@cdktf/provider-aws/lib/s3tables-table-bucket";
import type { Construct } from "constructs";
import {
  FormsTable,
  FormsTableProps,
  TableColumn,
  tableTemplate,
} from "../../constructs/forms-table";
import {
  addressOf,
  onlyResource,
  referenceTo,
  synthConstructs,
  TEST_PLACE,
} from "../support/construct-synth";
import type { SynthesizedStack } from "../support/synth";

const TABLE_BUCKET_ARN =
  "arn:aws:s3tables:eu-central-1:123456789012:bucket/forms-staging";

const COLUMNS: readonly TableColumn[] = [
  { name: "full_name", type: "string" },
  { name: "processed_date", type: "date", required: true },
];

const PROPS: FormsTableProps = {
  place: TEST_PLACE,
  tableBucketName: "forms-staging",
  namespace: "customer_forms",
  tableName: "customer_rows",
  columns: COLUMNS,
};

function build(props: Partial<FormsTableProps> = {}) {
  return (scope: Construct) => {
    new FormsTable(scope, "table", { ...PROPS, ...props });
  };
}

function templateOf(stack: SynthesizedStack) {
  const body = onlyResource(stack, "aws_cloudformation_stack").template_body;
  return JSON.parse(String(body));
}

describe("FormsTable", () => {
  it("creates the table bucket with SSE-S3 and explicit maintenance", () => {
    const { text } = synthConstructs(build());
    expect(text).toHaveResourceWithProperties(S3TablesTableBucket, {
      name: "forms-staging",
      encryption_configuration: { sse_algorithm: "AES256", kms_key_arn: null },
      maintenance_configuration: {
        iceberg_unreferenced_file_removal: {
          status: "enabled",
          settings: { unreferenced_days: 3, non_current_days: 10 },
        },
      },
    });
  });

  it("creates the namespace in the table bucket", () => {
    const { text, stack } = synthConstructs(build());
    expect(text).toHaveResourceWithProperties(S3TablesNamespace, {
      namespace: "customer_forms",
      table_bucket_arn: referenceTo(stack, "aws_s3tables_table_bucket", "arn"),
    });
  });

  it("declares the table in a stack created after the namespace", () => {
    const { text, stack } = synthConstructs(build());
    expect(text).toHaveResourceWithProperties(CloudformationStack, {
      name: "forms-staging-customer-rows-table",
      on_failure: "ROLLBACK",
    });
    expect(onlyResource(stack, "aws_cloudformation_stack").depends_on).toEqual([
      addressOf(stack, "aws_s3tables_namespace"),
    ]);
  });

  it("keeps the table when the stack or resource goes away", () => {
    const { stack } = synthConstructs(build());
    const table = templateOf(stack).Resources.Table;
    expect(table.Type).toBe("AWS::S3Tables::Table");
    expect(table.DeletionPolicy).toBe("Retain");
    expect(table.UpdateReplacePolicy).toBe("Retain");
  });

  it("declares an Iceberg table with the columns in order", () => {
    const { stack } = synthConstructs(build());
    const properties = templateOf(stack).Resources.Table.Properties;
    expect(properties.TableBucketARN).toBe(TABLE_BUCKET_ARN);
    expect(properties.Namespace).toBe("customer_forms");
    expect(properties.TableName).toBe("customer_rows");
    expect(properties.OpenTableFormat).toBe("ICEBERG");
    expect(properties.IcebergMetadata.IcebergSchema.SchemaFieldList).toEqual([
      { Name: "full_name", Type: "string", Required: false },
      { Name: "processed_date", Type: "date", Required: true },
    ]);
  });

  it("writes compaction and snapshot settings out", () => {
    const template = tableTemplate(PROPS, TABLE_BUCKET_ARN) as {
      Resources: { Table: { Properties: Record<string, unknown> } };
    };
    const properties = template.Resources.Table.Properties;
    expect(properties.Compaction).toEqual({
      Status: "enabled",
      TargetFileSizeMB: 512,
    });
    expect(properties.SnapshotManagement).toEqual({
      Status: "enabled",
      MinSnapshotsToKeep: 1,
      MaxSnapshotAgeHours: 120,
    });
  });

  it("outputs the table ARN from the stack", () => {
    const { stack } = synthConstructs(build());
    expect(templateOf(stack).Outputs).toEqual({
      TableArn: { Value: { Ref: "Table" } },
    });
  });

  it("exposes the bucket and catalog ARNs known at synth time", () => {
    let table: FormsTable | undefined;
    synthConstructs((scope) => {
      table = new FormsTable(scope, "table", PROPS);
    });
    expect(table?.tableBucketArn).toBe(TABLE_BUCKET_ARN);
    expect(table?.catalogArn).toBe(
      "arn:aws:glue:eu-central-1:123456789012:catalog/s3tablescatalog/forms-staging",
    );
  });

  it("leaves out prevent_destroy by default", () => {
    const { stack } = synthConstructs(build());
    for (const type of [
      "aws_s3tables_table_bucket",
      "aws_s3tables_namespace",
      "aws_cloudformation_stack",
    ]) {
      expect(onlyResource(stack, type).lifecycle).toBe(undefined);
    }
  });

  it("sets prevent_destroy on bucket, namespace and table stack", () => {
    const { stack } = synthConstructs(build({ preventDestroy: true }));
    for (const type of [
      "aws_s3tables_table_bucket",
      "aws_s3tables_namespace",
      "aws_cloudformation_stack",
    ]) {
      expect(onlyResource(stack, type).lifecycle).toEqual({
        prevent_destroy: true,
      });
    }
  });

  it.each(["Forms-Staging", "forms_staging", "ab", "forms-staging-"])(
    "rejects the table bucket name %s",
    (tableBucketName) => {
      expect(() => synthConstructs(build({ tableBucketName }))).toThrow(
        `Invalid tableBucketName "${tableBucketName}": expected 3 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit.`,
      );
    },
  );

  it.each([
    ["namespace", "Customer_Forms"],
    ["namespace", "customer-forms"],
    ["tableName", "customers_"],
    ["tableName", "_customers"],
  ] as const)("rejects the %s %s", (field, value) => {
    expect(() => synthConstructs(build({ [field]: value }))).toThrow(
      `Invalid ${field} "${value}": expected lowercase letters, digits and underscores, starting and ending with a letter or digit.`,
    );
  });

  it("rejects an empty column list", () => {
    expect(() => synthConstructs(build({ columns: [] }))).toThrow(
      "Invalid columns for table customer_rows: the list is empty; give the table at least one column.",
    );
  });

  it("rejects an uppercase column name", () => {
    const columns: TableColumn[] = [{ name: "fullName", type: "string" }];
    expect(() => synthConstructs(build({ columns }))).toThrow(
      'Invalid column name "fullName" in table customer_rows: expected lowercase letters, digits and underscores; Glue and Athena do not show tables with uppercase column names.',
    );
  });

  it("rejects a column that appears twice", () => {
    const columns: TableColumn[] = [
      { name: "email", type: "string" },
      { name: "email", type: "string", required: true },
    ];
    expect(() => synthConstructs(build({ columns }))).toThrow(
      'Invalid columns for table customer_rows: "email" appears twice; give each column a unique name.',
    );
  });
});

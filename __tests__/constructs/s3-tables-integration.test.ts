import { CloudformationStack } from "@cdktf/provider-aws/lib/cloudformation-stack";
import { LakeformationResource } from "@cdktf/provider-aws/lib/lakeformation-resource";
import type { Construct } from "constructs";
import {
  catalogTemplate,
  S3TablesIntegration,
  S3TablesIntegrationProps,
} from "../../constructs/s3-tables-integration";
import {
  addressOf,
  onlyResource,
  referenceTo,
  rolePolicies,
  statementWithSid,
  synthConstructs,
  TEST_PLACE,
} from "../support/construct-synth";

const ALL_TABLE_BUCKETS = "arn:aws:s3tables:eu-central-1:123456789012:bucket/*";

const PROPS: S3TablesIntegrationProps = {
  place: TEST_PLACE,
  roleName: "forms-s3tables-lakeformation",
  catalogStackName: "forms-s3tablescatalog",
};

function build(props: Partial<S3TablesIntegrationProps> = {}) {
  return (scope: Construct) => {
    new S3TablesIntegration(scope, "integration", { ...PROPS, ...props });
  };
}

function roleOf() {
  return rolePolicies(
    synthConstructs(build()).stack,
    "forms-s3tables-lakeformation",
  );
}

describe("S3TablesIntegration", () => {
  it("trusts Lake Formation of this account", () => {
    expect(roleOf().trust.Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "lakeformation.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:SetContext", "sts:SetSourceIdentity"],
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      },
    ]);
  });

  it("grants listing of table buckets", () => {
    const statement = statementWithSid(
      roleOf().permissions,
      "ListTableBuckets",
    );
    expect(statement.Action).toEqual(["s3tables:ListTableBuckets"]);
    expect(statement.Resource).toBe("*");
  });

  it("grants table access in this account and Region only", () => {
    const statement = statementWithSid(
      roleOf().permissions,
      "ReadAndWriteTables",
    );
    expect(statement.Action).toEqual(
      expect.arrayContaining([
        "s3tables:GetTableData",
        "s3tables:PutTableData",
        "s3tables:UpdateTableMetadataLocation",
      ]),
    );
    expect(statement.Resource).toEqual([
      ALL_TABLE_BUCKETS,
      `${ALL_TABLE_BUCKETS}/table/*`,
    ]);
  });

  it("registers every table bucket with federation and hybrid access", () => {
    const { text, stack } = synthConstructs(build());
    expect(text).toHaveResourceWithProperties(LakeformationResource, {
      arn: ALL_TABLE_BUCKETS,
      role_arn: referenceTo(stack, "aws_iam_role", "arn"),
      with_federation: true,
      hybrid_access_enabled: true,
    });
    expect(
      onlyResource(stack, "aws_lakeformation_resource").depends_on,
    ).toEqual([addressOf(stack, "aws_iam_role_policy")]);
  });

  it("creates the catalog stack after the registration", () => {
    const { text, stack } = synthConstructs(build());
    expect(text).toHaveResourceWithProperties(CloudformationStack, {
      name: "forms-s3tablescatalog",
      on_failure: "ROLLBACK",
    });
    const catalogStack = onlyResource(stack, "aws_cloudformation_stack");
    expect(catalogStack.depends_on).toEqual([
      addressOf(stack, "aws_lakeformation_resource"),
    ]);
    expect(JSON.parse(String(catalogStack.template_body))).toEqual(
      catalogTemplate(TEST_PLACE),
    );
  });

  it("declares the s3tablescatalog federated catalog", () => {
    const template = catalogTemplate(TEST_PLACE) as {
      Resources: { Catalog: { Type: string; Properties: unknown } };
    };
    const iamAllowed = [
      {
        Principal: { DataLakePrincipalIdentifier: "IAM_ALLOWED_PRINCIPALS" },
        Permissions: ["ALL"],
      },
    ];
    expect(template.Resources.Catalog.Type).toBe("AWS::Glue::Catalog");
    expect(template.Resources.Catalog.Properties).toEqual({
      Name: "s3tablescatalog",
      FederatedCatalog: {
        Identifier: ALL_TABLE_BUCKETS,
        ConnectionName: "aws:s3tables",
      },
      CreateDatabaseDefaultPermissions: iamAllowed,
      CreateTableDefaultPermissions: iamAllowed,
      AllowFullTableExternalDataAccess: "True",
    });
  });

  it("rejects a role name with a space", () => {
    expect(() =>
      synthConstructs(build({ roleName: "forms lakeformation" })),
    ).toThrow(
      'Invalid roleName "forms lakeformation": expected 1 to 64 letters, digits or +=,.@_-.',
    );
  });
});

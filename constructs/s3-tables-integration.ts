import { Construct } from "constructs";
import { CloudformationStack } from "@cdktf/provider-aws/lib/cloudformation-stack";
import { LakeformationResource } from "@cdktf/provider-aws/lib/lakeformation-resource";
import { arn, Place } from "../stacks/names";
import { policyDocument } from "./policy";
import { acknowledgeRule } from "./rule-exceptions";
import { ServiceRole } from "./service-role";
import { requireMatch } from "./validation";

/** Properties of an S3TablesIntegration. */
export interface S3TablesIntegrationProps {
  /** Account and Region to integrate. */
  readonly place: Place;
  /** Name of the IAM role Lake Formation assumes to reach the table buckets. */
  readonly roleName: string;
  /** Name of the CloudFormation stack that declares the federated catalog. */
  readonly catalogStackName: string;
}

/**
 * The integration of S3 Tables with the AWS analytics services, once per account and
 * Region: the `s3tablescatalog` federated Glue catalog over every table bucket, and the
 * S3 Tables role registered with Lake Formation for the table buckets' location.
 *
 * The catalog is created in IAM access-control mode: its databases and tables grant ALL
 * to IAM_ALLOWED_PRINCIPALS, so Firehose and Athena users work with IAM policies alone.
 * No Lake Formation grant with an `<account>:s3tablescatalog/<bucket>` catalog ID is
 * needed, which matters because hashicorp/aws 5.100 rejects that ID in
 * `aws_lakeformation_permissions`.
 * hashicorp/aws 5.100 has no resource for the catalog, so it is an `AWS::Glue::Catalog`
 * in a CloudFormation stack.
 */
export class S3TablesIntegration extends Construct {
  /** The S3 Tables role. */
  readonly role: ServiceRole;
  /** The Lake Formation registration of the table buckets' location. */
  readonly registration: LakeformationResource;
  /** The CloudFormation stack holding the federated catalog. */
  readonly catalogStack: CloudformationStack;

  constructor(scope: Construct, id: string, props: S3TablesIntegrationProps) {
    super(scope, id);
    requireMatch(
      "catalogStackName",
      props.catalogStackName,
      /^[a-zA-Z][a-zA-Z0-9-]{0,127}$/,
      "a CloudFormation stack name: a letter, then up to 127 letters, digits or hyphens",
    );
    const { place } = props;
    const allTableBuckets = arn.tableBucket(place, "*");

    this.role = new ServiceRole(this, "role", {
      roleName: props.roleName,
      description:
        "Lake Formation reaches the S3 table buckets of this account and Region",
      assumeRolePolicy: lakeFormationTrustPolicy(place.accountId),
      statements: [
        {
          Sid: "ListTableBuckets",
          Effect: "Allow",
          Action: ["s3tables:ListTableBuckets"],
          Resource: "*",
        },
        {
          Sid: "ReadAndWriteTables",
          Effect: "Allow",
          Action: [
            "s3tables:CreateNamespace",
            "s3tables:CreateTable",
            "s3tables:GetNamespace",
            "s3tables:GetTable",
            "s3tables:GetTableBucket",
            "s3tables:GetTableData",
            "s3tables:GetTableMetadataLocation",
            "s3tables:ListNamespaces",
            "s3tables:ListTables",
            "s3tables:PutTableData",
            "s3tables:UpdateTableMetadataLocation",
          ],
          Resource: [allTableBuckets, `${allTableBuckets}/table/*`],
        },
      ],
    });
    acknowledgeRule(
      this.role.policy,
      "IAM-RESOURCE-SCOPE",
      "Lake Formation vends credentials for the account-wide table bucket location bucket/* that the s3tablescatalog catalog federates, so its role must reach every table bucket of the account, as the AWS managed policy AmazonS3TablesLakeFormationServiceRole does.",
    );

    this.registration = new LakeformationResource(this, "registration", {
      arn: allTableBuckets,
      roleArn: this.role.role.arn,
      withFederation: true,
      // Hybrid access keeps IAM permissions working next to any Lake Formation grants.
      hybridAccessEnabled: true,
      dependsOn: [this.role.policy],
    });

    this.catalogStack = new CloudformationStack(this, "catalog", {
      name: props.catalogStackName,
      templateBody: JSON.stringify(catalogTemplate(place)),
      onFailure: "ROLLBACK",
      dependsOn: [this.registration],
    });
  }
}

/** Builds the CloudFormation template of the `s3tablescatalog` federated catalog. */
export function catalogTemplate(place: Place): object {
  const iamAllowed = [
    {
      Principal: { DataLakePrincipalIdentifier: "IAM_ALLOWED_PRINCIPALS" },
      Permissions: ["ALL"],
    },
  ];
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description:
      "Federated Glue catalog s3tablescatalog over every S3 table bucket",
    Resources: {
      Catalog: {
        Type: "AWS::Glue::Catalog",
        Properties: {
          Name: "s3tablescatalog",
          // Identifier and connection as the Glue developer guide gives them for S3 Tables.
          FederatedCatalog: {
            Identifier: arn.tableBucket(place, "*"),
            ConnectionName: "aws:s3tables",
          },
          CreateDatabaseDefaultPermissions: iamAllowed,
          CreateTableDefaultPermissions: iamAllowed,
          AllowFullTableExternalDataAccess: "True",
        },
      },
    },
  };
}

function lakeFormationTrustPolicy(accountId: string): string {
  return policyDocument([
    {
      Effect: "Allow",
      Principal: { Service: "lakeformation.amazonaws.com" },
      Action: ["sts:AssumeRole", "sts:SetContext", "sts:SetSourceIdentity"],
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    },
  ]);
}

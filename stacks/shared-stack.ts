import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { S3TablesIntegration } from "../constructs/s3-tables-integration";
import { ProjectStack } from "./project-stack";
import { PROJECT, SharedConfig } from "./stage-config";

/** What the stages of one account and Region share: the S3 Tables integration. */
export class SharedStack extends ProjectStack {
  /** The S3 Tables integration with the AWS analytics services. */
  readonly integration: S3TablesIntegration;

  constructor(scope: Construct, id: string, config: SharedConfig) {
    super(scope, id, config);

    this.integration = new S3TablesIntegration(this, "s3-tables-integration", {
      place: this.place,
      roleName: `${PROJECT}-s3tables-lakeformation`,
      catalogStackName: `${PROJECT}-s3tablescatalog`,
    });

    new TerraformOutput(this, "s3-tables-role-arn", {
      value: this.integration.role.role.arn,
      description: "Role Lake Formation assumes to reach the table buckets",
    });
  }
}

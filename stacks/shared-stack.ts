import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { GithubCiIdentities } from "../constructs/github-ci-identities";
import {
  WorkloadBoundary,
  workloadBoundaryArn,
} from "../constructs/permissions-boundary";
import { S3TablesIntegration } from "../constructs/s3-tables-integration";
import { stageNames } from "./names";
import { ProjectStack } from "./project-stack";
import { PROJECT, SharedConfig, StageConfig } from "./stage-config";

/** Services a stage's workload roles are passed to: its state machine, stream and schedule. */
export const STAGE_SERVICES = [
  "states.amazonaws.com",
  "firehose.amazonaws.com",
  "scheduler.amazonaws.com",
] as const;

/**
 * The resources every stage of one account and Region shares: the S3 Tables integration
 * and the identities GitHub Actions plans and deploys with.
 */
export class SharedStack extends ProjectStack {
  /** The S3 Tables integration with the AWS analytics services. */
  readonly integration: S3TablesIntegration;
  /** The permissions boundary of the stages' workload roles. */
  readonly workloadBoundary: WorkloadBoundary;
  /** The OIDC provider and roles of CI. */
  readonly ciIdentities: GithubCiIdentities;

  constructor(
    scope: Construct,
    id: string,
    config: SharedConfig,
    stages: readonly StageConfig[],
  ) {
    super(scope, id, config);

    this.integration = new S3TablesIntegration(this, "s3-tables-integration", {
      place: this.place,
      roleName: `${PROJECT}-s3tables-lakeformation`,
      catalogStackName: `${PROJECT}-s3tablescatalog`,
    });

    this.workloadBoundary = new WorkloadBoundary(this, "workload-boundary", {
      project: PROJECT,
    });

    this.ciIdentities = new GithubCiIdentities(this, "github-ci", {
      place: this.place,
      project: PROJECT,
      repository: config.github.repository,
      branch: config.github.branch,
      stateBucket: config.stateBucket,
      stateKeyPrefix: config.stateKeyPrefix,
      workloadBoundaryArn: workloadBoundaryArn(config.accountId, PROJECT),
      deployEnvironments: [
        {
          stack: config.stage,
          environment: config.githubEnvironment,
          resourcePrefix: `${PROJECT}-`,
        },
        ...stages.map((stage) => ({
          stack: stage.stage,
          environment: stage.githubEnvironment,
          resourcePrefix: `${stageNames(stage.stage, this.place).prefix}-`,
          passRoleTo: STAGE_SERVICES,
        })),
      ],
    });

    new TerraformOutput(this, "s3_tables_role_arn", {
      value: this.integration.role.role.arn,
      description: "Role Lake Formation assumes to reach the table buckets",
    });
    new TerraformOutput(this, "github_plan_role_arn", {
      value: this.ciIdentities.planRole.role.arn,
    });
  }
}

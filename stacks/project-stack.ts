import { Construct } from "constructs";
import { S3Backend, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { PROJECT } from "./stage-config";
import type { Place } from "./names";

/** Settings every stack of the project takes: where it deploys and keeps its state. */
export interface ProjectStackProps extends Place {
  /** Stack and `stage` tag name: `shared`, `staging` or `prod`. */
  readonly stage: string;
  /** IAM role Terraform assumes to deploy. @default - the caller's own credentials */
  readonly deployRoleArn?: string;
  /** S3 bucket holding the Terraform state; created before the first deploy. */
  readonly stateBucket: string;
  /** Key prefix of the state objects in that bucket. */
  readonly stateKeyPrefix: string;
  /** Tags added to the project's default tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * A stack with the AWS provider for its account and Region, default tags, and an S3
 * backend with a key of its own and S3-native locking.
 */
export class ProjectStack extends TerraformStack {
  /** Account and Region of the stack. */
  readonly place: Place;

  constructor(scope: Construct, id: string, props: ProjectStackProps) {
    super(scope, id);
    this.place = { accountId: props.accountId, region: props.region };

    new AwsProvider(this, "aws", {
      region: props.region,
      allowedAccountIds: [props.accountId],
      assumeRole: props.deployRoleArn
        ? [
            {
              roleArn: props.deployRoleArn,
              sessionName: `${PROJECT}-${props.stage}`,
            },
          ]
        : undefined,
      defaultTags: [
        {
          tags: {
            ...props.tags,
            project: PROJECT,
            stage: props.stage,
            "managed-by": "cdktf",
          },
        },
      ],
    });

    const backend = new S3Backend(this, {
      bucket: props.stateBucket,
      key: `${props.stateKeyPrefix}/${props.stage}.tfstate`,
      region: props.region,
      encrypt: true,
    });
    // S3-native state locking with a `<key>.tflock` object (Terraform 1.10 and later);
    // cdktf 0.21 has no typed field for it.
    backend.addOverride("use_lockfile", true);
    if (props.deployRoleArn) {
      backend.addOverride("assume_role", { role_arn: props.deployRoleArn });
    }
  }
}

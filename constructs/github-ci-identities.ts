import { Construct } from "constructs";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { arn, Place } from "../stacks/names";
import { PolicyStatement, policyDocument } from "./policy";
import { acknowledgeRule } from "./rule-exceptions";
import { ServiceRole } from "./service-role";
import { requireMatch } from "./validation";

/** A GitHub environment that deploys one stack, with the state it may write. */
export interface DeployEnvironment {
  /** Stack the environment deploys: `shared`, `staging` or `prod`. */
  readonly stack: string;
  /** GitHub environment name the deploy job runs in. */
  readonly environment: string;
  /** Name prefix of the stack's own resources, such as `forms-to-tables-prod-`. */
  readonly resourcePrefix: string;
  /**
   * Services the stack's roles are passed to. A stage deploy role passes roles only to
   * these, and creates or changes roles only with the workload boundary attached.
   * @default - none: the stack manages the CI roles themselves (the shared stack)
   */
  readonly passRoleTo?: readonly string[];
}

/** Properties of GithubCiIdentities. */
export interface GithubCiIdentitiesProps {
  /** Account and Region of the roles. */
  readonly place: Place;
  /** Project name, the prefix of every role and resource name. */
  readonly project: string;
  /** Repository as owner/name. */
  readonly repository: string;
  /** Branch deploys run from. */
  readonly branch: string;
  /** Bucket holding the Terraform state of every stack. */
  readonly stateBucket: string;
  /** Key prefix of the state objects. */
  readonly stateKeyPrefix: string;
  /** One entry per stack that CI deploys. */
  readonly deployEnvironments: readonly DeployEnvironment[];
  /** ARN of the permissions boundary every stage workload role carries. */
  readonly workloadBoundaryArn: string;
}

const GITHUB_ISSUER = "token.actions.githubusercontent.com";
const POWER_USER_ACCESS = "arn:aws:iam::aws:policy/PowerUserAccess";

// Read actions `terraform plan` needs to refresh the project's resources, by the ARN
// patterns they are limited to; `{prefix}` is the project name followed by '-'.
const PLAN_READS: readonly {
  actions: readonly string[];
  resources: (p: Place, prefix: string) => string[];
}[] = [
  {
    actions: [
      "s3:GetAccelerateConfiguration",
      "s3:GetBucketAcl",
      "s3:GetBucketCORS",
      "s3:GetBucketLocation",
      "s3:GetBucketLogging",
      "s3:GetBucketObjectLockConfiguration",
      "s3:GetBucketOwnershipControls",
      "s3:GetBucketPolicy",
      "s3:GetBucketPublicAccessBlock",
      "s3:GetBucketRequestPayment",
      "s3:GetBucketTagging",
      "s3:GetBucketVersioning",
      "s3:GetBucketWebsite",
      "s3:GetEncryptionConfiguration",
      "s3:GetLifecycleConfiguration",
      "s3:GetReplicationConfiguration",
    ],
    resources: (_, prefix) => [arn.s3Bucket(`${prefix}*`)],
  },
  {
    actions: [
      "s3tables:GetNamespace",
      "s3tables:GetTableBucket",
      "s3tables:GetTableBucketEncryption",
      "s3tables:GetTableBucketMaintenanceConfiguration",
    ],
    resources: (p, prefix) => [arn.tableBucket(p, `${prefix}*`)],
  },
  {
    actions: [
      "iam:GetRole",
      "iam:GetRolePolicy",
      "iam:ListAttachedRolePolicies",
      "iam:ListRolePolicies",
    ],
    resources: (p, prefix) => [arn.iamRole(p, `${prefix}*`)],
  },
  {
    actions: ["iam:GetPolicy", "iam:GetPolicyVersion"],
    resources: (p, prefix) => [`arn:aws:iam::${p.accountId}:policy/${prefix}*`],
  },
  {
    actions: ["iam:GetOpenIDConnectProvider"],
    resources: (p) => [
      `arn:aws:iam::${p.accountId}:oidc-provider/${GITHUB_ISSUER}`,
    ],
  },
  {
    actions: [
      "states:DescribeStateMachine",
      "states:DescribeStateMachineAlias",
      "states:ListStateMachineAliases",
      "states:ListStateMachineVersions",
      "states:ListTagsForResource",
    ],
    resources: (p, prefix) => [arn.stateMachine(p, `${prefix}*`)],
  },
  {
    actions: [
      "firehose:DescribeDeliveryStream",
      "firehose:ListTagsForDeliveryStream",
    ],
    resources: (p, prefix) => [arn.deliveryStream(p, `${prefix}*`)],
  },
  {
    actions: [
      "logs:DescribeLogStreams",
      "logs:ListTagsForResource",
      "logs:ListTagsLogGroup",
    ],
    resources: (p, prefix) => [
      arn.logGroup(p, `/aws/vendedlogs/states/${prefix}*`),
      arn.logGroup(p, `/aws/kinesisfirehose/${prefix}*`),
    ],
  },
  {
    actions: [
      "scheduler:GetSchedule",
      "scheduler:GetScheduleGroup",
      "scheduler:ListTagsForResource",
    ],
    resources: (p, prefix) => [
      arn.scheduleGroup(p, `${prefix}*`),
      `arn:aws:scheduler:${p.region}:${p.accountId}:schedule/${prefix}*/${prefix}*`,
    ],
  },
  {
    actions: ["sqs:GetQueueAttributes", "sqs:ListQueueTags"],
    resources: (p, prefix) => [arn.sqsQueue(p, `${prefix}*`)],
  },
  {
    actions: [
      "sns:GetSubscriptionAttributes",
      "sns:GetTopicAttributes",
      "sns:ListTagsForResource",
    ],
    resources: (p, prefix) => [
      `arn:aws:sns:${p.region}:${p.accountId}:${prefix}*`,
    ],
  },
  {
    actions: ["cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"],
    resources: (p, prefix) => [
      `arn:aws:cloudwatch:${p.region}:${p.accountId}:alarm:${prefix}*`,
    ],
  },
  {
    actions: ["cloudformation:DescribeStacks", "cloudformation:GetTemplate"],
    resources: (p, prefix) => [
      `arn:aws:cloudformation:${p.region}:${p.accountId}:stack/${prefix}*/*`,
    ],
  },
  {
    // These actions support no resource types (Service Authorization Reference), so they
    // take "*": the caller identity, listing calls, and the plan-time check of a definition.
    actions: [
      "lakeformation:DescribeResource",
      "logs:DescribeLogGroups",
      "states:ValidateStateMachineDefinition",
      "sts:GetCallerIdentity",
    ],
    resources: () => ["*"],
  },
];

/**
 * The identities GitHub Actions uses for this repository: the OIDC provider, a plan role
 * for pull requests that reads state and describes resources but changes nothing, and
 * one deploy role per GitHub environment. Every trust policy checks the token's audience
 * and its subject. The subjects follow the repository's OIDC subject template with the
 * claims repo, context and ref, so a deploy role accepts only its environment on its branch.
 */
export class GithubCiIdentities extends Construct {
  /** The GitHub OIDC identity provider. */
  readonly provider: IamOpenidConnectProvider;
  /** The read-only plan role. */
  readonly planRole: ServiceRole;
  /** The deploy roles, by stack. */
  readonly deployRoles: Readonly<Record<string, ServiceRole>>;

  constructor(scope: Construct, id: string, props: GithubCiIdentitiesProps) {
    super(scope, id);
    requireMatch(
      "repository",
      props.repository,
      /^[\w.-]+\/[\w.-]+$/,
      "owner/name",
    );
    requireMatch("branch", props.branch, /^[\w./-]+$/, "a branch name");
    const providerArn = `arn:aws:iam::${props.place.accountId}:oidc-provider/${GITHUB_ISSUER}`;

    this.provider = new IamOpenidConnectProvider(this, "provider", {
      url: `https://${GITHUB_ISSUER}`,
      clientIdList: ["sts.amazonaws.com"],
    });

    this.planRole = new ServiceRole(this, "plan-role", {
      roleName: `${props.project}-github-plan`,
      description: `Pull requests of ${props.repository} plan every stack; read only`,
      assumeRolePolicy: githubTrustPolicy(
        providerArn,
        "StringLike",
        `repo:${props.repository}:pull_request:ref:refs/pull/*/merge`,
      ),
      statements: [
        ...stateStatements(props),
        ...PLAN_READS.map((read) => ({
          Effect: "Allow" as const,
          Action: [...read.actions],
          Resource: read.resources(props.place, `${props.project}-`),
        })),
      ],
    });
    this.planRole.role.node.addDependency(this.provider);

    const deployRoles: Record<string, ServiceRole> = {};
    for (const target of props.deployEnvironments) {
      deployRoles[target.stack] = this.deployRole(props, providerArn, target);
    }
    this.deployRoles = deployRoles;
  }

  private deployRole(
    props: GithubCiIdentitiesProps,
    providerArn: string,
    target: DeployEnvironment,
  ): ServiceRole {
    const role = new ServiceRole(this, `deploy-role-${target.stack}`, {
      roleName: `${props.project}-github-deploy-${target.stack}`,
      description: `The ${target.environment} environment of ${props.repository} deploys the ${target.stack} stack from ${props.branch}`,
      assumeRolePolicy: githubTrustPolicy(
        providerArn,
        "StringEquals",
        `repo:${props.repository}:environment:${target.environment}:ref:refs/heads/${props.branch}`,
      ),
      statements: [
        ...stateStatements(props, target.stack),
        ...(target.passRoleTo
          ? stageIamStatements(props, target, target.passRoleTo)
          : sharedIamStatements(props, target)),
        ...otherStagesDenied(props, target),
      ],
    });
    role.role.node.addDependency(this.provider);
    // Every service but IAM; IAM access is the inline statement above, limited to the
    // stack's own roles.
    const powerUser = new IamRolePolicyAttachment(
      this,
      `deploy-role-${target.stack}-power-user`,
      {
        role: role.role.name,
        policyArn: POWER_USER_ACCESS,
      },
    );
    acknowledgeRule(
      powerUser,
      "IAM-INLINE-POLICIES-ONLY",
      "Terraform creates, changes and deletes every service's resources of the stack with this role, and no list of those calls exists yet; PowerUserAccess leaves out IAM, which the inline ManageOwnRoles statement grants on the stack's own roles only.",
    );
    return role;
  }
}

function githubTrustPolicy(
  providerArn: string,
  operator: "StringEquals" | "StringLike",
  subject: string,
): string {
  const audience = { [`${GITHUB_ISSUER}:aud`]: "sts.amazonaws.com" };
  const sub = { [`${GITHUB_ISSUER}:sub`]: subject };
  // One condition block per operator: a second StringEquals key would replace the first.
  const condition: PolicyStatement["Condition"] =
    operator === "StringEquals"
      ? { StringEquals: { ...audience, ...sub } }
      : { StringEquals: audience, StringLike: sub };
  return policyDocument([
    {
      Effect: "Allow",
      Principal: { Federated: providerArn },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: condition,
    },
  ]);
}

// The state bucket: list the project's keys and read every state; write only the lock
// objects, and with `ownStack` also that stack's own state.
function stateStatements(
  props: GithubCiIdentitiesProps,
  ownStack?: string,
): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      Sid: "ListStateKeys",
      Effect: "Allow",
      Action: ["s3:ListBucket"],
      Resource: [arn.s3Bucket(props.stateBucket)],
      Condition: { StringLike: { "s3:prefix": [`${props.stateKeyPrefix}/*`] } },
    },
    {
      Sid: "ReadState",
      Effect: "Allow",
      Action: ["s3:GetObject"],
      Resource: [arn.s3Objects(props.stateBucket, `${props.stateKeyPrefix}/*`)],
    },
  ];
  const lockKeys = ownStack ? `${ownStack}.tfstate.tflock` : "*.tflock";
  statements.push({
    Sid: "LockState",
    Effect: "Allow",
    Action: ["s3:DeleteObject", "s3:PutObject"],
    Resource: [
      arn.s3Objects(props.stateBucket, `${props.stateKeyPrefix}/${lockKeys}`),
    ],
  });
  if (ownStack) {
    statements.push({
      Sid: "WriteOwnState",
      Effect: "Allow",
      Action: ["s3:PutObject"],
      Resource: [
        arn.s3Objects(
          props.stateBucket,
          `${props.stateKeyPrefix}/${ownStack}.tfstate`,
        ),
      ],
    });
  }
  return statements;
}

const ROLE_READS = [
  "iam:GetRole",
  "iam:GetRolePolicy",
  "iam:ListAttachedRolePolicies",
  "iam:ListInstanceProfilesForRole",
  "iam:ListRolePolicies",
];

const ROLE_CHANGES_WITHOUT_GRANTS = [
  "iam:DeleteRole",
  "iam:DeleteRolePolicy",
  "iam:TagRole",
  "iam:UntagRole",
  "iam:UpdateAssumeRolePolicy",
  "iam:UpdateRole",
  "iam:UpdateRoleDescription",
];

// A stage deploy role manages its stage's workload roles: it grants permissions only to
// roles that carry the workload boundary, passes them only to the stage's services, and
// can never take the boundary off.
function stageIamStatements(
  props: GithubCiIdentitiesProps,
  target: DeployEnvironment,
  passRoleTo: readonly string[],
): PolicyStatement[] {
  const roles = [arn.iamRole(props.place, `${target.resourcePrefix}*`)];
  return [
    {
      Sid: "ManageOwnRoles",
      Effect: "Allow",
      Action: [...ROLE_READS, ...ROLE_CHANGES_WITHOUT_GRANTS],
      Resource: roles,
    },
    {
      Sid: "GrantWithinTheBoundary",
      Effect: "Allow",
      Action: [
        "iam:CreateRole",
        "iam:PutRolePermissionsBoundary",
        "iam:PutRolePolicy",
      ],
      Resource: roles,
      Condition: {
        StringEquals: { "iam:PermissionsBoundary": props.workloadBoundaryArn },
      },
    },
    {
      Sid: "PassOwnRolesToTheStageServices",
      Effect: "Allow",
      Action: ["iam:PassRole"],
      Resource: roles,
      Condition: { StringEquals: { "iam:PassedToService": [...passRoleTo] } },
    },
    {
      Sid: "KeepTheBoundary",
      Effect: "Deny",
      Action: ["iam:DeleteRolePermissionsBoundary"],
      Resource: roles,
    },
  ];
}

// The shared deploy role creates the CI roles and the boundary themselves, so it can
// change every role of the project: its GitHub environment must require reviewers.
function sharedIamStatements(
  props: GithubCiIdentitiesProps,
  target: DeployEnvironment,
): PolicyStatement[] {
  const accountId = props.place.accountId;
  return [
    {
      Sid: "ManageProjectRoles",
      Effect: "Allow",
      Action: [
        ...ROLE_READS,
        ...ROLE_CHANGES_WITHOUT_GRANTS,
        "iam:CreateRole",
        "iam:PassRole",
        "iam:PutRolePolicy",
      ],
      Resource: [arn.iamRole(props.place, `${target.resourcePrefix}*`)],
    },
    {
      Sid: "AttachOnlyPowerUserAccess",
      Effect: "Allow",
      Action: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
      Resource: [
        arn.iamRole(props.place, `${target.resourcePrefix}github-deploy-*`),
      ],
      Condition: { ArnEquals: { "iam:PolicyARN": POWER_USER_ACCESS } },
    },
    {
      Sid: "ManageWorkloadBoundary",
      Effect: "Allow",
      Action: [
        "iam:CreatePolicy",
        "iam:CreatePolicyVersion",
        "iam:DeletePolicy",
        "iam:DeletePolicyVersion",
        "iam:GetPolicy",
        "iam:GetPolicyVersion",
        "iam:ListPolicyVersions",
        "iam:TagPolicy",
        "iam:UntagPolicy",
      ],
      Resource: [props.workloadBoundaryArn],
    },
    {
      Sid: "ManageGithubIdentityProvider",
      Effect: "Allow",
      Action: [
        "iam:CreateOpenIDConnectProvider",
        "iam:DeleteOpenIDConnectProvider",
        "iam:GetOpenIDConnectProvider",
        "iam:TagOpenIDConnectProvider",
        "iam:UntagOpenIDConnectProvider",
        "iam:UpdateOpenIDConnectProviderThumbprint",
      ],
      Resource: [`arn:aws:iam::${accountId}:oidc-provider/${GITHUB_ISSUER}`],
    },
  ];
}

// PowerUserAccess reaches every bucket of the account, so a stage deploy role is denied
// the other stages' buckets, table buckets and state.
function otherStagesDenied(
  props: GithubCiIdentitiesProps,
  target: DeployEnvironment,
): PolicyStatement[] {
  if (!target.passRoleTo) {
    return [];
  }
  const others = props.deployEnvironments.filter(
    (other) => other.passRoleTo && other.stack !== target.stack,
  );
  if (others.length === 0) {
    return [];
  }
  const names = others.flatMap((other) => {
    const base = other.resourcePrefix.replace(/-$/, "");
    return [base, `${base}-*`];
  });
  return [
    {
      Sid: "DenyOtherStagesData",
      Effect: "Deny",
      Action: ["s3:*", "s3tables:*"],
      Resource: [
        ...names.flatMap((name) => [
          arn.s3Bucket(name),
          arn.s3Objects(name, "*"),
        ]),
        ...names.flatMap((name) => [
          arn.tableBucket(props.place, name),
          `${arn.tableBucket(props.place, name)}/*`,
        ]),
      ],
    },
    {
      Sid: "DenyOtherStacksState",
      Effect: "Deny",
      Action: ["s3:DeleteObject", "s3:PutObject"],
      Resource: props.deployEnvironments
        .filter((other) => other.stack !== target.stack)
        .flatMap((other) => [
          arn.s3Objects(
            props.stateBucket,
            `${props.stateKeyPrefix}/${other.stack}.tfstate`,
          ),
          arn.s3Objects(
            props.stateBucket,
            `${props.stateKeyPrefix}/${other.stack}.tfstate.tflock`,
          ),
        ]),
    },
  ];
}

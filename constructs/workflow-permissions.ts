import { arn, Place } from "../stacks/names";
import type { PolicyStatement } from "./policy";

/** Input from which the permissions of a state machine are derived. */
export interface WorkflowPermissionContext {
  /** Account and Region of the state machine. */
  readonly place: Place;
  /** Name of the state machine, for its own Distributed Map child executions. */
  readonly stateMachineName: string;
}

/** One IAM need of one state: actions on resources, and the state that has it. */
export interface StatePermission {
  /** Path of the state in the definition, for example `ProcessForms/AnalyzeForms`. */
  readonly state: string;
  /** Integration resource, such as `arn:aws:states:::aws-sdk:textract:analyzeDocument`. */
  readonly resource: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly condition?: PolicyStatement["Condition"];
}

type StateNode = Record<string, unknown>;
type Mapper = (
  args: Readonly<Record<string, unknown>>,
  context: WorkflowPermissionContext,
) => Omit<StatePermission, "state" | "resource">[];

// The IAM actions each integration needs, from the Step Functions developer guide
// (IAM policies for Distributed Map, ItemReader, ResultWriter) and the Service
// Authorization Reference. Textract reads the S3 object with the caller's permissions,
// so AnalyzeDocument also needs s3:GetObject.
const INTEGRATIONS: Readonly<Record<string, Mapper>> = {
  "arn:aws:states:::aws-sdk:textract:analyzeDocument": (args) => [
    { actions: ["textract:AnalyzeDocument"], resources: ["*"] },
    {
      actions: ["s3:GetObject"],
      resources: [objectsOf(documentBucket(args))],
    },
  ],
  "arn:aws:states:::aws-sdk:firehose:putRecordBatch": (args, context) => [
    {
      actions: ["firehose:PutRecordBatch"],
      resources: [
        arn.deliveryStream(context.place, literal(args, "DeliveryStreamName")),
      ],
    },
  ],
  "arn:aws:states:::aws-sdk:sfn:listExecutions": (args) => [
    {
      actions: ["states:ListExecutions"],
      resources: [literal(args, "StateMachineArn")],
    },
  ],
  "arn:aws:states:::s3:listObjectsV2": (args) => [
    {
      actions: ["s3:ListBucket"],
      resources: [arn.s3Bucket(literal(args, "Bucket"))],
      condition: {
        StringLike: {
          "s3:prefix": `${optionalLiteral(args, "Prefix") ?? ""}*`,
        },
      },
    },
  ],
  "arn:aws:states:::s3:putObject": (args) => [
    {
      actions: [
        "s3:PutObject",
        "s3:GetObject",
        "s3:ListMultipartUploadParts",
        "s3:AbortMultipartUpload",
      ],
      resources: [
        arn.s3Objects(
          literal(args, "Bucket"),
          `${optionalLiteral(args, "Prefix") ?? ""}*`,
        ),
      ],
    },
  ],
  "arn:aws:states:::aws-sdk:s3:getObject": (args) => [
    {
      actions: ["s3:GetObject"],
      resources: [objectsOf(literal(args, "Bucket"))],
    },
  ],
  "arn:aws:states:::aws-sdk:s3:headObject": (args) => [
    {
      actions: ["s3:GetObject"],
      resources: [objectsOf(literal(args, "Bucket"))],
    },
  ],
  "arn:aws:states:::aws-sdk:s3:putObject": (args) => [
    {
      actions: ["s3:PutObject"],
      resources: [objectsOf(literal(args, "Bucket"))],
    },
  ],
  "arn:aws:states:::aws-sdk:s3:copyObject": (args) => [
    {
      actions: ["s3:GetObject", "s3:GetObjectTagging"],
      resources: [objectsOf(copySourceBucket(args))],
    },
    {
      actions: ["s3:PutObject", "s3:PutObjectTagging"],
      resources: [objectsOf(literal(args, "Bucket"))],
    },
  ],
  // DeleteObject with a VersionId needs s3:DeleteObjectVersion as well.
  "arn:aws:states:::aws-sdk:s3:deleteObject": (args) => [
    {
      actions: ["s3:DeleteObject", "s3:DeleteObjectVersion"],
      resources: [objectsOf(literal(args, "Bucket"))],
    },
  ],
  "arn:aws:states:::aws-sdk:s3:putObjectTagging": (args) => [
    {
      actions: ["s3:PutObjectTagging"],
      resources: [objectsOf(literal(args, "Bucket"))],
    },
  ],
  "arn:aws:states:::aws-sdk:s3:getObjectTagging": (args) => [
    {
      actions: ["s3:GetObjectTagging"],
      resources: [objectsOf(literal(args, "Bucket"))],
    },
  ],
};

/** Integration resources the permission table covers. */
export const SUPPORTED_INTEGRATIONS = Object.keys(INTEGRATIONS);

/**
 * Derives the IAM needs of every Task, ItemReader, ResultWriter and Distributed Map in a
 * state machine definition. Throws for an integration the table does not cover, so a new
 * Task can never run without its permission.
 */
export function workflowPermissions(
  definition: unknown,
  context: WorkflowPermissionContext,
): StatePermission[] {
  const found: StatePermission[] = [];
  visitStates(definition, "", (statePath, state) => {
    if (state.Type === "Task") {
      found.push(...integrationNeeds(statePath, state, context));
    }
    if (state.Type === "Map") {
      found.push(...mapNeeds(statePath, state, context));
    }
  });
  return found;
}

/** Merges state needs into policy statements, one per distinct action set and condition. */
export function permissionStatements(
  needs: readonly StatePermission[],
): PolicyStatement[] {
  const merged = new Map<
    string,
    {
      actions: string[];
      resources: Set<string>;
      condition?: PolicyStatement["Condition"];
    }
  >();
  for (const need of needs) {
    const actions = [...need.actions].sort();
    const key = JSON.stringify([actions, need.condition ?? null]);
    const entry = merged.get(key) ?? {
      actions,
      resources: new Set<string>(),
      condition: need.condition,
    };
    need.resources.forEach((resource) => entry.resources.add(resource));
    merged.set(key, entry);
  }
  return [...merged.values()].map((entry) => ({
    Effect: "Allow",
    Action: entry.actions,
    Resource: [...entry.resources].sort(),
    ...(entry.condition ? { Condition: entry.condition } : {}),
  }));
}

function integrationNeeds(
  statePath: string,
  state: StateNode,
  context: WorkflowPermissionContext,
): StatePermission[] {
  const resource = String(state.Resource);
  const mapper = INTEGRATIONS[resource];
  if (!mapper) {
    throw new Error(
      `State ${statePath} uses Resource ${resource}, which has no IAM mapping; add its actions to INTEGRATIONS in constructs/workflow-permissions.ts.`,
    );
  }
  const args = (state.Arguments ?? {}) as Record<string, unknown>;
  return mapper(args, context).map((need) => ({
    ...need,
    state: statePath,
    resource,
  }));
}

function mapNeeds(
  statePath: string,
  state: StateNode,
  context: WorkflowPermissionContext,
): StatePermission[] {
  const needs: StatePermission[] = [];
  for (const field of ["ItemReader", "ResultWriter"] as const) {
    const reader = state[field] as StateNode | undefined;
    if (reader) {
      needs.push(...integrationNeeds(`${statePath}.${field}`, reader, context));
    }
  }
  const processor = state.ItemProcessor as StateNode | undefined;
  const config = processor?.ProcessorConfig as StateNode | undefined;
  if (config?.Mode === "DISTRIBUTED") {
    const { place, stateMachineName } = context;
    needs.push(
      {
        state: statePath,
        resource: "distributed-map",
        actions: ["states:StartExecution"],
        resources: [arn.stateMachine(place, stateMachineName)],
      },
      {
        // Child executions are named `<state machine>/<map run label>:<id>`.
        state: statePath,
        resource: "distributed-map",
        actions: ["states:DescribeExecution", "states:StopExecution"],
        resources: [
          arn.execution(place, stateMachineName, ":*"),
          arn.execution(place, stateMachineName, "/*"),
        ],
      },
    );
  }
  return needs;
}

function visitStates(
  node: unknown,
  parent: string,
  visit: (statePath: string, state: StateNode) => void,
): void {
  const states = (node as StateNode | undefined)?.States as
    Record<string, StateNode> | undefined;
  if (!states) {
    return;
  }
  for (const [name, state] of Object.entries(states)) {
    const statePath = parent ? `${parent}/${name}` : name;
    visit(statePath, state);
    for (const child of [state.ItemProcessor, state.Iterator]) {
      visitStates(child, statePath, visit);
    }
    for (const branch of (state.Branches as unknown[] | undefined) ?? []) {
      visitStates(branch, statePath, visit);
    }
  }
}

function literal(
  args: Readonly<Record<string, unknown>>,
  field: string,
): string {
  const value = args[field];
  if (typeof value !== "string" || value.startsWith("{%")) {
    throw new Error(
      `Arguments.${field} is ${JSON.stringify(value)}; the IAM mapping needs a literal value there to scope the permission.`,
    );
  }
  return value;
}

function optionalLiteral(
  args: Readonly<Record<string, unknown>>,
  field: string,
): string | undefined {
  return args[field] === undefined ? undefined : literal(args, field);
}

function documentBucket(args: Readonly<Record<string, unknown>>): string {
  const document = args.Document as
    Record<string, Record<string, unknown>> | undefined;
  return literal(document?.S3Object ?? {}, "Bucket");
}

// CopySource is `<bucket>/<key>`, usually an expression; its bucket is taken from the
// literal text before the first '/' inside the expression's string.
function copySourceBucket(args: Readonly<Record<string, unknown>>): string {
  const source = args.CopySource;
  const match =
    typeof source === "string"
      ? /([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\//.exec(source)
      : null;
  if (!match) {
    throw new Error(
      `Arguments.CopySource is ${JSON.stringify(source)}; write the source bucket as literal text followed by '/' so the IAM mapping can scope s3:GetObject.`,
    );
  }
  return match[1];
}

function objectsOf(bucket: string): string {
  return arn.s3Objects(bucket, "*");
}

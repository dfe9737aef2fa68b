import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { SfnAlias } from "@cdktf/provider-aws/lib/sfn-alias";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { arn, Place } from "../stacks/names";
import {
  PlaceholderValue,
  fillPlaceholders,
  escapeTerraformTemplate,
  readAslFile,
} from "./definition";
import { PolicyStatement, serviceTrustPolicy } from "./policy";
import { ServiceRole } from "./service-role";
import { requireMatch } from "./validation";
import {
  permissionStatements,
  workflowPermissions,
} from "./workflow-permissions";

/** Properties of a FormsWorkflow. */
export interface FormsWorkflowProps {
  /** Account and Region of the state machine. */
  readonly place: Place;
  /** State machine name, at most 80 characters. */
  readonly stateMachineName: string;
  /** Name of the alias the schedule starts. */
  readonly aliasName: string;
  /** ASL file under `asl/`, such as `extract-customer-forms.v1.asl.json`. */
  readonly definitionFile: string;
  /** Values of the file's placeholders. */
  readonly placeholders: Readonly<Record<string, PlaceholderValue>>;
  /** Days to keep the execution log. */
  readonly logRetentionDays: number;
  /** Execution log level. */
  readonly logLevel: "ALL" | "ERROR" | "FATAL";
  /** Log state input and output; they hold personal data from the forms. */
  readonly logExecutionData: boolean;
}

// Vended log delivery actions support no resource-level permissions, so they need
// "Resource": "*" (Step Functions developer guide, logging with CloudWatch Logs).
const LOG_DELIVERY_ACTIONS = [
  "logs:CreateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:DescribeLogGroups",
  "logs:DescribeResourcePolicies",
  "logs:GetLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutResourcePolicy",
  "logs:UpdateLogDelivery",
];

/**
 * The Step Functions state machine that extracts the forms, with its execution role
 * derived from the definition, a log group under `/aws/vendedlogs/states/`, a version
 * published on every change, and an alias pointing at the newest version.
 */
export class FormsWorkflow extends Construct {
  /** The state machine. */
  readonly stateMachine: SfnStateMachine;
  /** The state machine's unqualified ARN, known at synth time. */
  readonly stateMachineArn: string;
  /** The alias the schedule targets. */
  readonly alias: SfnAlias;
  /** The alias ARN, known at synth time. */
  readonly aliasArn: string;
  /** The execution role. */
  readonly role: ServiceRole;
  /** The definition as Terraform reads it: placeholders filled, template sequences escaped. */
  readonly definition: string;
  /** The definition as AWS receives it. */
  readonly deployedDefinition: string;

  constructor(scope: Construct, id: string, props: FormsWorkflowProps) {
    super(scope, id);
    validateProps(props);
    this.stateMachineArn = arn.stateMachine(
      props.place,
      props.stateMachineName,
    );
    this.aliasArn = `${this.stateMachineArn}:${props.aliasName}`;
    this.deployedDefinition = fillPlaceholders(
      readAslFile(props.definitionFile),
      props.placeholders,
    );
    this.definition = escapeTerraformTemplate(this.deployedDefinition);

    const logGroupName = `/aws/vendedlogs/states/${props.stateMachineName}`;
    const logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: logGroupName,
      retentionInDays: props.logRetentionDays,
    });

    this.role = new ServiceRole(this, "role", {
      roleName: `${props.stateMachineName}-sfn`,
      description: `Step Functions runs ${props.stateMachineName}`,
      // Runs started through the alias or a version may carry a qualified ARN.
      assumeRolePolicy: serviceTrustPolicy(
        "states.amazonaws.com",
        props.place.accountId,
        [this.stateMachineArn, `${this.stateMachineArn}:*`],
      ),
      statements: this.roleStatements(props),
    });

    this.stateMachine = new SfnStateMachine(this, "state-machine", {
      name: props.stateMachineName,
      type: "STANDARD",
      roleArn: this.role.role.arn,
      definition: this.definition,
      publish: true,
      loggingConfiguration: {
        // The destination must be the log group ARN followed by ':*'.
        logDestination: `${arn.logGroup(props.place, logGroupName)}:*`,
        level: props.logLevel,
        includeExecutionData: props.logExecutionData,
      },
      tracingConfiguration: { enabled: false },
      dependsOn: [this.role.policy, logGroup],
    });

    this.alias = new SfnAlias(this, "alias", {
      name: props.aliasName,
      description: "Newest published version; the schedule starts this alias",
      routingConfiguration: [
        {
          stateMachineVersionArn: this.stateMachine.stateMachineVersionArn,
          weight: 100,
        },
      ],
    });
  }

  private roleStatements(props: FormsWorkflowProps): PolicyStatement[] {
    const needs = workflowPermissions(JSON.parse(this.deployedDefinition), {
      place: props.place,
      stateMachineName: props.stateMachineName,
    });
    return [
      ...permissionStatements(needs),
      { Effect: "Allow", Action: LOG_DELIVERY_ACTIONS, Resource: "*" },
    ];
  }
}

function validateProps(props: FormsWorkflowProps): void {
  // The role is named `<state machine>-sfn`, and role names end at 64 characters.
  requireMatch(
    "stateMachineName",
    props.stateMachineName,
    /^[a-zA-Z0-9_-]{1,60}$/,
    "1 to 60 letters, digits, hyphens or underscores (the role name adds 4)",
  );
  requireMatch(
    "aliasName",
    props.aliasName,
    /^[a-zA-Z0-9_-]{1,80}$/,
    "1 to 80 letters, digits, hyphens or underscores",
  );
  requireMatch(
    "definitionFile",
    props.definitionFile,
    /^[a-z0-9-]+\.v\d+\.asl\.json$/,
    "a versioned name such as extract-customer-forms.v1.asl.json",
  );
}

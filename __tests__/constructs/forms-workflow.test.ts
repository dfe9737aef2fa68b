import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { SfnAlias } from "@cdktf/provider-aws/lib/sfn-alias";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import type { Construct } from "constructs";
import {
  fillPlaceholders,
  listPlaceholders,
  readAslFile,
  unescapeTerraformTemplate,
} from "../../constructs/definition";
import {
  FormsWorkflow,
  FormsWorkflowProps,
} from "../../constructs/forms-workflow";
import {
  permissionStatements,
  workflowPermissions,
} from "../../constructs/workflow-permissions";
import { stageNames } from "../../stacks/names";
import { parseStageConfig } from "../../stacks/stage-config";
import {
  DEFINITION_FILE,
  workflowPlaceholders,
} from "../../stacks/stage-stack";
import {
  addressOf,
  expectedServiceTrust,
  onlyResource,
  referenceTo,
  rolePolicies,
  synthConstructs,
  TEST_PLACE,
} from "../support/construct-synth";
import { deployedDefinitionOf, scalarsOf } from "../support/definition-values";
import { stageSettings } from "../support/stack-synth";

const NAME = "forms-staging-extract";
const STATE_MACHINE_ARN = `arn:aws:states:eu-central-1:123456789012:stateMachine:${NAME}`;
const LOG_GROUP = `/aws/vendedlogs/states/${NAME}`;

const names = stageNames("staging", TEST_PLACE);
const placeholders = workflowPlaceholders(
  parseStageConfig(stageSettings("staging")),
  names,
);

const PROPS: FormsWorkflowProps = {
  place: TEST_PLACE,
  stateMachineName: NAME,
  aliasName: "live",
  definitionFile: DEFINITION_FILE,
  placeholders,
  logRetentionDays: 30,
  logLevel: "ALL",
  logExecutionData: true,
};

function build(props: Partial<FormsWorkflowProps> = {}) {
  return (scope: Construct) => {
    new FormsWorkflow(scope, "workflow", { ...PROPS, ...props });
  };
}

function synthWorkflow(props: Partial<FormsWorkflowProps> = {}) {
  let workflow: FormsWorkflow | undefined;
  const synthesized = synthConstructs((scope) => {
    workflow = new FormsWorkflow(scope, "workflow", { ...PROPS, ...props });
  });
  if (!workflow) {
    throw new Error("FormsWorkflow was not built.");
  }
  const definition = String(
    onlyResource(synthesized.stack, "aws_sfn_state_machine").definition,
  );
  return { ...synthesized, workflow, definition };
}

describe("FormsWorkflow", () => {
  it("creates a published STANDARD state machine after its role", () => {
    const { text, stack } = synthWorkflow();
    expect(text).toHaveResourceWithProperties(SfnStateMachine, {
      name: NAME,
      type: "STANDARD",
      publish: true,
      role_arn: referenceTo(stack, "aws_iam_role", "arn"),
      tracing_configuration: { enabled: false },
    });
    expect(onlyResource(stack, "aws_sfn_state_machine").depends_on).toEqual([
      addressOf(stack, "aws_iam_role_policy"),
      addressOf(stack, "aws_cloudwatch_log_group"),
    ]);
  });

  it("keeps the execution log in a vended log group", () => {
    const { text } = synthWorkflow();
    expect(text).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: LOG_GROUP,
      retention_in_days: 30,
    });
  });

  it("logs to the log group ARN followed by :*", () => {
    const { stack } = synthWorkflow();
    const logging = onlyResource(stack, "aws_sfn_state_machine")
      .logging_configuration as Record<string, unknown>;
    const destination = String(logging.log_destination);
    expect(destination).toBe(
      `arn:aws:logs:eu-central-1:123456789012:log-group:${LOG_GROUP}:*`,
    );
    expect(destination).toContain(":log-group:/aws/vendedlogs/states/");
    expect(destination.endsWith(":*")).toBe(true);
    expect(logging.level).toBe("ALL");
    expect(logging.include_execution_data).toBe(true);
  });

  it("passes the log level and data setting through", () => {
    const { stack } = synthWorkflow({
      logLevel: "ERROR",
      logExecutionData: false,
    });
    expect(
      onlyResource(stack, "aws_sfn_state_machine").logging_configuration,
    ).toMatchObject({ level: "ERROR", include_execution_data: false });
  });

  it("deploys the ASL file with every placeholder filled", () => {
    const { definition } = synthWorkflow();
    const deployed = unescapeTerraformTemplate(definition);
    expect(deployed).not.toContain("{{");
    expect(Object.keys(placeholders).sort()).toEqual(
      listPlaceholders(readAslFile(DEFINITION_FILE)),
    );
    expect(JSON.parse(deployed)).toEqual(
      JSON.parse(fillPlaceholders(readAslFile(DEFINITION_FILE), placeholders)),
    );
  });

  it("substitutes each placeholder value into the definition", () => {
    // Distinctive numbers, so that each one can only come from its placeholder.
    const values = Object.fromEntries(
      Object.entries(placeholders).map(([name, value], index) => [
        name,
        typeof value === "number" ? 7301 + index : value,
      ]),
    );
    const { stack } = synthWorkflow({ placeholders: values });
    const { strings, numbers } = scalarsOf(deployedDefinitionOf(stack));
    for (const [name, value] of Object.entries(values)) {
      const found =
        typeof value === "number"
          ? numbers.includes(value)
          : strings.some((text) => text.includes(String(value)));
      expect({ name, found }).toEqual({ name, found: true });
    }
  });

  it("writes the definition Terraform reads and AWS receives", () => {
    const { definition, workflow } = synthWorkflow();
    expect(definition).toBe(workflow.definition);
    expect(unescapeTerraformTemplate(definition)).toBe(
      workflow.deployedDefinition,
    );
    expect(JSON.parse(workflow.deployedDefinition).StartAt).toEqual(
      expect.any(String),
    );
  });

  it("leaves no unescaped Terraform template sequence", () => {
    const { definition } = synthWorkflow();
    expect(definition).not.toMatch(/(?<!\$)\$\{/);
    expect(definition).not.toMatch(/(?<!%)%\{/);
  });

  it("points the alias at the newest version", () => {
    const { text, stack } = synthWorkflow();
    expect(text).toHaveResourceWithProperties(SfnAlias, {
      name: "live",
      routing_configuration: [
        {
          state_machine_version_arn: referenceTo(
            stack,
            "aws_sfn_state_machine",
            "state_machine_version_arn",
          ),
          weight: 100,
        },
      ],
    });
  });

  it("exposes the state machine and alias ARNs", () => {
    const { workflow } = synthWorkflow();
    expect(workflow.stateMachineArn).toBe(STATE_MACHINE_ARN);
    expect(workflow.aliasArn).toBe(`${STATE_MACHINE_ARN}:live`);
  });

  it("trusts only this state machine", () => {
    const { stack } = synthWorkflow();
    expect(rolePolicies(stack, `${NAME}-sfn`).trust.Statement).toEqual(
      expectedServiceTrust("states.amazonaws.com", "123456789012", [
        STATE_MACHINE_ARN,
        `${STATE_MACHINE_ARN}:*`,
      ]),
    );
  });

  it("grants what the definition needs plus log delivery", () => {
    const { stack, workflow } = synthWorkflow();
    const needs = workflowPermissions(JSON.parse(workflow.deployedDefinition), {
      place: TEST_PLACE,
      stateMachineName: NAME,
    });
    const statements = rolePolicies(stack, `${NAME}-sfn`).permissions.Statement;
    expect(statements.slice(0, -1)).toEqual(permissionStatements(needs));
    const logDelivery = statements[statements.length - 1];
    expect(logDelivery.Resource).toBe("*");
    expect(logDelivery.Action).toEqual(
      expect.arrayContaining([
        "logs:CreateLogDelivery",
        "logs:GetLogDelivery",
        "logs:UpdateLogDelivery",
        "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries",
        "logs:PutResourcePolicy",
        "logs:DescribeResourcePolicies",
        "logs:DescribeLogGroups",
      ]),
    );
  });

  it("grants the pipeline's calls on this stage's resources", () => {
    const { stack } = synthWorkflow();
    const statements = rolePolicies(stack, `${NAME}-sfn`).permissions.Statement;
    const resourcesFor = (action: string) =>
      statements
        .filter((statement) => [statement.Action].flat().includes(action))
        .flatMap((statement) => [statement.Resource ?? []].flat());
    expect(resourcesFor("textract:AnalyzeDocument")).toEqual(["*"]);
    expect(resourcesFor("firehose:PutRecordBatch")).toEqual([
      `arn:aws:firehose:eu-central-1:123456789012:deliverystream/${names.deliveryStream}`,
    ]);
    expect(resourcesFor("states:StartExecution")).toEqual([STATE_MACHINE_ARN]);
  });

  it.each([
    ["stateMachineName", "forms extract"],
    ["stateMachineName", "f".repeat(61)],
  ] as const)("rejects the %s %j", (field, value) => {
    expect(() => synthConstructs(build({ [field]: value }))).toThrow(
      `Invalid ${field} "${value}": expected 1 to 60 letters, digits, hyphens or underscores (the role name adds 4).`,
    );
  });

  it("rejects an alias name with a colon", () => {
    expect(() => synthConstructs(build({ aliasName: "live:1" }))).toThrow(
      'Invalid aliasName "live:1": expected 1 to 80 letters, digits, hyphens or underscores.',
    );
  });

  it.each(["extract-customer-forms.asl.json", "Forms.v1.asl.json"])(
    "rejects the definition file %j",
    (definitionFile) => {
      expect(() => synthConstructs(build({ definitionFile }))).toThrow(
        `Invalid definitionFile "${definitionFile}": expected a versioned name such as extract-customer-forms.v1.asl.json.`,
      );
    },
  );

  it("rejects placeholders without a value", () => {
    const [first, ...rest] = Object.keys(placeholders).sort();
    const partial = Object.fromEntries(
      rest.map((name) => [name, placeholders[name]]),
    );
    expect(() => synthConstructs(build({ placeholders: partial }))).toThrow(
      `ASL placeholders without a value: ${first}; add them to the values passed to fillPlaceholders.`,
    );
  });

  it("rejects a value the ASL file does not use", () => {
    const extra = { ...placeholders, UnusedSetting: 1 };
    expect(() => synthConstructs(build({ placeholders: extra }))).toThrow(
      "Values that match no ASL placeholder: UnusedSetting; remove them or use them in the ASL file.",
    );
  });
});

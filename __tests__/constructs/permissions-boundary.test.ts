import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Aspects } from "cdktf";
import {
  PermissionsBoundaryAspect,
  WORKLOAD_ACTIONS,
  WorkloadBoundary,
  workloadBoundaryArn,
} from "../../constructs/permissions-boundary";
import {
  parsePolicy,
  synthConstructs,
  onlyResource,
} from "../support/construct-synth";
import { readStack, removeDir, resourcesOf, synthApp } from "../support/synth";

const BOUNDARY = workloadBoundaryArn("111111111111", "forms-to-tables");

describe("WorkloadBoundary", () => {
  const { stack } = synthConstructs(
    (scope) =>
      new WorkloadBoundary(scope, "boundary", { project: "forms-to-tables" }),
  );
  const policy = onlyResource(stack, "aws_iam_policy");

  it("is named after the project", () => {
    expect(policy.name).toBe("forms-to-tables-workload-boundary");
    expect(BOUNDARY).toBe(
      "arn:aws:iam::111111111111:policy/forms-to-tables-workload-boundary",
    );
  });

  it("allows exactly the workload actions", () => {
    expect(parsePolicy(policy.policy).Statement).toEqual([
      {
        Sid: "WorkloadActionsOnly",
        Effect: "Allow",
        Action: [...WORKLOAD_ACTIONS],
        Resource: "*",
      },
    ]);
  });
});

describe("PermissionsBoundaryAspect", () => {
  it("attaches the boundary to every role in its scope", () => {
    const { stack } = synthConstructs((scope) => {
      new IamRole(scope, "a", { name: "a", assumeRolePolicy: "{}" });
      new IamRole(scope, "b", { name: "b", assumeRolePolicy: "{}" });
      Aspects.of(scope).add(new PermissionsBoundaryAspect(BOUNDARY));
    });
    const roles = Object.values(resourcesOf(stack, "aws_iam_role"));
    expect(roles.map((role) => role.permissions_boundary)).toEqual([
      BOUNDARY,
      BOUNDARY,
    ]);
  });
});

describe("workload roles of the stages", () => {
  const outdir = synthApp();
  afterAll(() => removeDir(outdir));

  it.each(["staging", "prod"])("all carry the boundary in %s", (stage) => {
    const roles = Object.values(
      resourcesOf(readStack(outdir, stage), "aws_iam_role"),
    );
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) {
      expect(role.permissions_boundary).toBe(BOUNDARY);
    }
  });

  it.each(["staging", "prod"])(
    "need no action beyond the boundary in %s",
    (stage) => {
      const policies = Object.values(
        resourcesOf(readStack(outdir, stage), "aws_iam_role_policy"),
      );
      const actions = policies.flatMap((policy) =>
        parsePolicy(policy.policy)
          .Statement.filter((statement) => statement.Effect === "Allow")
          .flatMap((statement) => [statement.Action].flat()),
      );
      const outside = actions.filter(
        (action) => !(WORKLOAD_ACTIONS as readonly string[]).includes(action),
      );
      expect(outside).toEqual([]);
    },
  );
});

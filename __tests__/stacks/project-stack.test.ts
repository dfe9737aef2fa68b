import type { SharedConfigInput } from "../../stacks/stage-config";
import { PROJECT } from "../../stacks/stage-config";
import {
  sharedSettings,
  stageSettings,
  synthSharedStack,
  synthStageStack,
} from "../support/stack-synth";
import type { SynthesizedStack } from "../support/synth";

// Every stack extends ProjectStack, so each check runs on the real shared and stage stacks.
type DeploymentSettings = Pick<
  SharedConfigInput,
  | "accountId"
  | "region"
  | "deployRoleArn"
  | "stateBucket"
  | "stateKeyPrefix"
  | "tags"
>;

interface StackCase {
  readonly stage: string;
  readonly settings: DeploymentSettings;
  readonly synth: (change?: Partial<DeploymentSettings>) => SynthesizedStack;
}

const DEPLOY_ROLE = "arn:aws:iam::111111111111:role/forms-deploy";

const STACKS: readonly StackCase[] = [
  {
    stage: "shared",
    settings: sharedSettings(),
    synth: (change = {}) =>
      synthSharedStack({ ...sharedSettings(), ...change }),
  },
  ...["staging", "prod"].map((stage) => ({
    stage,
    settings: stageSettings(stage),
    synth: (change: Partial<DeploymentSettings> = {}) =>
      synthStageStack({ ...stageSettings(stage), ...change }),
  })),
];

function providerOf(stack: SynthesizedStack): Record<string, unknown> {
  const providers = stack.provider?.aws ?? [];
  expect(providers).toHaveLength(1);
  return providers[0];
}

function backendOf(stack: SynthesizedStack): Record<string, unknown> {
  const backend = stack.terraform?.backend as
    Record<string, Record<string, unknown>> | undefined;
  expect(Object.keys(backend ?? {})).toEqual(["s3"]);
  return backend?.s3 ?? {};
}

describe.each(STACKS)("$stage stack", ({ stage, settings: raw, synth }) => {
  const stack = synth();

  it("deploys into the configured Region and account only", () => {
    const provider = providerOf(stack);
    expect(provider.region).toBe(raw.region);
    expect(provider.allowed_account_ids).toEqual([raw.accountId]);
  });

  it("tags every resource with project, stage and tool", () => {
    expect(providerOf(stack).default_tags).toEqual([
      {
        tags: {
          ...raw.tags,
          project: PROJECT,
          stage,
          "managed-by": "cdktf",
        },
      },
    ]);
  });

  it("adds extra tags to the project's own", () => {
    const tags = { owner: "data-team" };
    const [{ tags: synthesized }] = providerOf(synth({ tags }))
      .default_tags as { tags: Record<string, string> }[];
    expect(synthesized).toEqual({
      project: PROJECT,
      stage,
      "managed-by": "cdktf",
      owner: "data-team",
    });
  });

  it("rejects a tag the stack sets itself", () => {
    expect(() => synth({ tags: { project: "other" } })).toThrow(
      'has key "project"; expected a tag key other than project, stage, managed-by',
    );
  });

  it("uses the caller's credentials without a deploy role", () => {
    expect(raw.deployRoleArn).toBe(undefined);
    expect(providerOf(stack).assume_role).toBe(undefined);
    expect(backendOf(stack).assume_role).toBe(undefined);
  });

  it("assumes the deploy role when set", () => {
    const withRole = synth({ deployRoleArn: DEPLOY_ROLE });
    expect(providerOf(withRole).assume_role).toEqual([
      { role_arn: DEPLOY_ROLE, session_name: `${PROJECT}-${stage}` },
    ]);
    expect(backendOf(withRole).assume_role).toEqual({ role_arn: DEPLOY_ROLE });
  });

  it("keeps its state under a key of its own", () => {
    const backend = backendOf(stack);
    expect(backend.bucket).toBe(raw.stateBucket);
    expect(backend.key).toBe(`${raw.stateKeyPrefix}/${stage}.tfstate`);
    expect(backend.region).toBe(raw.region);
  });

  it("encrypts the state and locks it with a lock file", () => {
    const backend = backendOf(stack);
    expect(backend.encrypt).toBe(true);
    expect(backend.use_lockfile).toBe(true);
    expect(backend).not.toHaveProperty("dynamodb_table");
  });
});

describe("stack backends", () => {
  it("give each stack a different state key", () => {
    const keys = STACKS.map(({ synth }) => backendOf(synth()).key);
    expect(new Set(keys).size).toBe(STACKS.length);
  });
});

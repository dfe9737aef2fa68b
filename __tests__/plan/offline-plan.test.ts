import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parsePlan } from "../../scripts/lib/plan-json";
import { checkPlan } from "../../scripts/lib/plan-rules";
import {
  OFFLINE_OVERRIDE_FILE,
  OFFLINE_RELAXATIONS,
  offlineGuard,
  runTerraform,
  terraformEnvironment,
  writeOfflineOverride,
} from "../../scripts/lib/terraform";
import { useOfflineTerraform } from "../support/offline-terraform";
import type { SynthesizedStack } from "../support/synth";

jest.setTimeout(240_000);

const offline = useOfflineTerraform();

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

async function terraformOk(args: string[], workDir: string): Promise<string> {
  const result = await runTerraform(
    args,
    workDir,
    terraformEnvironment(workDir),
  );
  if (result.code !== 0) {
    throw new Error(`terraform ${args[0]} failed:\n${result.stderr}`);
  }
  return result.stdout;
}

// Builds a prod stack whose state contains the table bucket under its deployed name while
// the configuration renames it and drops prevent_destroy: a careless change that
// Terraform itself would plan as a replacement.
function renamedTableBucketFixture(): { workDir: string; address: string } {
  const workDir = offline.workDirFor("prod");
  const configFile = path.join(workDir, "cdk.tf.json");
  const config = readJson<SynthesizedStack>(configFile);
  const buckets = config.resource?.aws_s3tables_table_bucket ?? {};
  const [name] = Object.keys(buckets);
  const deployedName = String(buckets[name].name);
  buckets[name].name = `${deployedName}-renamed`;
  delete buckets[name].lifecycle;
  writeFileSync(configFile, JSON.stringify(config));

  const state = {
    version: 4,
    terraform_version: "1.11.4",
    serial: 1,
    lineage: "renamed-table-bucket-fixture",
    outputs: {},
    resources: [
      {
        mode: "managed",
        type: "aws_s3tables_table_bucket",
        name,
        provider: 'provider["registry.terraform.io/hashicorp/aws"]',
        instances: [
          {
            schema_version: 0,
            attributes: {
              name: deployedName,
              arn: `arn:aws:s3tables:eu-west-1:111111111111:bucket/${deployedName}`,
              created_at: "2026-01-01T00:00:00Z",
              owner_account_id: "111111111111",
              encryption_configuration: {
                kms_key_arn: null,
                sse_algorithm: "AES256",
              },
              maintenance_configuration: {
                iceberg_unreferenced_file_removal: {
                  status: "enabled",
                  settings: { non_current_days: 10, unreferenced_days: 3 },
                },
              },
            },
          },
        ],
      },
    ],
  };
  writeFileSync(path.join(workDir, "offline.tfstate"), JSON.stringify(state));
  writeOfflineOverride(workDir, offline.standIn().endpoint);
  return { workDir, address: `aws_s3tables_table_bucket.${name}` };
}

describe("plan rules on a real prod plan", () => {
  let planJson: string;
  let address: string;

  beforeAll(async () => {
    const fixture = renamedTableBucketFixture();
    address = fixture.address;
    await terraformOk(["init", "-input=false", "-no-color"], fixture.workDir);
    // The state is made up, so nothing is read back from AWS.
    await terraformOk(
      [
        "plan",
        "-input=false",
        "-no-color",
        "-lock=false",
        "-refresh=false",
        "-out=tfplan",
      ],
      fixture.workDir,
    );
    planJson = await terraformOk(["show", "-json", "tfplan"], fixture.workDir);
  });

  it("plans the renamed table bucket as a replacement", () => {
    const plan = parsePlan(planJson, "fixture");
    const bucket = plan.resource_changes?.find(
      (change) => change.address === address,
    );
    expect(bucket?.change.actions).toEqual(["delete", "create"]);
    expect(bucket?.change.replace_paths).toEqual([["name"]]);
  });

  it("reports the replacement of the prod table bucket", () => {
    const violations = checkPlan("prod", parsePlan(planJson, "fixture"), []);
    expect(violations).toEqual([
      expect.objectContaining({ rule: "PLAN-PROD-DATA-KEPT", address }),
    ]);
  });

  it("lets the replacement through when the allow list names it", () => {
    const allowList = [
      { stack: "prod", address, reason: "bucket renamed on purpose" },
    ];
    expect(
      checkPlan("prod", parsePlan(planJson, "fixture"), allowList),
    ).toEqual([]);
  });
});

describe("offline override", () => {
  let workDir: string;
  let plannedValues: {
    root_module: {
      resources: { type: string; values: Record<string, unknown> }[];
    };
  };

  beforeAll(async () => {
    workDir = offline.workDirFor("staging");
    writeOfflineOverride(workDir, offline.standIn().endpoint);
    await terraformOk(["init", "-input=false", "-no-color"], workDir);
    await terraformOk(
      ["plan", "-input=false", "-no-color", "-lock=false", "-out=tfplan"],
      workDir,
    );
    const show = JSON.parse(
      await terraformOk(["show", "-json", "tfplan"], workDir),
    ) as {
      planned_values: typeof plannedValues;
    };
    plannedValues = show.planned_values;
  });

  it("sets only the settings it lists as relaxed", () => {
    const override = readJson<{
      terraform: Record<string, unknown>;
      provider: { aws: Record<string, unknown>[] };
    }>(path.join(workDir, OFFLINE_OVERRIDE_FILE));
    expect(Object.keys(override.terraform)).toEqual(["backend"]);
    const relaxed = new Set(
      OFFLINE_RELAXATIONS.map((entry) => entry.setting.split(".")[0]),
    );
    const credentialSettings = [
      "access_key",
      "secret_key",
      "skip_credentials_validation",
      "skip_requesting_account_id",
      "skip_metadata_api_check",
      "skip_region_validation",
      "max_retries",
    ];
    for (const key of Object.keys(override.provider.aws[0])) {
      expect(relaxed.has(key) || credentialSettings.includes(key)).toBe(true);
    }
    expect(override.provider.aws[0]).not.toHaveProperty("region");
    expect(override.provider.aws[0]).not.toHaveProperty("default_tags");
  });

  it("keeps the stage's default tags", () => {
    const queue = plannedValues.root_module.resources.find(
      (r) => r.type === "aws_sqs_queue",
    );
    expect(queue?.values.tags_all).toEqual(
      expect.objectContaining({
        project: "forms-to-tables",
        stage: "staging",
        "managed-by": "cdktf",
      }),
    );
  });

  it("keeps the stage's Region in every ARN it plans", () => {
    const stream = plannedValues.root_module.resources.find(
      (r) => r.type === "aws_kinesis_firehose_delivery_stream",
    );
    const iceberg = (
      stream?.values.iceberg_configuration as { catalog_arn: string }[]
    )[0];
    expect(iceberg.catalog_arn).toMatch(
      /^arn:aws:glue:eu-west-1:111111111111:catalog\//,
    );
  });

  it("rejects an endpoint outside the loopback address", () => {
    expect(() =>
      writeOfflineOverride(workDir, "https://states.eu-west-1.amazonaws.com"),
    ).toThrow('Invalid sfnEndpoint "https://states.eu-west-1.amazonaws.com"');
  });
});

describe("offline guard", () => {
  it("stops a call to an AWS host at the closed loopback proxy", async () => {
    const workDir = offline.workDirFor("shared");
    // A data source that requests the caller identity from STS: the one kind of call the override does
    // not send to the stand-in.
    const configFile = path.join(workDir, "cdk.tf.json");
    const config =
      readJson<Record<string, Record<string, unknown>>>(configFile);
    config.data = { aws_caller_identity: { probe: {} } };
    writeFileSync(configFile, JSON.stringify(config));
    writeOfflineOverride(workDir, offline.standIn().endpoint);
    const env = terraformEnvironment(workDir);
    await terraformOk(["init", "-input=false", "-no-color"], workDir);
    const plan = await runTerraform(
      ["plan", "-input=false", "-no-color", "-lock=false"],
      workDir,
      offlineGuard(env),
    );
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain("127.0.0.1:9");
  });
});

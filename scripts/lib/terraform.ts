import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";

/**
 * Environment variable naming a Terraform filesystem mirror that contains hashicorp/aws,
 * the folder that contains `registry.terraform.io/`. Unset, Terraform installs providers
 * from the registry.
 */
export const PROVIDER_MIRROR_VARIABLE = "TERRAFORM_PROVIDER_MIRROR";

/** Name of the override file that makes a stack plan without AWS. */
export const OFFLINE_OVERRIDE_FILE = "offline_override.tf.json";

/** Provider settings the offline override relaxes, with the reason for each. */
export const OFFLINE_RELAXATIONS: readonly {
  setting: string;
  reason: string;
}[] = [
  {
    setting: "backend",
    reason:
      "a local, empty state instead of the S3 bucket, so every resource plans as an add and the destroy and replace rules cannot fire; plan against the account to review those",
  },
  { setting: "credentials", reason: "placeholder keys; no call reaches AWS" },
  {
    setting: "allowed_account_ids",
    reason: "cleared, because checking it needs the caller identity from STS",
  },
  {
    setting: "assume_role",
    reason: "cleared, because assuming a role needs STS",
  },
  {
    setting: "endpoints.sfn",
    reason:
      "points at the loopback stand-in that validates the definition with asl-validator",
  },
];

/** Result of one Terraform command. */
export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Builds the environment for Terraform in `workDir`: telemetry off, no prompts, and,
 * when TERRAFORM_PROVIDER_MIRROR is set, a CLI configuration of its own in `configDir`
 * (the work directory unless given) that installs hashicorp/aws from that mirror. Each work directory gets its own file,
 * so parallel runs share no plugin cache or lock file.
 */
export function terraformEnvironment(
  workDir: string,
  base: NodeJS.ProcessEnv = process.env,
  configDir: string = workDir,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
  };
  delete env.TF_PLUGIN_CACHE_DIR;
  const mirror = base[PROVIDER_MIRROR_VARIABLE];
  if (mirror) {
    const configFile = path.join(configDir, ".terraformrc.mirror");
    writeFileSync(configFile, mirrorCliConfig(mirror));
    env.TF_CLI_CONFIG_FILE = configFile;
  }
  return env;
}

/** Builds a Terraform CLI configuration that takes hashicorp/aws from a filesystem mirror. */
export function mirrorCliConfig(mirror: string): string {
  return [
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = ${JSON.stringify(mirror)}`,
    '    include = ["registry.terraform.io/hashicorp/aws"]',
    "  }",
    "  direct {",
    '    exclude = ["registry.terraform.io/hashicorp/aws"]',
    "  }",
    "}",
    "",
  ].join("\n");
}

/**
 * Writes the override file that lets a synthesized stack plan with no AWS account: a local
 * backend, placeholder credentials that skip every AWS call, and the Step Functions endpoint
 * on the loopback stand-in. The synthesized `cdk.tf.json` is left as it is.
 */
export function writeOfflineOverride(
  stackDir: string,
  sfnEndpoint: string,
): string {
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(sfnEndpoint)) {
    throw new Error(
      `Invalid sfnEndpoint "${sfnEndpoint}": the offline plan may only reach http://127.0.0.1:<port>.`,
    );
  }
  const override = {
    terraform: { backend: { local: { path: "offline.tfstate" } } },
    provider: {
      aws: [
        {
          access_key: "offline-placeholder",
          secret_key: "offline-placeholder",
          skip_credentials_validation: true,
          skip_requesting_account_id: true,
          skip_metadata_api_check: "true",
          skip_region_validation: true,
          max_retries: 1,
          allowed_account_ids: null,
          assume_role: null,
          endpoints: [{ sfn: sfnEndpoint }],
        },
      ],
    },
  };
  const file = path.join(stackDir, OFFLINE_OVERRIDE_FILE);
  writeFileSync(file, `${JSON.stringify(override, null, 2)}\n`);
  return file;
}

/** Runs Terraform in `cwd` and collects its output. */
export function runTerraform(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", [...args], { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", (error) =>
      reject(
        new Error(
          `Failed to start terraform in ${cwd}: ${error.message}; install Terraform 1.10 or later.`,
        ),
      ),
    );
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** A proxy address on the loopback that nothing listens on. */
const CLOSED_PROXY = "http://127.0.0.1:9";

/**
 * Adds proxy settings that send every HTTP request except those to the loopback address
 * to a closed port, so a plan that reaches for an AWS host fails at once instead of
 * sending placeholder credentials out. Use it for offline validate and plan, not for init,
 * which may need the registry.
 */
export function offlineGuard(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...env,
    HTTP_PROXY: CLOSED_PROXY,
    HTTPS_PROXY: CLOSED_PROXY,
    http_proxy: CLOSED_PROXY,
    https_proxy: CLOSED_PROXY,
    NO_PROXY: "127.0.0.1,localhost",
    no_proxy: "127.0.0.1,localhost",
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

import { spawnSync } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { validateWorkflow, type ValidationError } from "@action-validator/core";
import { parse } from "yaml";
import { z } from "zod";
import { SHARED_SETTINGS, STAGE_SETTINGS } from "../stacks/settings";

// Checks both GitHub Actions workflows against the workflow JSON schema that ships with
// action-validator and against the rules of this project: OIDC only, minimal permissions,
// deploy order and one concurrency group per stage. The shell and JavaScript snippets of
// the plan workflow also run here, on temporary files and with a fake npm.

const WORKFLOW_DIR = path.join(__dirname, "..", ".github", "workflows");
const ROLE_ARN_PREFIX = "arn:aws:iam::${{ vars.AWS_ACCOUNT_ID }}:role/";
const REGION_EXPRESSION = "${{ vars.AWS_REGION }}";
const CREDENTIALS_ACTION = "aws-actions/configure-aws-credentials";

const stepSchema = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  if: z.string().optional(),
  uses: z.string().optional(),
  run: z.string().optional(),
  with: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .optional(),
  env: z.record(z.string(), z.string()).optional(),
  "continue-on-error": z.boolean().optional(),
});

const permissionsSchema = z.union([
  z.string(),
  z.record(z.string(), z.string()),
]);

const concurrencySchema = z.union([
  z.string(),
  z.object({
    group: z.string(),
    "cancel-in-progress": z.union([z.boolean(), z.string()]).optional(),
  }),
]);

const jobSchema = z.object({
  name: z.string().optional(),
  if: z.string().optional(),
  needs: z.union([z.string(), z.array(z.string())]).optional(),
  "runs-on": z.string(),
  environment: z
    .union([
      z.string(),
      z.object({ name: z.string(), url: z.string().optional() }),
    ])
    .optional(),
  permissions: permissionsSchema.optional(),
  concurrency: concurrencySchema.optional(),
  env: z.record(z.string(), z.string()).optional(),
  steps: z.array(stepSchema),
});

const workflowSchema = z.object({
  name: z.string().optional(),
  on: z.record(
    z.string(),
    z.union([z.null(), z.record(z.string(), z.unknown())]),
  ),
  permissions: permissionsSchema.optional(),
  concurrency: concurrencySchema.optional(),
  env: z.record(z.string(), z.string()).optional(),
  jobs: z.record(z.string(), jobSchema),
});

type Step = z.infer<typeof stepSchema>;
type Job = z.infer<typeof jobSchema>;
type Workflow = z.infer<typeof workflowSchema>;

/**
 * One workflow file. The source is read at once, but the YAML is parsed on first use, so
 * a file that does not match `workflowSchema` fails the tests that use it and leaves the
 * action-validator tests to report the schema errors.
 */
class WorkflowFile {
  readonly source: string;
  private parsed: Workflow | undefined;

  constructor(readonly fileName: string) {
    this.source = readFileSync(path.join(WORKFLOW_DIR, fileName), "utf8");
  }

  get workflow(): Workflow {
    if (this.parsed === undefined) {
      const raw: unknown = parse(this.source);
      this.parsed = workflowSchema.parse(raw);
    }
    return this.parsed;
  }

  get jobs(): Job[] {
    return Object.values(this.workflow.jobs);
  }

  job(name: string): Job {
    return getJob(this.workflow, name);
  }
}

function getJob(workflow: Workflow, name: string): Job {
  const job = workflow.jobs[name];
  if (job === undefined) {
    throw new Error(
      `Job "${name}" not found. The workflow has the jobs ${Object.keys(workflow.jobs).join(", ")}.`,
    );
  }
  return job;
}

function getStep(job: Job, id: string): Step {
  const step = job.steps.find((candidate) => candidate.id === id);
  if (step === undefined) {
    throw new Error(`Step with id "${id}" not found.`);
  }
  return step;
}

function stepsUsing(job: Job, action: string): Step[] {
  return job.steps.filter(
    (step) => step.uses?.startsWith(`${action}@`) === true,
  );
}

/** Names a step by its id, else by its action without the version, else by its command. */
function stepLabel(step: Step): string {
  return (
    step.id ?? step.uses?.split("@")[0] ?? step.run?.trim() ?? "(empty step)"
  );
}

function needsOf(job: Job): string[] {
  if (job.needs === undefined) {
    return [];
  }
  return typeof job.needs === "string" ? [job.needs] : job.needs;
}

function environmentOf(job: Job): string | undefined {
  return typeof job.environment === "object"
    ? job.environment.name
    : job.environment;
}

/** Flattens the nested `states` of one-of errors, so a test can search every error. */
function flattenErrors(errors: readonly ValidationError[]): ValidationError[] {
  return errors.flatMap((error) => {
    const nested =
      "states" in error && error.states !== undefined ? error.states : [];
    return [error, ...flattenErrors(nested.flatMap((state) => state.errors))];
  });
}

function errorPaths(errors: readonly ValidationError[]): string[] {
  return flattenErrors(errors).map((error) =>
    "path" in error ? error.path : "",
  );
}

interface BashResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a `run:` script the way GitHub runs `shell: bash` (bash --noprofile --norc -eo pipefail). */
function runBash(
  script: string,
  cwd: string,
  env: Record<string, string>,
): BashResult {
  const scriptPath = path.join(cwd, ".step.sh");
  writeFileSync(scriptPath, script);
  const result = spawnSync(
    "bash",
    ["--noprofile", "--norc", "-eo", "pipefail", scriptPath],
    {
      cwd,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
      encoding: "utf8",
    },
  );
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}

/** Writes an executable `npm` that records its arguments and exits with FAKE_NPM_EXIT. */
function writeFakeNpm(binDir: string): void {
  mkdirSync(binDir, { recursive: true });
  const npmPath = path.join(binDir, "npm");
  writeFileSync(
    npmPath,
    '#!/usr/bin/env bash\necho "$*" > "$FAKE_NPM_ARGS"\nexit "$FAKE_NPM_EXIT"\n',
  );
  chmodSync(npmPath, 0o755);
}

interface IssueComment {
  id: number;
  body: string;
  user: { type: string } | null;
}

interface CommentParams {
  owner: string;
  repo: string;
  issue_number?: number;
  comment_id?: number;
  body?: string;
}

/** In-memory stand-in for the parts of the Octokit client that the comment script calls. */
class FakeIssuesApi {
  readonly comments: IssueComment[];
  readonly requests: { method: string; params: CommentParams }[] = [];
  private nextId = 1000;

  constructor(comments: IssueComment[]) {
    this.comments = comments;
  }

  client() {
    const listComments = async (params: CommentParams) => {
      this.requests.push({ method: "listComments", params });
      return { data: this.comments };
    };
    const createComment = async (params: CommentParams) => {
      this.requests.push({ method: "createComment", params });
      const comment: IssueComment = {
        id: this.nextId++,
        body: params.body ?? "",
        user: { type: "Bot" },
      };
      this.comments.push(comment);
      return { data: comment };
    };
    const updateComment = async (params: CommentParams) => {
      this.requests.push({ method: "updateComment", params });
      const comment = this.comments.find(
        (candidate) => candidate.id === params.comment_id,
      );
      if (comment === undefined) {
        throw new Error(`Comment ${params.comment_id} not found.`);
      }
      comment.body = params.body ?? "";
      return { data: comment };
    };
    return {
      paginate: async (
        method: (params: CommentParams) => Promise<{ data: IssueComment[] }>,
        params: CommentParams,
      ) => (await method(params)).data,
      rest: { issues: { listComments, createComment, updateComment } },
    };
  }
}

type AsyncFunctionConstructor = new (
  ...parameters: string[]
) => (...args: unknown[]) => Promise<unknown>;

const AsyncFunction = Object.getPrototypeOf(async () => undefined)
  .constructor as AsyncFunctionConstructor;

const PULL_REQUEST_NUMBER = 42;

/**
 * Runs the github-script step with a fake Octokit client. Like actions/github-script
 * (src/async-function.ts), it runs the `script` input as the body of an async function
 * with github, context, core and require in scope. The step's environment is set on
 * process.env for this call only.
 */
async function runCommentScript(
  script: string,
  env: Record<string, string>,
  api: FakeIssuesApi,
): Promise<string[]> {
  const logs: string[] = [];
  const context = {
    repo: { owner: "example-org", repo: "forms-to-tables" },
    payload: { pull_request: { number: PULL_REQUEST_NUMBER } },
  };
  const core = { info: (message: string) => logs.push(message) };
  const saved = Object.fromEntries(
    Object.keys(env).map((key) => [key, process.env[key]]),
  );
  Object.assign(process.env, env);
  try {
    const body = new AsyncFunction(
      "github",
      "context",
      "core",
      "require",
      script,
    );
    await body(api.client(), context, core, require);
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) {
        delete process.env[key];
      } else {
        process.env[key] = value;
      }
    }
  }
  return logs;
}

const plan = new WorkflowFile("plan.yml");
const deploy = new WorkflowFile("deploy.yml");

describe("action-validator", () => {
  it("plan workflow passes action-validator", () => {
    expect(validateWorkflow(plan.source).errors).toEqual([]);
  });

  it("deploy workflow passes action-validator", () => {
    expect(validateWorkflow(deploy.source).errors).toEqual([]);
  });

  it("rejects workflow without runs-on", () => {
    const broken =
      "on: push\njobs:\n  build:\n    steps:\n      - run: echo hello\n";
    const { errors } = validateWorkflow(broken);
    expect(errors.length).toBeGreaterThan(0);
    expect(errorPaths(errors)).toContain("/jobs/build/runs-on");
  });

  it("rejects unknown job key", () => {
    const broken =
      "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    stepz:\n      - run: echo hello\n";
    const { errors } = validateWorkflow(broken);
    expect(errors.length).toBeGreaterThan(0);
    const details = flattenErrors(errors).map((error) => error.detail ?? "");
    expect(details).toContain("Additional property 'stepz' is not allowed");
  });

  it("rejects invalid YAML", () => {
    const { errors } = validateWorkflow("on: [push\n");
    expect(errors.map((error) => error.code)).toEqual(["parse_error"]);
  });
});

describe.each([plan, deploy])("$fileName", (file) => {
  it("grants no permissions at workflow level", () => {
    expect(file.workflow.permissions).toEqual({});
  });

  it("sets CHECKPOINT_DISABLE", () => {
    expect(file.workflow.env?.CHECKPOINT_DISABLE).toBe("1");
  });

  it("has no long-lived AWS keys", () => {
    expect(file.source).not.toMatch(/aws-access-key-id/i);
    expect(file.source).not.toMatch(/aws-secret-access-key/i);
    expect(file.source).not.toMatch(/aws-session-token/i);
    expect(file.source).not.toMatch(/secrets\.AWS/i);
  });

  it("pins actions by major version", () => {
    const uses = file.jobs.flatMap((job) =>
      job.steps.flatMap((step) => (step.uses === undefined ? [] : [step.uses])),
    );
    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses) {
      expect(action).toMatch(/^[\w.-]+\/[\w.-]+@v\d+$/);
    }
  });

  it("limits permissions on every job", () => {
    for (const job of file.jobs) {
      expect(typeof job.permissions).toBe("object");
      const permissions =
        typeof job.permissions === "object" ? job.permissions : {};
      expect(permissions.contents).toBe("read");
      const writeScopes = Object.keys(permissions).filter(
        (scope) => permissions[scope] === "write",
      );
      for (const scope of writeScopes) {
        expect(["id-token", "pull-requests"]).toContain(scope);
      }
    }
  });

  it("requests id-token only to assume a role", () => {
    for (const job of file.jobs) {
      const assumesRole = stepsUsing(job, CREDENTIALS_ACTION).length > 0;
      const permissions =
        typeof job.permissions === "object" ? job.permissions : {};
      expect(permissions["id-token"] === "write").toBe(assumesRole);
    }
  });

  it("assumes roles through OIDC", () => {
    for (const job of file.jobs) {
      for (const step of stepsUsing(job, CREDENTIALS_ACTION)) {
        expect(step.with?.["role-to-assume"]).toEqual(
          expect.stringMatching(/^arn:aws:iam::/),
        );
        expect(step.with?.["role-session-name"]).toEqual(expect.any(String));
        expect(step.with?.["aws-region"]).toBe(REGION_EXPRESSION);
      }
    }
  });

  it("installs Node 20 and Terraform 1.11.4", () => {
    for (const job of file.jobs) {
      const [node] = stepsUsing(job, "actions/setup-node");
      expect(node?.with?.["node-version"]).toBe(20);
      expect(node?.with?.cache).toBe("npm");
      const [terraform] = stepsUsing(job, "hashicorp/setup-terraform");
      expect(terraform?.with?.terraform_version).toBe("1.11.4");
      expect(terraform?.with?.terraform_wrapper).toBe(false);
    }
  });
});

describe("plan workflow", () => {
  const planJob = () => plan.job("plan");

  it("runs on pull requests to main", () => {
    expect(Object.keys(plan.workflow.on)).toEqual(["pull_request"]);
    expect(plan.workflow.on.pull_request?.branches).toEqual([
      SHARED_SETTINGS.github.branch,
    ]);
  });

  it("cancels older runs of one pull request", () => {
    expect(plan.workflow.concurrency).toEqual({
      group: "plan-${{ github.event.pull_request.number }}",
      "cancel-in-progress": true,
    });
  });

  it("has exactly one job", () => {
    expect(Object.keys(plan.workflow.jobs)).toEqual(["plan"]);
  });

  it("grants plan job permissions", () => {
    expect(planJob().permissions).toEqual({
      contents: "read",
      "id-token": "write",
      "pull-requests": "write",
    });
  });

  it("runs steps in order", () => {
    expect(planJob().steps.map(stepLabel)).toEqual([
      "actions/checkout",
      "actions/setup-node",
      "hashicorp/setup-terraform",
      "npm ci",
      "npm test",
      CREDENTIALS_ACTION,
      "plan",
      "upload-plans",
      "comment-body",
      "comment",
      "fail-on-plan",
    ]);
  });

  it("assumes the plan role", () => {
    const [credentials] = stepsUsing(planJob(), CREDENTIALS_ACTION);
    expect(credentials?.with?.["role-to-assume"]).toBe(
      `${ROLE_ARN_PREFIX}forms-to-tables-github-plan`,
    );
  });

  it("plans every stack", () => {
    const run = getStep(planJob(), "plan").run ?? "";
    expect(run).toMatch(/^npm run plan \|\| status=\$\?$/m);
  });

  it("keeps going after a failed plan", () => {
    for (const id of ["upload-plans", "comment-body", "comment"]) {
      expect(getStep(planJob(), id).if).toBeUndefined();
    }
  });

  it("uploads cdktf.out/plans", () => {
    const upload = getStep(planJob(), "upload-plans");
    expect(upload.uses).toBe("actions/upload-artifact@v4");
    expect(upload.with?.path).toBe("cdktf.out/plans");
  });

  it("posts one comment", () => {
    expect(stepsUsing(planJob(), "actions/github-script")).toHaveLength(1);
    expect(getStep(planJob(), "comment").uses).toBe("actions/github-script@v7");
    expect(getStep(planJob(), "comment-body").run).toContain(
      "cdktf.out/plans/*/summary.md",
    );
  });

  it("fails when the plan failed", () => {
    const fail = getStep(planJob(), "fail-on-plan");
    expect(fail.if).toBe("steps.plan.outputs.exit-code != '0'");
    expect(fail.env?.PLAN_EXIT_CODE).toBe(
      "${{ steps.plan.outputs.exit-code }}",
    );
  });
});

describe("plan workflow scripts", () => {
  const planJob = () => plan.job("plan");
  const marker = () => planJob().env?.PLAN_COMMENT_MARKER ?? "";
  const commentFile = () => planJob().env?.PLAN_COMMENT_FILE ?? "";
  let workDir = "";

  beforeEach(() => {
    workDir = mkdtempSync(path.join(tmpdir(), "plan-workflow-"));
  });

  afterEach(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  function runPlanStep(npmExitCode: number): {
    result: BashResult;
    output: string;
    npmArgs: string;
  } {
    const binDir = path.join(workDir, "bin");
    writeFakeNpm(binDir);
    const outputFile = path.join(workDir, "github-output");
    const argsFile = path.join(workDir, "npm-args");
    writeFileSync(outputFile, "");
    const result = runBash(getStep(planJob(), "plan").run ?? "", workDir, {
      PATH: `${binDir}:${process.env.PATH ?? "/usr/bin:/bin"}`,
      GITHUB_OUTPUT: outputFile,
      FAKE_NPM_ARGS: argsFile,
      FAKE_NPM_EXIT: String(npmExitCode),
    });
    return {
      result,
      output: readFileSync(outputFile, "utf8"),
      npmArgs: readFileSync(argsFile, "utf8").trim(),
    };
  }

  function writeCommentBody(planExitCode: string): BashResult {
    return runBash(getStep(planJob(), "comment-body").run ?? "", workDir, {
      PLAN_COMMENT_MARKER: marker(),
      PLAN_COMMENT_FILE: commentFile(),
      PLAN_EXIT_CODE: planExitCode,
      HEAD_SHA: "0123abc",
      RUN_URL: "https://github.invalid/run/1",
    });
  }

  function readCommentBody(): string {
    return readFileSync(path.join(workDir, commentFile()), "utf8");
  }

  function writeSummary(stack: string, text: string): void {
    const dir = path.join(workDir, "cdktf.out", "plans", stack);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "summary.md"), text);
  }

  it("comment lists summaries in deploy order", () => {
    writeSummary("prod", "### prod: ready to apply\n");
    writeSummary("shared", "### shared: ready to apply\n");
    writeSummary("staging", "### staging: ready to apply\n");
    writeFileSync(
      path.join(workDir, "cdktf.out", "plans", "stacks.txt"),
      "shared\nstaging\nprod\n",
    );
    const result = writeCommentBody("0");
    expect(result.status).toBe(0);
    const body = readCommentBody();
    const order = ["### shared", "### staging", "### prod"].map((title) =>
      body.indexOf(title),
    );
    expect(order.every((position) => position >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("plan step runs npm run plan", () => {
    const { npmArgs } = runPlanStep(0);
    expect(npmArgs).toBe("run plan");
  });

  it("plan step stores exit code 0", () => {
    const { result, output } = runPlanStep(0);
    expect(result.status).toBe(0);
    expect(output).toBe("exit-code=0\n");
  });

  it("plan step keeps exit code 2", () => {
    const { result, output } = runPlanStep(2);
    expect(result.status).toBe(0);
    expect(output).toBe("exit-code=2\n");
  });

  it("plan step keeps exit code 1", () => {
    const { result, output } = runPlanStep(1);
    expect(result.status).toBe(0);
    expect(output).toBe("exit-code=1\n");
  });

  it("comment file stays out of the artifact", () => {
    expect(commentFile()).not.toBe("");
    expect(commentFile().startsWith("cdktf.out/plans/")).toBe(false);
  });

  it("comment joins every summary", () => {
    writeSummary("prod", "### prod\nno changes");
    writeSummary("shared", "### shared\n1 to add\n");
    const result = writeCommentBody("0");
    expect(result.status).toBe(0);
    const body = readCommentBody();
    expect(body.startsWith(`${marker()}\n`)).toBe(true);
    expect(body).toContain("0123abc");
    expect(body).toContain("Every plan rule passed.");
    expect(body).toContain("### prod\nno changes\n");
    expect(body).toContain("### shared\n1 to add\n");
    expect(body.indexOf("### prod")).toBeLessThan(body.indexOf("### shared"));
    expect(body).toContain("https://github.invalid/run/1");
  });

  it("comment reports failed plan rules", () => {
    writeSummary("staging", "### staging\nrule failed");
    const result = writeCommentBody("2");
    expect(result.status).toBe(0);
    const body = readCommentBody();
    expect(body).toContain("At least one plan rule failed");
    expect(body).toContain("### staging\nrule failed");
  });

  it("comment notes missing summaries", () => {
    const result = writeCommentBody("1");
    expect(result.status).toBe(0);
    const body = readCommentBody();
    expect(body).toContain("Terraform failed");
    expect(body).toContain("No stack wrote a summary.");
  });

  it("fail step exits with plan code", () => {
    const result = runBash(
      getStep(planJob(), "fail-on-plan").run ?? "",
      workDir,
      {
        PLAN_EXIT_CODE: "2",
      },
    );
    expect(result.status).toBe(2);
    expect(result.stdout).toContain("::error::npm run plan exited with code 2");
  });

  describe("comment script", () => {
    const script = () =>
      String(getStep(planJob(), "comment").with?.script ?? "");
    let bodyFile = "";

    beforeEach(() => {
      bodyFile = path.join(workDir, "comment.md");
    });

    function env(): Record<string, string> {
      return { PLAN_COMMENT_MARKER: marker(), PLAN_COMMENT_FILE: bodyFile };
    }

    it("creates the first comment", async () => {
      writeFileSync(bodyFile, `${marker()}\nfirst plan`);
      const api = new FakeIssuesApi([
        { id: 1, body: "looks good", user: { type: "User" } },
      ]);
      await runCommentScript(script(), env(), api);
      expect(api.requests.map((request) => request.method)).toEqual([
        "listComments",
        "createComment",
      ]);
      expect(api.requests[1]?.params.issue_number).toBe(PULL_REQUEST_NUMBER);
      expect(api.comments.map((comment) => comment.body)).toEqual([
        "looks good",
        `${marker()}\nfirst plan`,
      ]);
    });

    it("edits the earlier comment", async () => {
      writeFileSync(bodyFile, `${marker()}\nsecond plan`);
      const api = new FakeIssuesApi([
        {
          id: 1,
          body: `${marker()}\nquoted by a person`,
          user: { type: "User" },
        },
        { id: 2, body: `${marker()}\nfirst plan`, user: { type: "Bot" } },
        { id: 3, body: "other bot comment", user: { type: "Bot" } },
      ]);
      await runCommentScript(script(), env(), api);
      expect(api.requests.map((request) => request.method)).toEqual([
        "listComments",
        "updateComment",
      ]);
      expect(api.requests[1]?.params.comment_id).toBe(2);
      expect(api.comments.map((comment) => comment.body)).toEqual([
        `${marker()}\nquoted by a person`,
        `${marker()}\nsecond plan`,
        "other bot comment",
      ]);
    });

    it("truncates long comments", async () => {
      writeFileSync(bodyFile, `${marker()}\n${"x".repeat(70000)}`);
      const api = new FakeIssuesApi([]);
      await runCommentScript(script(), env(), api);
      const body = api.comments[0]?.body ?? "";
      expect(body).toHaveLength(65536);
      expect(body.startsWith(marker())).toBe(true);
      expect(body).toContain("The comment is truncated.");
    });
  });
});

describe("deploy workflow", () => {
  // The deploy jobs in order, each with the GitHub environment its role trusts.
  const stages = [
    { stage: "shared", environment: "shared" },
    ...STAGE_SETTINGS.map((settings) => ({
      stage: settings.stage,
      environment: settings.githubEnvironment,
    })),
  ];

  it("runs on push to main", () => {
    expect(deploy.workflow.on.push?.branches).toEqual([
      SHARED_SETTINGS.github.branch,
    ]);
  });

  it("runs on workflow_dispatch", () => {
    expect(Object.keys(deploy.workflow.on)).toContain("workflow_dispatch");
  });

  it("has one job per stack", () => {
    expect(Object.keys(deploy.workflow.jobs)).toEqual([
      "shared",
      "staging",
      "prod",
    ]);
    expect(Object.keys(deploy.workflow.jobs)).toEqual(
      stages.map(({ stage }) => stage),
    );
  });

  it("deploys shared, staging, prod in order", () => {
    expect(needsOf(deploy.job("shared"))).toEqual([]);
    expect(needsOf(deploy.job("staging"))).toEqual(["shared"]);
    expect(needsOf(deploy.job("prod"))).toEqual(["staging"]);
  });

  it("prod job uses environment prod", () => {
    expect(deploy.job("prod").environment).toBe("prod");
  });

  it("concurrency groups are unique", () => {
    const groups = deploy.jobs.map((job) =>
      typeof job.concurrency === "object"
        ? job.concurrency.group
        : job.concurrency,
    );
    expect(new Set(groups).size).toBe(groups.length);
  });

  describe.each(stages)("$stage job", ({ stage, environment }) => {
    const stageJob = () => deploy.job(stage);

    it("uses its GitHub environment", () => {
      expect(environmentOf(stageJob())).toBe(environment);
    });

    it("runs only from main", () => {
      expect(stageJob().if).toBe(
        `github.ref == 'refs/heads/${SHARED_SETTINGS.github.branch}'`,
      );
    });

    it("grants deploy permissions", () => {
      expect(stageJob().permissions).toEqual({
        contents: "read",
        "id-token": "write",
      });
    });

    it("never overlaps with itself", () => {
      expect(stageJob().concurrency).toEqual({
        group: `deploy-${stage}`,
        "cancel-in-progress": false,
      });
    });

    it("runs steps in order", () => {
      expect(stageJob().steps.map(stepLabel)).toEqual([
        "actions/checkout",
        "actions/setup-node",
        "hashicorp/setup-terraform",
        "npm ci",
        CREDENTIALS_ACTION,
        `npx cdktf deploy ${stage} --auto-approve`,
      ]);
    });

    it("assumes its own deploy role", () => {
      const [credentials] = stepsUsing(stageJob(), CREDENTIALS_ACTION);
      expect(credentials?.with?.["role-to-assume"]).toBe(
        `${ROLE_ARN_PREFIX}forms-to-tables-github-deploy-${stage}`,
      );
      expect(credentials?.with?.["role-session-name"]).toBe(
        `deploy-${stage}-\${{ github.run_id }}`,
      );
    });
  });
});

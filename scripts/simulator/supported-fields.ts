import { UnsupportedFeatureError } from "./errors";
import { expressionSource } from "./expressions";
import { JsonObject, JsonValue, isJsonObject } from "./json";

/** Resources of ItemReader and ResultWriter that the simulator models. */
export const ITEM_READER_RESOURCE = "arn:aws:states:::s3:listObjectsV2";
export const RESULT_WRITER_RESOURCE = "arn:aws:states:::s3:putObject";

const COMMON = ["Type", "Comment", "QueryLanguage"];
const TRANSITION = ["Next", "End"];

// The fields each state type may use in the simulation. Anything else stops it.
const STATE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Pass: [...COMMON, "Output", "Assign", ...TRANSITION],
  Task: [
    ...COMMON,
    "Resource",
    "Arguments",
    "Output",
    "Assign",
    "Retry",
    "Catch",
    ...TRANSITION,
  ],
  Choice: [...COMMON, "Choices", "Default", "Output", "Assign"],
  Wait: [...COMMON, "Seconds", "Timestamp", "Output", "Assign", ...TRANSITION],
  Succeed: [...COMMON, "Output"],
  Fail: [...COMMON, "Error", "Cause"],
  Map: [
    ...COMMON,
    "Items",
    "ItemSelector",
    "ItemProcessor",
    "ItemReader",
    "ItemBatcher",
    "ResultWriter",
    "MaxConcurrency",
    "ToleratedFailurePercentage",
    "ToleratedFailureCount",
    "Label",
    "Output",
    "Assign",
    "Retry",
    "Catch",
    ...TRANSITION,
  ],
};

const NESTED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  machine: ["Comment", "QueryLanguage", "StartAt", "States", "TimeoutSeconds"],
  ItemProcessor: ["Comment", "ProcessorConfig", "StartAt", "States"],
  ProcessorConfig: ["Mode", "ExecutionType"],
  ItemReader: ["Resource", "Arguments"],
  ItemBatcher: ["MaxItemsPerBatch", "MaxInputBytesPerBatch", "BatchInput"],
  ResultWriter: ["Resource", "Arguments"],
  Retry: [
    "ErrorEquals",
    "IntervalSeconds",
    "MaxAttempts",
    "BackoffRate",
    "MaxDelaySeconds",
    "JitterStrategy",
    "Comment",
  ],
  Catch: ["ErrorEquals", "Next", "Output", "Assign", "Comment"],
  Choices: ["Condition", "Next", "Comment"],
};

// Fields only a Distributed Map may have.
const DISTRIBUTED_ONLY = [
  "ItemReader",
  "ItemBatcher",
  "ResultWriter",
  "ToleratedFailurePercentage",
  "ToleratedFailureCount",
  "Label",
];

/**
 * Checks a whole definition before it runs, branches not taken included. It throws an
 * UnsupportedFeatureError naming the state and the field for the first thing the
 * simulator does not model. That is an unknown field, a JSONPath state, a state type
 * other than Pass, Task, Choice, Wait, Succeed, Fail and Map, or an unknown Task
 * resource. `compile` is called for every JSONata expression, so syntax errors come
 * first too.
 */
export function checkSupportedFields(
  definition: JsonValue,
  taskResources: readonly string[],
  compile: (source: string, location: string) => void,
): void {
  if (!isJsonObject(definition)) {
    throw new UnsupportedFeatureError(
      "The definition is not a JSON object; it must be an Amazon States Language document.",
    );
  }
  checkFields(definition, NESTED_FIELDS.machine, "The state machine");
  if (definition.QueryLanguage !== "JSONata") {
    throw new UnsupportedFeatureError(
      `The state machine has QueryLanguage ${JSON.stringify(definition.QueryLanguage)}; the simulator runs JSONata definitions only, so set "QueryLanguage": "JSONata" at the top level.`,
    );
  }
  checkMachine(definition, "", taskResources);
  compileAll(definition, "The state machine", compile);
}

function checkMachine(
  machine: JsonObject,
  parent: string,
  taskResources: readonly string[],
): void {
  const states = machine.States;
  if (!isJsonObject(states) || typeof machine.StartAt !== "string") {
    throw new UnsupportedFeatureError(
      `${parent ? `The ItemProcessor of ${parent}` : "The state machine"} needs StartAt and States.`,
    );
  }
  requireState(states, machine.StartAt, parent || "(top level)", "StartAt");
  for (const [name, state] of Object.entries(states)) {
    const path = parent ? `${parent}/${name}` : name;
    if (!isJsonObject(state)) {
      throw new UnsupportedFeatureError(`State ${path} is not a JSON object.`);
    }
    checkState(state, path, states, taskResources);
  }
}

function checkState(
  state: JsonObject,
  path: string,
  siblings: JsonObject,
  taskResources: readonly string[],
): void {
  const type = String(state.Type);
  const allowed = STATE_FIELDS[type];
  if (!allowed) {
    throw new UnsupportedFeatureError(
      `State ${path} has field "Type" with value ${JSON.stringify(state.Type)}, which the simulator does not support; it runs ${Object.keys(STATE_FIELDS).join(", ")} states.`,
    );
  }
  checkFields(state, allowed, `State ${path}`);

  if (state.QueryLanguage !== undefined && state.QueryLanguage !== "JSONata") {
    throw new UnsupportedFeatureError(
      `State ${path} has field "QueryLanguage" with value ${JSON.stringify(state.QueryLanguage)}; the simulator runs JSONata states only.`,
    );
  }
  for (const field of ["Next", "Default"]) {
    if (typeof state[field] === "string") {
      requireState(siblings, String(state[field]), path, field);
    }
  }

  checkList(state, "Retry", path);
  checkList(state, "Catch", path);
  checkList(state, "Choices", path);
  for (const entry of listOf(state, "Catch").concat(listOf(state, "Choices"))) {
    requireState(siblings, String(entry.Next), path, "Catch or Choices Next");
  }
  if (type === "Task" && !taskResources.includes(String(state.Resource))) {
    throw new UnsupportedFeatureError(
      `State ${path} has field "Resource" with value ${JSON.stringify(state.Resource)}, which the simulator does not model; it models ${taskResources.join(", ")}.`,
    );
  }
  if (type === "Map") {
    checkMap(state, path, taskResources);
  }
}

function checkMap(
  state: JsonObject,
  path: string,
  taskResources: readonly string[],
): void {
  const processor = state.ItemProcessor;
  if (!isJsonObject(processor)) {
    throw new UnsupportedFeatureError(
      `State ${path} has no ItemProcessor object; the simulator needs one (the JSONPath-era Iterator is not supported).`,
    );
  }
  checkFields(
    processor,
    NESTED_FIELDS.ItemProcessor,
    `State ${path} ItemProcessor`,
  );
  const config = isJsonObject(processor.ProcessorConfig)
    ? processor.ProcessorConfig
    : {};
  checkFields(
    config,
    NESTED_FIELDS.ProcessorConfig,
    `State ${path} ProcessorConfig`,
  );
  const mode = config.Mode ?? "INLINE";
  if (mode === "INLINE") {
    for (const field of DISTRIBUTED_ONLY) {
      if (state[field] !== undefined) {
        throw new UnsupportedFeatureError(
          `State ${path} has field "${field}", which only a Map with ProcessorConfig.Mode DISTRIBUTED may have.`,
        );
      }
    }
  } else if (mode !== "DISTRIBUTED") {
    throw new UnsupportedFeatureError(
      `State ${path} has field "ItemProcessor.ProcessorConfig.Mode" with value ${JSON.stringify(mode)}; expected INLINE or DISTRIBUTED.`,
    );
  }
  checkIntegration(state, "ItemReader", ITEM_READER_RESOURCE, path);
  checkIntegration(state, "ResultWriter", RESULT_WRITER_RESOURCE, path);
  if (state.ItemBatcher !== undefined) {
    if (!isJsonObject(state.ItemBatcher)) {
      throw new UnsupportedFeatureError(
        `State ${path} ItemBatcher is not an object.`,
      );
    }
    checkFields(
      state.ItemBatcher,
      NESTED_FIELDS.ItemBatcher,
      `State ${path} ItemBatcher`,
    );
  }
  checkMachine(processor, path, taskResources);
}

function checkIntegration(
  state: JsonObject,
  field: "ItemReader" | "ResultWriter",
  resource: string,
  path: string,
): void {
  const value = state[field];
  if (value === undefined) {
    return;
  }
  if (!isJsonObject(value)) {
    throw new UnsupportedFeatureError(
      `State ${path} ${field} is not an object.`,
    );
  }
  checkFields(value, NESTED_FIELDS[field], `State ${path} ${field}`);
  if (value.Resource !== resource) {
    throw new UnsupportedFeatureError(
      `State ${path} has field "${field}.Resource" with value ${JSON.stringify(value.Resource)}; the simulator models only ${resource} there.`,
    );
  }
}

function checkList(state: JsonObject, field: string, path: string): void {
  const value = state[field];
  if (value === undefined) {
    return;
  }
  if (!Array.isArray(value) || !value.every(isJsonObject)) {
    throw new UnsupportedFeatureError(
      `State ${path} has field "${field}" that is not a list of objects.`,
    );
  }
  value.forEach((entry, index) =>
    checkFields(
      entry as JsonObject,
      NESTED_FIELDS[field],
      `State ${path} ${field}[${index}]`,
    ),
  );
}

function listOf(state: JsonObject, field: string): JsonObject[] {
  const value = state[field];
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

function checkFields(
  node: JsonObject,
  allowed: readonly string[],
  where: string,
): void {
  for (const field of Object.keys(node)) {
    if (!allowed.includes(field)) {
      throw new UnsupportedFeatureError(
        `${where} has field "${field}", which the simulator does not support; remove it, or model it in scripts/simulator before relying on the simulation.`,
      );
    }
  }
}

function requireState(
  states: JsonObject,
  name: string,
  path: string,
  field: string,
): void {
  if (!isJsonObject(states[name])) {
    throw new UnsupportedFeatureError(
      `State ${path} names "${name}" in ${field}, but no state of that name exists at that level.`,
    );
  }
}

function compileAll(
  node: JsonValue,
  location: string,
  compile: (source: string, location: string) => void,
): void {
  const source = expressionSource(node);
  if (source !== undefined) {
    compile(source, location);
  } else if (Array.isArray(node)) {
    node.forEach((item, index) =>
      compileAll(item, `${location}[${index}]`, compile),
    );
  } else if (isJsonObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      compileAll(value, `${location}.${key}`, compile);
    }
  }
}

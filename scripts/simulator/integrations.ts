import { CallArguments } from "./call-arguments";
import type { RunLog } from "./call-log";
import { StatesError } from "./errors";
import type { FirehoseService } from "./firehose-service";
import type { JsonValue } from "./json";
import { S3Service, bodyOf } from "./s3-service";
import type { StepFunctionsService } from "./step-functions-service";
import type { TextractService } from "./textract-service";

/** The simulated AWS services of one simulation, and the log of their calls. */
export interface Services {
  readonly s3: S3Service;
  readonly textract: TextractService;
  readonly firehose: FirehoseService;
  readonly stepFunctions: StepFunctionsService;
  readonly log: RunLog;
}

interface Integration {
  /** Arguments fields the simulator models; any other field stops the simulation. */
  readonly fields: readonly string[];
  readonly call: (args: CallArguments, services: Services) => JsonValue;
}

const OBJECT_FIELDS = ["Bucket", "Key", "VersionId"];
const SDK = "arn:aws:states:::aws-sdk";

const TASK_INTEGRATIONS: Readonly<Record<string, Integration>> = {
  [`${SDK}:sfn:listExecutions`]: {
    fields: ["StateMachineArn", "StatusFilter", "MaxResults"],
    call: (args, services) => services.stepFunctions.listExecutions(args),
  },
  [`${SDK}:textract:analyzeDocument`]: {
    fields: ["Document", "FeatureTypes", "QueriesConfig"],
    call: (args, services) => services.textract.analyzeDocument(args),
  },
  [`${SDK}:firehose:putRecordBatch`]: {
    fields: ["DeliveryStreamName", "Records"],
    call: (args, services) => services.firehose.putRecordBatch(args),
  },
  [`${SDK}:s3:getObject`]: {
    fields: OBJECT_FIELDS,
    call: (args, services) => services.s3.getObject(args),
  },
  [`${SDK}:s3:headObject`]: {
    fields: OBJECT_FIELDS,
    call: (args, services) => services.s3.headObject(args),
  },
  [`${SDK}:s3:putObject`]: {
    fields: ["Bucket", "Key", "Body", "ContentType"],
    call: (args, services) =>
      services.s3.putObject(args, bodyOf(args.values.Body, args.where("Body"))),
  },
  [`${SDK}:s3:copyObject`]: {
    fields: ["Bucket", "Key", "CopySource", "CopySourceIfMatch"],
    call: (args, services) => services.s3.copyObject(args),
  },
  [`${SDK}:s3:deleteObject`]: {
    fields: OBJECT_FIELDS,
    call: (args, services) => services.s3.deleteObject(args),
  },
  [`${SDK}:s3:putObjectTagging`]: {
    fields: [...OBJECT_FIELDS, "Tagging"],
    call: (args, services) => services.s3.putObjectTagging(args),
  },
  [`${SDK}:s3:getObjectTagging`]: {
    fields: OBJECT_FIELDS,
    call: (args, services) => services.s3.getObjectTagging(args),
  },
};

/** Task resources the simulator models. */
export const TASK_RESOURCES = Object.keys(TASK_INTEGRATIONS);

/**
 * Makes one Task call and logs it with its arguments, and with its error name when it
 * fails. The result is the API response as the integration returns it.
 */
export function callTask(
  resource: string,
  args: JsonValue,
  statePath: string,
  services: Services,
): JsonValue {
  const integration = TASK_INTEGRATIONS[resource];
  const parsed = new CallArguments(
    args,
    `State ${statePath} Arguments`,
    integration.fields,
  );
  try {
    const result = integration.call(parsed, services);
    services.log.calls.push({ state: statePath, resource, arguments: args });
    return result;
  } catch (error) {
    if (error instanceof StatesError) {
      services.log.calls.push({
        state: statePath,
        resource,
        arguments: args,
        error: error.error,
      });
    }
    throw error;
  }
}

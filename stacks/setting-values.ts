import { z } from "zod";

// Checks of single setting values against the rules AWS applies to them, each returning
// what is wrong with a value, or undefined for a valid one.

// Characters AWS allows in tag keys and values.
const TAG_CHARACTERS = /^[\p{L}\p{N}\p{Z}_.:/=+\-@]*$/u;

// General purpose bucket naming rules (Amazon S3 User Guide): the characters and length,
// and the forms S3 reserves for its own endpoints and bucket types.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const RESERVED_BUCKET_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_BUCKET_SUFFIXES = [
  "-s3alias",
  "--ol-s3",
  ".mrap",
  "--x-s3",
  "--table-s3",
];

export function findBucketNameProblem(name: string): string | undefined {
  if (!BUCKET_NAME.test(name)) {
    return "expected an S3 bucket name of 3 to 63 lowercase letters, digits, dots and hyphens";
  }
  if (name.includes("..")) {
    return "expected an S3 bucket name without two adjacent dots";
  }
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) {
    return "expected an S3 bucket name that is not formatted as an IP address";
  }
  const prefix = RESERVED_BUCKET_PREFIXES.find((p) => name.startsWith(p));
  if (prefix !== undefined) {
    return `expected an S3 bucket name that does not start with "${prefix}", which S3 reserves`;
  }
  const suffix = RESERVED_BUCKET_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix !== undefined) {
    return `expected an S3 bucket name that does not end with "${suffix}", which S3 reserves`;
  }
  return undefined;
}

// EventBridge Scheduler schedule types (EventBridge Scheduler User Guide): a one-time
// at(), a rate() and a cron() of six fields.
const AT_EXPRESSION = /^at\((\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})\)$/;
const RATE_EXPRESSION =
  /^rate\([1-9]\d* (minute|minutes|hour|hours|day|days)\)$/;
const CRON_EXPRESSION = /^cron\((\S+(?: \S+){5})\)$/;

export function findScheduleProblem(expression: string): string | undefined {
  if (RATE_EXPRESSION.test(expression)) {
    return undefined;
  }
  const at = AT_EXPRESSION.exec(expression);
  if (at) {
    return findAtProblem(at[1], at[2]);
  }
  const cron = CRON_EXPRESSION.exec(expression);
  if (cron) {
    return findCronProblem(cron[1].split(" "));
  }
  return "expected rate(<n> <unit>), cron(<6 fields>) or at(yyyy-mm-ddThh:mm:ss)";
}

function findAtProblem(date: string, time: string): string | undefined {
  const [year, month, day] = date.split("-").map(Number);
  // setUTCFullYear, unlike Date.UTC, keeps years below 100 as written.
  const parsed = new Date(0);
  parsed.setUTCFullYear(year, month - 1, day);
  const isRealDate =
    parsed.getUTCFullYear() === year &&
    parsed.getUTCMonth() === month - 1 &&
    parsed.getUTCDate() === day;
  if (!isRealDate) {
    return `expected a real date in at(yyyy-mm-ddThh:mm:ss), but found "${date}"`;
  }
  const [hour, minute, second] = time.split(":").map(Number);
  if (hour > 23 || minute > 59 || second > 59) {
    return `expected a real time of day in at(yyyy-mm-ddThh:mm:ss), but found "${time}"`;
  }
  return undefined;
}

/** One field of a cron expression. */
interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names of the values from `min` up, such as JAN for 1 in the month field. */
  readonly valueNames?: readonly string[];
  /** Whether the field takes `?` (no specific value). */
  readonly takesNoValue: boolean;
  /** Whether the field takes a step such as `0/15`. */
  readonly takesStep: boolean;
  /** Forms that must be the whole field, such as `L` or `3#2`. */
  readonly isSpecialForm?: (text: string, field: CronField) => boolean;
  /** The values and forms the field takes, for error messages. */
  readonly allowed: string;
}

const MONTH_NAMES = [
  "JAN",
  "FEB",
  "MAR",
  "APR",
  "MAY",
  "JUN",
  "JUL",
  "AUG",
  "SEP",
  "OCT",
  "NOV",
  "DEC",
];
const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

// The six cron fields in order, with the values and wildcards that the cron expression
// reference of the Amazon EventBridge User Guide lists for each. Every field takes `*`,
// `,` lists of values and `a-b` ranges.
const CRON_FIELDS: readonly CronField[] = [
  {
    name: "minutes",
    min: 0,
    max: 59,
    takesNoValue: false,
    takesStep: true,
    allowed: "0-59",
  },
  {
    name: "hours",
    min: 0,
    max: 23,
    takesNoValue: false,
    takesStep: true,
    allowed: "0-23",
  },
  {
    name: "day-of-month",
    min: 1,
    max: 31,
    takesNoValue: true,
    takesStep: true,
    isSpecialForm: isDayOfMonthForm,
    allowed:
      "1-31, ?, L (last day) or a day with W (nearest weekday) such as 15W",
  },
  {
    name: "month",
    min: 1,
    max: 12,
    valueNames: MONTH_NAMES,
    takesNoValue: false,
    takesStep: true,
    allowed: "1-12 or JAN-DEC",
  },
  {
    name: "day-of-week",
    min: 1,
    max: 7,
    valueNames: DAY_NAMES,
    takesNoValue: true,
    takesStep: false,
    isSpecialForm: isDayOfWeekForm,
    allowed:
      "1-7 or SUN-SAT, ?, L (last day of the week), a day with L (last of the month) such as 6L, or day#n (nth of the month) such as MON#2",
  },
  {
    name: "year",
    min: 1970,
    max: 2199,
    takesNoValue: false,
    takesStep: true,
    allowed: "1970-2199",
  },
];

function findCronProblem(fields: readonly string[]): string | undefined {
  for (const [index, field] of CRON_FIELDS.entries()) {
    const problem = findCronFieldProblem(field, fields[index]);
    if (problem !== undefined) {
      return problem;
    }
  }
  // A schedule may pick days by day of month or by day of week, never by both.
  const [dayOfMonth, dayOfWeek] = [fields[2], fields[4]];
  if ((dayOfMonth === "?") === (dayOfWeek === "?")) {
    return `expected "?" in exactly one of the day-of-month and day-of-week fields, but found "${dayOfMonth}" and "${dayOfWeek}"`;
  }
  return undefined;
}

function findCronFieldProblem(
  field: CronField,
  text: string,
): string | undefined {
  if (text === "?" && field.takesNoValue) {
    return undefined;
  }
  if (field.isSpecialForm?.(text, field)) {
    return undefined;
  }
  for (const item of text.split(",")) {
    const problem = findCronItemProblem(field, item);
    if (problem !== undefined) {
      return problem;
    }
  }
  return undefined;
}

// Checks one list item: `*`, a value or an `a-b` range, optionally followed by `/step`.
function findCronItemProblem(
  field: CronField,
  item: string,
): string | undefined {
  const wrongItem = `expected ${field.allowed} in the ${field.name} field, but found "${item}"`;
  const [base, step, ...extra] = item.split("/");
  if (extra.length > 0) {
    return wrongItem;
  }
  if (step !== undefined) {
    const problem = findCronStepProblem(field, item, step);
    if (problem !== undefined) {
      return problem;
    }
  }
  if (base === "*") {
    return undefined;
  }
  const [start, end, ...more] = base.split("-");
  const first = cronValue(field, start);
  const last = end === undefined ? first : cronValue(field, end);
  if (more.length > 0 || first === undefined || last === undefined) {
    return wrongItem;
  }
  // NOTE: whether Scheduler accepts a range that wraps around, such as 22-2, is not
  // verified, so such a range is rejected and the message shows it split in two.
  if (first > last) {
    return `expected a range whose start is not after its end in the ${field.name} field, but found "${item}", so write it as two ranges: ${first}-${field.max},${field.min}-${last}`;
  }
  return undefined;
}

function findCronStepProblem(
  field: CronField,
  item: string,
  step: string,
): string | undefined {
  if (!field.takesStep) {
    return `expected no step (/) in the ${field.name} field, but found "${item}"`;
  }
  // A step longer than the field's range would never repeat.
  const valueCount = field.max - field.min + 1;
  const size = /^\d{1,4}$/.test(step) ? Number(step) : 0;
  if (size < 1 || size > valueCount) {
    return `expected a step from 1 to ${valueCount} in the ${field.name} field, but found "${item}"`;
  }
  return undefined;
}

/** Returns the number a cron value stands for, or undefined when the field has no such value. */
function cronValue(field: CronField, text: string): number | undefined {
  if (/^\d{1,4}$/.test(text)) {
    const value = Number(text);
    return value >= field.min && value <= field.max ? value : undefined;
  }
  const index = field.valueNames?.indexOf(text) ?? -1;
  return index < 0 ? undefined : field.min + index;
}

// `L` is the last day of the month and `15W` the weekday nearest the 15th.
function isDayOfMonthForm(text: string, field: CronField): boolean {
  const weekday = /^(\d{1,2})W$/.exec(text);
  return (
    text === "L" ||
    (weekday !== null && cronValue(field, weekday[1]) !== undefined)
  );
}

// `L` is the last day of the week, `6L` the last Friday of the month and `MON#2` the
// second Monday of the month.
function isDayOfWeekForm(text: string, field: CronField): boolean {
  const day = /^(\w+)(L|#[1-5])$/.exec(text);
  return (
    text === "L" || (day !== null && cronValue(field, day[1]) !== undefined)
  );
}

// Intl lists each zone under one name and leaves out "UTC".
// NOTE: Node.js 20 (ICU 78) lists some zones under their older IANA names, such as
// Asia/Calcutta for Asia/Kolkata, so the newer names are rejected with a pointer to the
// listed one. Whether Scheduler accepts both spellings is not verified here.
const TIME_ZONES = new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);

export function findTimeZoneProblem(name: string): string | undefined {
  if (TIME_ZONES.has(name)) {
    return undefined;
  }
  const expected =
    "expected an IANA time zone name such as Europe/Berlin or UTC";
  const listed = listedTimeZone(name);
  return listed === undefined
    ? expected
    : `${expected}, spelled exactly as listed: "${listed}"`;
}

/** Returns the name Intl lists for a zone it accepts in any case or spelling. */
function listedTimeZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat("en-US", {
      timeZone: name,
    }).resolvedOptions().timeZone;
  } catch (error) {
    if (error instanceof RangeError) {
      return undefined;
    }
    throw error;
  }
}

// AWS allows 50 tags per resource, and every stack adds project, stage and managed-by.
const MAX_EXTRA_TAGS = 47;

export function checkTags(
  tags: Record<string, string>,
  ctx: z.RefinementCtx,
): void {
  const keys = Object.keys(tags);
  if (keys.length > MAX_EXTRA_TAGS) {
    ctx.addIssue({
      code: "custom",
      message: `expected at most ${MAX_EXTRA_TAGS}, because AWS allows 50 tags per resource and every stack adds project, stage and managed-by`,
      params: { found: `${keys.length} tags` },
    });
  }
  for (const key of keys) {
    const problem = findTagKeyProblem(key);
    if (problem !== undefined) {
      ctx.addIssue({
        code: "custom",
        message: problem,
        params: { found: `key ${JSON.stringify(key)}` },
      });
    }
  }
}

function findTagKeyProblem(key: string): string | undefined {
  // AWS counts Unicode characters, so a letter outside the Basic Multilingual Plane,
  // which is two UTF-16 code units, counts once.
  const length = [...key].length;
  if (length < 1 || length > 128) {
    return `expected a tag key of 1 to 128 characters, but it has ${length}`;
  }
  if (!TAG_CHARACTERS.test(key)) {
    return "expected a tag key of letters, digits, spaces and the characters _ . : / = + - @";
  }
  if (key.toLowerCase().startsWith("aws:")) {
    return 'expected a tag key that does not start with "aws:", which AWS reserves for its own tags';
  }
  // IAM compares tag keys without regard to case, so `Stage` would clash with `stage`.
  if (DEFAULT_TAG_KEYS.includes(key.toLowerCase())) {
    return `expected a tag key other than ${DEFAULT_TAG_KEYS.join(", ")}, which every stack sets itself`;
  }
  return undefined;
}

// Tags the provider of every stack sets (stacks/project-stack.ts).
const DEFAULT_TAG_KEYS = ["project", "stage", "managed-by"];

export function findTagValueProblem(value: string): string | undefined {
  if ([...value].length > 256) {
    return "expected a tag value of at most 256 characters";
  }
  if (!TAG_CHARACTERS.test(value)) {
    return "expected a tag value of letters, digits, spaces and the characters _ . : / = + - @";
  }
  if (value.toLowerCase().startsWith("aws:")) {
    return 'expected a tag value that does not start with "aws:", which AWS reserves for its own tags';
  }
  return undefined;
}

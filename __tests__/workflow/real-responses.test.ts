import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { JsonObject } from "../../scripts/simulator/json";
import { REPO_ROOT } from "../support/synth";
import {
  callCounts,
  callsTo,
  listed,
  recordOf,
  runOnce,
} from "./support/simulation";
import { SynthesizedStages, synthesizeStages } from "./support/stages";

// Real AnalyzeDocument responses, read from the shared folder beside the repository and
// never copied into it. Each test derives a copy whose QUERY blocks carry the workflow's
// aliases, or its query texts where the test exercises the match by text.
const SHARED_TEXTRACT = path.join(
  REPO_ROOT,
  "..",
  "shared",
  "fixtures",
  "textract",
);
const describeIfShared = existsSync(SHARED_TEXTRACT) ? describe : describe.skip;
if (!existsSync(SHARED_TEXTRACT)) {
  // Written straight to stderr: jest shows no console output of a file whose tests all skip.
  process.stderr.write(
    `Skipping the tests over real Textract responses: ${SHARED_TEXTRACT} is absent.\n`,
  );
}

jest.setTimeout(60_000);

const TEXTS: Readonly<Record<string, string>> = {
  full_name: "What is the customer's full name?",
  email: "What is the customer's email address?",
  phone_number: "What is the customer's phone number?",
  mailing_address: "What is the customer's mailing address?",
  interest: "What is the customer interested in?",
};

/** How to rewrite one QUERY block, found by its original text. */
interface QueryChange {
  readonly alias: string;
  /** Drop the alias and ask the workflow's text, so the match falls back to the text. */
  readonly byText?: boolean;
}

function realResponse(
  file: string,
  changes: Readonly<Record<string, QueryChange>>,
): JsonObject {
  const response = JSON.parse(
    readFileSync(path.join(SHARED_TEXTRACT, file), "utf8"),
  ) as JsonObject;
  const blocks = response.Blocks as JsonObject[];
  const seen = new Set<string>();
  for (const block of blocks.filter((item) => item.BlockType === "QUERY")) {
    const query = block.Query as { Text: string; Alias?: string };
    const change = changes[query.Text];
    if (!change) {
      throw new Error(
        `${file} has a query ${JSON.stringify(query.Text)} that the test does not map.`,
      );
    }
    seen.add(query.Text);
    block.Query = change.byText
      ? { Text: TEXTS[change.alias] }
      : { ...query, Alias: change.alias };
  }
  expect([...seen].sort()).toEqual(Object.keys(changes).sort());
  return response;
}

describeIfShared("real Textract responses", () => {
  let stages: SynthesizedStages;

  beforeAll(() => {
    stages = synthesizeStages();
  });

  afterAll(() => {
    stages?.remove();
  });

  async function runReal(key: string, response: JsonObject) {
    const form = listed(key);
    const report = await runOnce(stages.staging, {
      objects: [form],
      responses: { [key]: response },
    });
    return { form, report };
  }

  function noteOf(
    report: Awaited<ReturnType<typeof runReal>>["report"],
  ): JsonObject {
    const [note] = callsTo(report, "aws-sdk:s3:putObject");
    return JSON.parse(
      String((note.arguments as JsonObject).Body),
    ) as JsonObject;
  }

  it("pairs a W-2 answer without geometry", async () => {
    const { form, report } = await runReal(
      "incoming/w2.pdf",
      realResponse("w2-name-address_2-queries_answer-without-geometry.json", {
        "What is the name?": { alias: "full_name" },
        "What is the address?": { alias: "mailing_address" },
      }),
    );
    expect(report.records).toEqual([]);
    expect(report.review).toEqual([
      {
        key: form.Key,
        reason:
          "MissingOrDoubtfulAnswers: email is missing; phone_number is missing.",
        location: "review/w2.pdf.json",
      },
    ]);
    expect(noteOf(report).answers).toEqual({
      full_name: { text: "Ana Carolina", confidence: 98 },
      email: null,
      phone_number: null,
      mailing_address: {
        text: "123 Any Street, Any Town, USA 63000001",
        confidence: 83,
      },
      interest: null,
    });
  });

  it("reviews a vaccination card's doubtful name", async () => {
    const { form, report } = await runReal(
      "incoming/vaccination-card.pdf",
      realResponse("vaccination-card_4-queries_low-confidence_no-alias.json", {
        "What is the patient name?": { alias: "full_name" },
        "What's the patient's date of birth": {
          alias: "phone_number",
          byText: true,
        },
        "What is the lot number of the 1st dose?": { alias: "email" },
        "Who is the manufacturer of the 2nd dose?": { alias: "interest" },
      }),
    );
    expect(report.records).toEqual([]);
    expect(report.review).toEqual([
      {
        key: form.Key,
        reason:
          "MissingOrDoubtfulAnswers: full_name has confidence 76, below 80.",
        location: "review/vaccination-card.pdf.json",
      },
    ]);
    expect(noteOf(report).answers).toEqual({
      full_name: { text: "Mary Major", confidence: 76 },
      email: { text: "AA1234", confidence: 100 },
      phone_number: { text: "1/6/58", confidence: 99 },
      mailing_address: null,
      interest: { text: "Pfizer", confidence: 100 },
    });
  });

  it("reviews a page without answers", async () => {
    const { form, report } = await runReal(
      "incoming/none-answered.pdf",
      realResponse("textractor-test-doc_2-queries_none-answered.json", {
        "Lorem ipsum?": { alias: "full_name" },
        "The quick brown fox jumps over the lazy dog?": { alias: "email" },
      }),
    );
    expect(report.review).toEqual([
      {
        key: form.Key,
        reason:
          "MissingOrDoubtfulAnswers: full_name is missing; email is missing; phone_number is missing.",
        location: "review/none-answered.pdf.json",
      },
    ]);
    expect(callCounts(report)).toEqual({
      "aws-sdk:sfn:listExecutions": 1,
      "s3:listObjectsV2": 1,
      "aws-sdk:textract:analyzeDocument": 1,
      "aws-sdk:s3:putObject": 1,
      "aws-sdk:s3:copyObject": 1,
      "aws-sdk:s3:deleteObject": 1,
      "s3:putObject": 2,
    });
  });

  it("matches queries without alias by text", async () => {
    const { form, report } = await runReal(
      "incoming/textractor.pdf",
      realResponse("textractor-test-doc_2-queries_answered_no-alias.json", {
        "What is the name of the package?": {
          alias: "full_name",
          byText: true,
        },
        "What is the title of the document?": {
          alias: "phone_number",
          byText: true,
        },
      }),
    );
    expect(report.review).toEqual([]);
    expect(report.records).toEqual([
      recordOf(form.Key, form.Etag, {
        full_name: "Textractor",
        phone_number: "Textractor Test Document",
      }),
    ]);
  });

  it("handles a real response with one query", async () => {
    const response = realResponse(
      "textractor-test-doc_2-queries_answered_no-alias.json",
      {
        "What is the name of the package?": { alias: "full_name" },
        "What is the title of the document?": { alias: "interest" },
      },
    );
    const blocks = response.Blocks as JsonObject[];
    const dropped = blocks.find(
      (block) =>
        (block.Query as { Alias?: string } | undefined)?.Alias === "interest",
    );
    const droppedAnswers = (dropped?.Relationships as { Ids: string[] }[])[0]
      .Ids;
    response.Blocks = blocks.filter(
      (block) =>
        block !== dropped && !droppedAnswers.includes(String(block.Id)),
    );
    const { form, report } = await runReal("incoming/one-query.pdf", response);
    expect(report.review).toEqual([
      {
        key: form.Key,
        reason:
          "MissingOrDoubtfulAnswers: email is missing; phone_number is missing.",
        location: "review/one-query.pdf.json",
      },
    ]);
    expect(noteOf(report).answers).toEqual({
      full_name: { text: "Textractor", confidence: 92 },
      email: null,
      phone_number: null,
      mailing_address: null,
      interest: null,
    });
  });
});

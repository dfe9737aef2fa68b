import type { TableColumn } from "../constructs/forms-table";

/**
 * Columns of the customer table. The five query columns carry the aliases of the
 * Textract queries; the rest say where and when each record came from, which answers
 * had a confidence below min_confidence, and where the PDF was moved.
 */
export const FORM_COLUMNS: readonly TableColumn[] = [
  { name: "full_name", type: "string" },
  { name: "email", type: "string" },
  { name: "phone_number", type: "string" },
  { name: "mailing_address", type: "string" },
  { name: "interest", type: "string" },
  { name: "processed_date", type: "date", required: true },
  { name: "source_key", type: "string", required: true },
  { name: "source_etag", type: "string", required: true },
  { name: "execution_arn", type: "string" },
  { name: "min_confidence", type: "double" },
  { name: "low_confidence_fields", type: "string" },
  { name: "archive_key", type: "string" },
];

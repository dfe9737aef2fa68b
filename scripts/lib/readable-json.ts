/**
 * Formats a JSON value indented like JSON.stringify(value, null, 2), except that an
 * object or array whose one-line form fits in `width` columns stays on one line. The
 * result is still valid JSON and reads like the source, at about half the length.
 */
export function readableJson(value: unknown, width = 100): string {
  return format(value, "", width);
}

function format(value: unknown, indent: string, width: number): string {
  const oneLine = JSON.stringify(value);
  if (
    value === null ||
    typeof value !== "object" ||
    indent.length + oneLine.length <= width
  ) {
    return oneLine;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = value.map((item) => `${inner}${format(item, inner, width)}`);
    return `[\n${items.join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).map(
    ([key, item]) =>
      `${inner}${JSON.stringify(key)}: ${format(item, inner, width)}`,
  );
  return `{\n${entries.join(",\n")}\n${indent}}`;
}

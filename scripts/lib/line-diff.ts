/**
 * Compares two texts line by line and returns a unified-style listing: unchanged lines
 * start with two spaces, removed ones with "- " and added ones with "+ ". With `context`,
 * only changed lines and that many unchanged lines around them are kept, in hunks headed
 * by "@@ line N @@" (N counts lines of `after`). Uses the longest common subsequence,
 * which is fine for texts of a few thousand lines.
 */
export function lineDiff(
  before: string,
  after: string,
  context?: number,
): string {
  const lines = diffLines(before.split("\n"), after.split("\n"));
  return context === undefined
    ? lines.map((line) => line.text).join("\n")
    : hunks(lines, context);
}

/** Counts the lines that differ between two texts. */
export function changedLineCount(before: string, after: string): number {
  return diffLines(before.split("\n"), after.split("\n")).filter(
    (line) => line.kind !== "same",
  ).length;
}

interface DiffLine {
  readonly kind: "same" | "removed" | "added";
  readonly text: string;
  /** Line number in `after`, or of the next line there for a removed line. */
  readonly afterLine: number;
}

function diffLines(a: readonly string[], b: readonly string[]): DiffLine[] {
  const lengths = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i][j] =
        a[i] === b[j]
          ? lengths[i + 1][j + 1] + 1
          : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ kind: "same", text: `  ${a[i]}`, afterLine: j + 1 });
      i++;
      j++;
    } else if (
      i < a.length &&
      (j === b.length || lengths[i + 1][j] >= lengths[i][j + 1])
    ) {
      lines.push({ kind: "removed", text: `- ${a[i]}`, afterLine: j + 1 });
      i++;
    } else {
      lines.push({ kind: "added", text: `+ ${b[j]}`, afterLine: j + 1 });
      j++;
    }
  }
  return lines;
}

function hunks(lines: readonly DiffLine[], context: number): string {
  const keep = lines.map(() => false);
  lines.forEach((line, index) => {
    if (line.kind !== "same") {
      for (
        let k = Math.max(0, index - context);
        k <= Math.min(lines.length - 1, index + context);
        k++
      ) {
        keep[k] = true;
      }
    }
  });
  const output: string[] = [];
  lines.forEach((line, index) => {
    if (!keep[index]) {
      return;
    }
    if (index === 0 || !keep[index - 1]) {
      output.push(`@@ line ${line.afterLine} @@`);
    }
    output.push(line.text);
  });
  return output.join("\n");
}

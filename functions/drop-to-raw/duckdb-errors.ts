/** Classifies DuckDB's errors: caused by the input (a BadInputError with reason and location) or not (rethrown). */
import { BadInputError, BadInputReason, InputLocation } from "../shared/errors";

/** DuckDB errors caused by the data (as opposed to memory, disk or our own SQL). */
export function isInputError(e: unknown): e is Error {
    if (!(e instanceof Error) || /No space left|Out of Memory/i.test(e.message)) return false;
    return /^(Invalid Input|Conversion|IO) Error/.test(e.message) || /^Binder Error: json_read expected records/.test(e.message) || PAST_BUFFER.test(e.message);
}

/** DuckDB's CSV reader on a line longer than its read buffer (it asks for a single-threaded read, which does not help). */
const PAST_BUFFER = /^Not implemented Error: The Parallel CSV Reader currently does not support a full read/;

export function errorLocation(e: Error): InputLocation | undefined {
    const csvLine = /CSV Error on Line: (\d+)/.exec(e.message);
    if (csvLine) return { line: Number(csvLine[1]) };
    const json = /at byte (\d+) in (?:line|record\/value) (\d+)/.exec(e.message);
    if (json) return { line: Number(json[2]), offset: Number(json[1]) };
    return undefined;
}

/** Reasons more specific than "malformed" that DuckDB's explanation reveals. */
const SPECIFIC_REASONS: [RegExp, BadInputReason][] = [
    [/Maximum line size|maximum_object_size|maximum object size|Parallel CSV Reader currently does not support a full read/i, "line-too-long"],
    [/Invalid unicode|not utf-8|invalid utf-8/i, "encoding"],
];
const EXPLANATION = /unterminated quote|Expected Number of Columns|Could not convert|Error when converting|Maximum line size|Invalid unicode|not utf-8/i;

/** A BadInputError with DuckDB's explanation but without the offending data (no rows in logs). */
export function toBadInput(e: Error, format: string, location: InputLocation | undefined, fallback?: BadInputReason): BadInputError {
    const lines = e.message.split("\n").map((l) => l.trim());
    const explanation = lines.find((l, i) => i > 0 && !/^(Original Line|Possible Solution|\*)/.test(l) && EXPLANATION.test(l));
    const reason =
        SPECIFIC_REASONS.find(([re]) => re.test(explanation ?? lines[0]))?.[1] ?? fallback ?? (format === "json" ? "malformed-json" : "malformed-csv");
    const first = PAST_BUFFER.test(lines[0])
        ? "a line is longer than the CSV read buffer"
        : lines[0].replace(/^(Invalid Input|Conversion|IO|Binder) Error: /, "");
    const message = (explanation ? `${first}: ${explanation}` : first).slice(0, 500);
    return new BadInputError(reason, message, location ?? {}, format);
}

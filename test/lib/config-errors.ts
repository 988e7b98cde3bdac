/** What the config tests read of a refusal: the ConfigError `parseConfig` raises for `raw`. */
import { expect } from "chai";
import { ConfigError, parseConfig } from "../../lib/config";

/** The message of the ConfigError `raw` raises (fails if `raw` parses or throws anything else). */
export function configErrorOf(raw: unknown): string {
    try {
        parseConfig(raw);
    } catch (e) {
        expect(e).to.be.instanceOf(ConfigError);
        return (e as Error).message;
    }
    throw new Error(`expected ${JSON.stringify(raw)} to be rejected`);
}

/** The issue lines of that message, after its heading. */
export function configErrorLines(raw: unknown): string[] {
    const [heading, ...lines] = configErrorOf(raw).split("\n");
    expect(heading).to.equal("Invalid stack configuration:");
    return lines;
}

/** One issue line as parseConfig writes it: key, value (or `(missing)`), message. */
export const configLine = (key: string, value: unknown, message: string) =>
    `  datalake:${key} = ${value === undefined ? "(missing)" : JSON.stringify(value)}: ${message}`;

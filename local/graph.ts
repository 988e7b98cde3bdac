/**
 * Pure helpers over the deployed resource graph (the engine's state, in the shape of
 * harness/program.ts's RecordedResource).
 */
import type { RecordedResource } from "../harness/program";

/** Function code folder (`functions/<name>`) from a deployed Lambda's code archive. */
export async function functionCodeName(fn: RecordedResource): Promise<string> {
    const assets: Record<string, { path?: Promise<string> | string }> = await fn.props.code?.assets;
    const entry = assets?.["index.js"];
    const file = entry && (await entry.path);
    const match = typeof file === "string" ? /functions[\\/]([^\\/]+)[\\/]index\.js$/.exec(file) : null;
    if (!match) throw new Error(`${fn.name}: cannot tell its code from the archive (expected .build/functions/<name>/index.js)`);
    return match[1];
}

/** `arn:<partition>:lambda:<region>:<account>:function:<name>[:<version or alias>]`, or `<name>[:<qualifier>]`. */
const FUNCTION_REF = /^(?:arn:[^:]+:lambda:[^:]*:\d*:function:)?([A-Za-z0-9_-]+)(?::[A-Za-z0-9$_-]+)?$/;

/**
 * The deployed function a reference names, however an event source names it: its name, its ARN,
 * or a version or alias ARN (every source invokes a `live` alias: lib/live-function.ts); an
 * invoke ARN (`.../functions/<arn>/invocations`) is read for the ARN inside.
 */
export function functionNamed(ref: unknown, resources: RecordedResource[]): RecordedResource | undefined {
    if (typeof ref !== "string") return undefined;
    const inner = /\/functions\/(.+)\/invocations$/.exec(ref)?.[1] ?? ref;
    const name = FUNCTION_REF.exec(inner)?.[1];
    return name === undefined ? undefined : resources.find((r) => r.type === "aws:lambda/function:Function" && r.outputs.name === name);
}

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

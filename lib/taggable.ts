/**
 * Which resource types take a `tags` map: read from the installed @pulumi/aws, whose every
 * resource module declares its type token (`static __pulumiType = 'aws:...'`) and, when the
 * resource is taggable, a `tags` input of string values in its `<Resource>Args`. Scanned once per
 * program run (about 1,500 small files) rather than kept as a list that would drift from the
 * installed provider.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const TYPE_TOKEN = /static __pulumiType = '([^']+)'/;
/** The `tags` input of an Args interface, in the shape of a string map (not autoscaling's list). */
const TAGS_MAP = /export interface \w+Args \{[^]*?\n {4}tags\?: pulumi\.Input<\{\s*\[key: string\]: pulumi\.Input<string>;/;

/** Type tokens of every @pulumi/aws resource whose args have a `tags` map, from the package in `awsDir`. */
export function scanTaggableTypes(awsDir: string): Set<string> {
    const found = new Set<string>();
    for (const module of fs.readdirSync(awsDir, { withFileTypes: true })) {
        if (!module.isDirectory() || module.name.startsWith(".") || module.name === "node_modules" || module.name === "types") continue;
        const dir = path.join(awsDir, module.name);
        for (const file of fs.readdirSync(dir)) {
            if (!file.endsWith(".js") || file === "index.js" || file.startsWith("get")) continue;
            const js = fs.readFileSync(path.join(dir, file), "utf8");
            const token = TYPE_TOKEN.exec(js)?.[1];
            if (!token) continue;
            const dts = path.join(dir, file.replace(/\.js$/, ".d.ts"));
            if (fs.existsSync(dts) && TAGS_MAP.test(fs.readFileSync(dts, "utf8"))) found.add(token);
        }
    }
    return found;
}

let cached: Set<string> | undefined;

/** The taggable types of the @pulumi/aws this program runs with. */
export function taggableTypes(): Set<string> {
    return (cached ??= scanTaggableTypes(path.dirname(require.resolve("@pulumi/aws/package.json"))));
}

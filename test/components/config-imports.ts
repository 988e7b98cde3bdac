/**
 * Which files of an area import lib/config: none may, in a props-first area (issue 17), so a
 * program builds the area's components without stack config. Read as text, so a type-only import
 * or a re-export counts too.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const COMPONENTS = path.resolve(__dirname, "../../components");
/** `lib/config` as a module (`.../lib/config"`) or a folder of modules (`.../lib/config/...`), not `lib/config-optional`. */
const IMPORTS_CONFIG = /lib\/config["'/]/;

/** The files (`<area>/<file>`) of the areas (folders under components/) whose text imports lib/config. */
export function configImporters(...areas: string[]): string[] {
    return areas
        .flatMap((area) => fs.readdirSync(path.join(COMPONENTS, area)).map((f) => path.posix.join(area, f)))
        .filter((f) => f.endsWith(".ts") && IMPORTS_CONFIG.test(fs.readFileSync(path.join(COMPONENTS, f), "utf8")));
}

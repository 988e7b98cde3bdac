/**
 * The module specifiers a TypeScript source imports, for the import-rule tests (no-config-imports,
 * policy/imports, import-cycles): TypeScript's own pre-parser, so every form counts (static,
 * type-only, side-effect, re-exports, `import()`, `require`) and comments and strings do not.
 */
import * as ts from "typescript";

/** Every specifier, in source order. */
export function moduleSpecifiers(source: string): string[] {
    return ts.preProcessFile(source, true, true).importedFiles.map((i) => i.fileName);
}

/** The relative ones (`./`, `../`): the program's own modules. */
export function relativeSpecifiers(source: string): string[] {
    return moduleSpecifiers(source).filter((spec) => spec.startsWith("."));
}

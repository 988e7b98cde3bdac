/**
 * Lambda layer with DuckDB's Node API and its native linux-x64 binary, copied from the installed
 * packages as Node resolves them from this module (the repository's node_modules, or a consumer's
 * when this runs from the npm package; the versions package.json pins). Functions keep `@duckdb/*`
 * external in their bundle (lib/bundle.ts) and resolve it from `/opt/nodejs/node_modules`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "node:fs";
import * as path from "node:path";
import { layerName } from "./names";
import { ownedBy } from "../../lib/ownership";

/** Packages the layer carries: the API, its loader, the linux-x64 binary, the loader's libc probe. */
export const DUCKDB_LAYER_PACKAGES = ["@duckdb/node-api", "@duckdb/node-bindings", "@duckdb/node-bindings-linux-x64", "detect-libc"];

/** The binary in the layer is built for x86_64 Linux; functions using it must match. */
export const DUCKDB_LAYER_ARCHITECTURE = "x86_64";

export interface DuckDbLayerArgs {
    /**
     * Directory holding the packages.
     * @default each package's directory as Node resolves it from this module
     */
    nodeModules?: string;
}

export class DuckDbLayer extends pulumi.ComponentResource {
    readonly layer: aws.lambda.LayerVersion;
    /** Versioned layer ARN, for a function's `layers`. */
    readonly arn: pulumi.Output<string>;

    constructor(name: string, args: DuckDbLayerArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:processing:DuckDbLayer", name, {}, ownedBy("processing", opts));
        const { nodeModules } = args;
        const dirs = nodeModules === undefined ? resolvePackageDirs(__dirname) : DUCKDB_LAYER_PACKAGES.map((pkg) => path.join(nodeModules, pkg));
        const entries: Record<string, pulumi.asset.FileArchive> = {};
        DUCKDB_LAYER_PACKAGES.forEach((pkg, i) => {
            if (!fs.existsSync(path.join(dirs[i], "package.json"))) {
                throw new Error(`DuckDB layer: ${dirs[i]} is missing; run \`npm ci\` (it installs ${pkg})`);
            }
            entries[`nodejs/node_modules/${pkg}`] = new pulumi.asset.FileArchive(dirs[i]);
        });
        this.layer = new aws.lambda.LayerVersion(
            `${name}-layer`,
            {
                layerName: layerName(pulumi.getProject(), pulumi.getStack(), "duckdb"),
                description: "DuckDB Node API with its native linux-x64 binary",
                code: new pulumi.asset.AssetArchive(entries),
                compatibleRuntimes: [aws.lambda.Runtime.NodeJS22dX, aws.lambda.Runtime.NodeJS24dX],
                compatibleArchitectures: [DUCKDB_LAYER_ARCHITECTURE],
                licenseInfo: "MIT",
            },
            { parent: this },
        );
        this.arn = this.layer.arn;
        this.registerOutputs({ arn: this.arn });
    }
}

/** Who requires each layer package but the first: it resolves from there, as npm may nest it under its dependant. */
const REQUIRED_BY: Record<string, string> = {
    "@duckdb/node-bindings": "@duckdb/node-api",
    "@duckdb/node-bindings-linux-x64": "@duckdb/node-bindings",
    "detect-libc": "@duckdb/node-bindings",
};

/**
 * The directory of each layer package as Node resolves it: the first from `from`, each other from
 * the package that requires it. A package that does not resolve maps to where it was expected, so
 * the layer's check names it.
 */
export function resolvePackageDirs(from: string): string[] {
    const dirs = new Map<string, string>();
    return DUCKDB_LAYER_PACKAGES.map((pkg) => {
        const base = dirs.get(REQUIRED_BY[pkg]) ?? from;
        let dir: string;
        try {
            dir = path.dirname(require.resolve(`${pkg}/package.json`, { paths: [base] }));
        } catch {
            dir = path.join(base, "node_modules", pkg);
        }
        dirs.set(pkg, dir);
        return dir;
    });
}

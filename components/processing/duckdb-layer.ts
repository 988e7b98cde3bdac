/**
 * Lambda layer with DuckDB's Node API and its native linux-x64 binary, copied from this
 * project's node_modules (the versions package-lock.json pins). Functions keep `@duckdb/*`
 * external in their bundle (lib/bundle.ts) and resolve it from `/opt/nodejs/node_modules`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../lib/bundle";
import { layerName } from "./names";
import { ownedBy } from "../../lib/ownership";

/** Packages the layer carries: the API, its loader, the linux-x64 binary, the loader's libc probe. */
export const DUCKDB_LAYER_PACKAGES = ["@duckdb/node-api", "@duckdb/node-bindings", "@duckdb/node-bindings-linux-x64", "detect-libc"];

/** The binary in the layer is built for x86_64 Linux; functions using it must match. */
export const DUCKDB_LAYER_ARCHITECTURE = "x86_64";

export interface DuckDbLayerArgs {
    /**
     * Directory holding the packages.
     * @default the project's node_modules
     */
    nodeModules?: string;
}

export class DuckDbLayer extends pulumi.ComponentResource {
    readonly layer: aws.lambda.LayerVersion;
    /** Versioned layer ARN, for a function's `layers`. */
    readonly arn: pulumi.Output<string>;

    constructor(name: string, args: DuckDbLayerArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:processing:DuckDbLayer", name, {}, ownedBy("processing", opts));
        const nodeModules = args.nodeModules ?? path.join(PROJECT_ROOT, "node_modules");
        const entries: Record<string, pulumi.asset.FileArchive> = {};
        for (const pkg of DUCKDB_LAYER_PACKAGES) {
            const dir = path.join(nodeModules, pkg);
            if (!fs.existsSync(path.join(dir, "package.json"))) {
                throw new Error(`DuckDB layer: ${dir} is missing; run \`npm ci\` (it installs ${pkg})`);
            }
            entries[`nodejs/node_modules/${pkg}`] = new pulumi.asset.FileArchive(dir);
        }
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

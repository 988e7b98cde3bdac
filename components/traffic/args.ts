/**
 * The serving area's args and their defaults, the one place they live: `Traffic` applies them
 * (`trafficWithDefaults`) and lib/config takes its `serving.*` defaults from here. Pure
 * (types only from Pulumi), so the config loads it without the Pulumi runtime.
 */
import type * as pulumi from "@pulumi/pulumi";
import { lakeContext, type LakeContext, type ResolvedLakeContext } from "../../lib/lake-context";
import type { LambdaVpc } from "../network/function-vpc";
import { withDefaults } from "../../lib/defaults";

/** What the job needs of the curated zone (a `Zone` satisfies it). */
export interface CuratedZone {
    bucketName: pulumi.Input<string>;
    bucketArn: pulumi.Input<string>;
    keyArn: pulumi.Input<string>;
}

/** The function code of `Traffic`, each bundled from functions/ when left out. */
export interface TrafficCode {
    /** The daily job's. */
    job?: pulumi.asset.Archive;
    /** The endpoint's. */
    api?: pulumi.asset.Archive;
}

export interface TrafficArgs {
    /** The zone holding the advertising view. Required. */
    curated: CuratedZone;
    /** The DuckDB layer's ARN (the job reads Parquet with it). Required. */
    duckdbLayerArn: pulumi.Input<string>;
    /**
     * Account scope, log retention, the logs key (`logsKeyArn` required) and `retainData` (point-in-time
     * recovery, deletion protection, table and key protected and retained; 30-day key deletion window, else 7). Required.
     */
    context: LakeContext;
    /**
     * When the daily job runs (EventBridge Scheduler expression, UTC); it loads the previous UTC day.
     * @default "cron(30 5 * * ? *)" (05:30, after the 04:00 ETL)
     */
    schedule?: string;
    /**
     * Longest range one request may ask for (days, both ends included; 1-366).
     * @default 31
     */
    maxRangeDays?: number;
    /**
     * X-Ray active tracing of the job and the endpoint (the lake passes `ingestApi.tracing`, its one tracing setting).
     * @default false
     */
    tracing?: boolean;
    /**
     * POWERTOOLS_LOG_LEVEL of the job and the endpoint.
     * @default "INFO"
     */
    logLevel?: string;
    /**
     * Code of the job and the endpoint.
     * @default functions/traffic-job and functions/traffic-api bundled by lib/bundle
     */
    code?: TrafficCode;
    /**
     * Run the job and the endpoint in these subnets with these security groups (the lake:
     * `network.lambdasInVpc`): they call only S3 and DynamoDB, both behind the VPC's gateway
     * endpoints (the job's DLQ is written by Lambda, not the function).
     * @default not in a VPC
     */
    vpc?: LambdaVpc;
}

export const SERVING_DEFAULTS = {
    schedule: "cron(30 5 * * ? *)",
    maxRangeDays: 31,
    tracing: false,
    logLevel: "INFO",
} as const satisfies Required<Omit<TrafficArgs, "curated" | "duckdbLayerArn" | "context" | "code" | "vpc">>;

/** The args with every default applied (the context's too); `code` and `vpc` stay optional. */
export type ResolvedTrafficArgs = Required<Omit<TrafficArgs, "context" | "code" | "vpc">> &
    Pick<TrafficArgs, "code" | "vpc"> & { context: ResolvedLakeContext };

/** Days one traffic request may span: at least one, at most a (leap) year of daily rows. */
export const SERVING_LIMITS = { maxRangeDays: [1, 366] } as const;

/** `args` with the defaults of the fields it leaves out (or sets to undefined); throws on a range outside SERVING_LIMITS. */
export function trafficWithDefaults(args: TrafficArgs): ResolvedTrafficArgs {
    const resolved: ResolvedTrafficArgs = { ...args, ...withDefaults(args, SERVING_DEFAULTS), context: lakeContext(args.context) };
    const [min, max] = SERVING_LIMITS.maxRangeDays;
    if (!(Number.isInteger(resolved.maxRangeDays) && resolved.maxRangeDays >= min && resolved.maxRangeDays <= max)) {
        throw new Error(`Traffic: maxRangeDays ${resolved.maxRangeDays} is not an integer in ${min}-${max}`);
    }
    return resolved;
}

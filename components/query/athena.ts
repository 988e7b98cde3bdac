/**
 * Athena for the lake: a results bucket of its own (SSE-KMS with the analytics key, expiry from
 * config), a workgroup that enforces its configuration (engine v3, encrypted results in that
 * bucket, a bytes-scanned limit per query, CloudWatch metrics), and the named example queries.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AthenaConfig } from "../../lib/config";
import { namedQueries } from "./named-queries";
import { ATHENA_ENGINE, RESULTS_PREFIX, bytesScannedCutoff } from "./workgroup-settings";
import { glueName } from "../../lib/names";
import { AnalyticsBucket } from "../storage";
import { ownedBy } from "../../lib/ownership";

export interface AthenaArgs {
    /** Workgroup settings (lib/config `athena`, defaults applied). Required. */
    athena: AthenaConfig;
    /** Analytics key ARN: results bucket default encryption and the workgroup's SSE_KMS. Required. */
    keyArn: pulumi.Input<string>;
    /** prod: results bucket retained; dev: destroyable (and the workgroup with its queries). Required. */
    retainData: boolean;
    /** Glue databases of the landing and curated zones (the named queries run there). Required. */
    dropDatabase: string;
    curatedDatabase: string;
    /** Streams with explicit tables in the landing database (Catalog `streamTables`). Required. */
    streamTables: string[];
    /** Server access logs bucket for the results bucket. Default: no access logs. */
    accessLogsBucket?: pulumi.Input<string>;
}

export class Athena extends pulumi.ComponentResource {
    readonly results: AnalyticsBucket;
    readonly workgroupName: pulumi.Output<string>;
    /** Named query ids by key (named-queries.ts). */
    readonly namedQueryIds: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: AthenaArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:query:Athena", name, {}, ownedBy("query", opts));
        const child = { parent: this };
        this.results = new AnalyticsBucket(
            `${name}-results`,
            {
                keyArn: args.keyArn,
                retainData: args.retainData,
                expireDays: args.athena.resultsExpireDays,
                noncurrentExpireDays: 1,
                accessLogsBucket: args.accessLogsBucket,
                logPrefix: "athena-results",
            },
            child,
        );
        const workgroup = new aws.athena.Workgroup(
            `${name}-workgroup`,
            {
                name: glueName(pulumi.getProject(), pulumi.getStack()),
                description: "Data lake queries: enforced settings, encrypted results, per-query scan limit",
                forceDestroy: !args.retainData,
                state: "ENABLED",
                configuration: {
                    enforceWorkgroupConfiguration: true,
                    engineVersion: { selectedEngineVersion: ATHENA_ENGINE },
                    publishCloudwatchMetricsEnabled: true,
                    requesterPaysEnabled: false,
                    bytesScannedCutoffPerQuery: bytesScannedCutoff(args.athena),
                    resultConfiguration: {
                        outputLocation: pulumi.interpolate`s3://${this.results.bucketName}/${RESULTS_PREFIX}`,
                        encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: args.keyArn },
                    },
                },
            },
            child,
        );
        this.workgroupName = workgroup.name;
        this.namedQueryIds = {};
        for (const q of namedQueries({ dropDatabase: args.dropDatabase, curatedDatabase: args.curatedDatabase, streamTables: args.streamTables })) {
            this.namedQueryIds[q.key] = new aws.athena.NamedQuery(
                `${name}-${q.key.replace(/_/g, "-")}`,
                { name: q.key, description: q.description, workgroup: workgroup.name, database: q.database, query: q.sql },
                child,
            ).id;
        }
        this.registerOutputs({ workgroupName: this.workgroupName, resultsBucket: this.results.bucketName, namedQueryIds: this.namedQueryIds });
    }
}

/**
 * Athena for the lake: a results bucket of its own (SSE-KMS with the analytics key, expiry from
 * its args), a workgroup that enforces its configuration (engine v3, encrypted results in that
 * bucket, a bytes-scanned limit per query, CloudWatch metrics), and, given the lake's databases,
 * the named example queries. Defaults in workgroup-settings.ts.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type LakeContext, lakeContext } from "../../lib/lake-context";
import { type QueryCatalog, namedQueries } from "./named-queries";
import { ATHENA_ENGINE, type AthenaSettings, RESULTS_PREFIX, athenaWithDefaults, bytesScannedCutoff } from "./workgroup-settings";
import { glueName } from "../../lib/names";
import { AnalyticsBucket } from "../storage";
import { ownedBy } from "../../lib/ownership";

export interface AthenaArgs extends AthenaSettings {
    /** The program's context: `retainData` keeps the results bucket (else it and the workgroup with its queries are destroyable). Required. */
    context: LakeContext;
    /** Analytics key ARN: results bucket default encryption and the workgroup's SSE_KMS. Required. */
    keyArn: pulumi.Input<string>;
    /**
     * The lake's databases and stream tables: the named example queries (named-queries.ts) run there.
     * @default none (no named queries)
     */
    namedQueries?: QueryCatalog;
    /**
     * Server access logs bucket for the results bucket.
     * @default none (no access logs)
     */
    accessLogsBucket?: pulumi.Input<string>;
}

export class Athena extends pulumi.ComponentResource {
    /** The results bucket (an `AnalyticsBucket`): its name and ARN. */
    readonly resultsBucketName: pulumi.Output<string>;
    readonly resultsBucketArn: pulumi.Output<string>;
    readonly workgroupName: pulumi.Output<string>;
    /** Named query ids by key (named-queries.ts). */
    readonly namedQueryIds: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: AthenaArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:query:Athena", name, {}, ownedBy("query", opts));
        const child = { parent: this };
        const settings = athenaWithDefaults(args);
        const { retainData } = lakeContext(args.context);
        const results = new AnalyticsBucket(
            `${name}-results`,
            {
                keyArn: args.keyArn,
                retainData,
                expireDays: settings.resultsExpireDays,
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
                forceDestroy: !retainData,
                state: "ENABLED",
                configuration: {
                    enforceWorkgroupConfiguration: true,
                    engineVersion: { selectedEngineVersion: ATHENA_ENGINE },
                    publishCloudwatchMetricsEnabled: true,
                    requesterPaysEnabled: false,
                    bytesScannedCutoffPerQuery: bytesScannedCutoff(settings),
                    resultConfiguration: {
                        outputLocation: pulumi.interpolate`s3://${results.bucketName}/${RESULTS_PREFIX}`,
                        encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: args.keyArn },
                    },
                },
            },
            child,
        );
        this.resultsBucketName = results.bucketName;
        this.resultsBucketArn = results.bucketArn;
        this.workgroupName = workgroup.name;
        this.namedQueryIds = {};
        for (const q of args.namedQueries ? namedQueries(args.namedQueries) : []) {
            this.namedQueryIds[q.key] = new aws.athena.NamedQuery(
                `${name}-${q.key.replace(/_/g, "-")}`,
                { name: q.key, description: q.description, workgroup: workgroup.name, database: q.database, query: q.sql },
                child,
            ).id;
        }
        this.registerOutputs({ workgroupName: this.workgroupName, resultsBucket: this.resultsBucketName, namedQueryIds: this.namedQueryIds });
    }
}

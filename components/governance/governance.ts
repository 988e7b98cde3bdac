/**
 * Governance of the lake: a CloudTrail trail (multi-region, log file validation, its own CMK,
 * management events and S3 data events of the zone buckets) into a bucket of its own, and into a
 * CloudWatch Logs group (for metric filters and alarms on its events), the
 * personas' roles assumable by the principals in its args, and the sandbox bucket the data
 * scientist writes to.
 *
 * Why its own bucket rather than the access logs bucket: S3 delivers server access logs only to
 * SSE-S3 buckets, while trail logs should be encrypted with a CMK whose use is itself logged; and
 * the trail is audit evidence, kept longer (7 years in prod) and readable by fewer people than
 * operational logs. Its bucket policy lets CloudTrail write only for this trail (`aws:SourceArn`).
 * Settings and their defaults: args.ts.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type GovernanceSettings, PERSONAS, type Persona, type ResolvedGovernanceSettings, governanceWithDefaults } from "./args";
import { type LakeContext, lakeContext, requireLogsKey } from "../../lib/lake-context";
import { NameRules, boundedName, glueName } from "../../lib/names";
import { roleWithPolicy } from "../../lib/service-role";
import { allOf, jsonOf } from "../../lib/outputs";
import { lakeKey } from "../keys";
import { AnalyticsBucket, privateBucket } from "../storage";
import { LakeScope, personaPolicy, personaTrustPolicy, trailArn, trailBucketPolicy, trailKeyPolicy, trailLogGroupName, trailLogsPolicy } from "./policies";
import { ownedBy } from "../../lib/ownership";
import { type GovernedTable, LakeFormation, type LakeFormationWriter } from "./lake-formation";

/** Role ARNs by persona, each member written out for the component package's schema (as `PersonasProps`). */
export interface PersonaRoleArns extends Partial<Record<Persona, pulumi.Output<string>>> {
    dataSteward?: pulumi.Output<string>;
    dataEngineer?: pulumi.Output<string>;
    dataScientist?: pulumi.Output<string>;
    biAnalyst?: pulumi.Output<string>;
}

/** A zone as governance sees it: its bucket and key (data events, persona scope) and its Glue database. */
export interface GovernedZone {
    /** The zone's name. */
    name: string;
    /** Its bucket's ARN. */
    bucketArn: pulumi.Input<string>;
    /** Its bucket's KMS key ARN. */
    keyArn: pulumi.Input<string>;
    /** Its Glue database. */
    database: string;
    /**
     * The database's resource when this program creates it (Lake Formation tags and grants come after it).
     * @default none (the database exists already)
     */
    databaseResource?: aws.glue.CatalogDatabase;
}

export interface GovernanceArgs extends GovernanceSettings {
    /**
     * The program's context: the account scope, `retainData` (trail key and bucket and the sandbox
     * retained and protected), and the retention and key of the trail's CloudWatch Logs group
     * (`logsKeyArn` required while the trail is enabled). Required.
     */
    context: LakeContext;
    /** Every zone (its data events are logged; personas are scoped to them). Required. */
    zones: GovernedZone[];
    /**
     * The zone business users read (the lake passes its curated zone, or raw with two zones).
     * @default the last of `zones`
     */
    curatedZone?: string;
    /** Athena workgroup name. Required. */
    workgroupName: pulumi.Input<string>;
    /** Athena's results bucket. Required. */
    resultsBucketArn: pulumi.Input<string>;
    /** Analytics key: Athena results and the sandbox. Required. */
    analyticsKeyArn: pulumi.Input<string>;
    /**
     * Keys the account's Data Catalog is encrypted with (Catalog `catalogKeyArns`): personas that read the catalog may use them.
     * @default []
     */
    catalogKeyArns?: pulumi.Input<string>[];
    /**
     * The lake's queues (zone queues and DLQs), which the steward redrives.
     * @default []
     */
    queueArns?: pulumi.Input<string>[];
    /**
     * Other lake buckets the steward administers (access logs, ETL artifacts).
     * @default []
     */
    otherBucketArns?: pulumi.Input<string>[];
    /**
     * Datasets with pii columns (the lake's dataset contracts): the data scientist, who reads them
     * masked in the curated zone, may not read them as sent in the zones before it.
     * @default []
     */
    piiDatasets?: string[];
    /**
     * Prefix of the lake's Glue job, crawler, workflow and trigger names, which the personas run.
     * @default `<project>_<stack>_`, the prefix the Etl and Catalog components name theirs with
     */
    gluePrefix?: string;
    /** Server access logs bucket for the trail and sandbox buckets. Required. */
    accessLogsBucket: pulumi.Input<string>;
    /**
     * With `lakeFormation.enabled`: the roles that write zones through the catalog (Glue jobs, crawlers), granted what they write.
     * @default []
     */
    writers?: LakeFormationWriter[];
    /**
     * With `lakeFormation.enabled`: tables with a sensitivity of their own or pii columns (the dataset contracts').
     * @default []
     */
    tables?: GovernedTable[];
}

/** The trail's bucket: private, SSE-KMS with the trail key, CloudTrail's bucket policy, expiry. */
class TrailBucket extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;

    constructor(
        name: string,
        args: {
            retainData: boolean;
            keyArn: pulumi.Input<string>;
            trailArn: pulumi.Input<string>;
            accountId: pulumi.Input<string>;
            retentionDays: number;
            accessLogsBucket: pulumi.Input<string>;
        },
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super("datalake:governance:TrailBucket", name, {}, ownedBy("governance", opts));
        this.bucket = privateBucket(
            name,
            {
                retainData: args.retainData,
                kmsKeyArn: args.keyArn,
                policy: (bucketArn) => jsonOf({ bucketArn, trailArn: args.trailArn, accountId: args.accountId }, trailBucketPolicy),
                lifecycleRules: [
                    { id: "trail-logs", status: "Enabled", filter: {}, expiration: { days: args.retentionDays } },
                    { id: "noncurrent-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 30 } },
                    { id: "incomplete-multipart-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
                ],
                accessLogs: { bucket: args.accessLogsBucket, prefix: "s3/trail/" },
            },
            this,
        ).bucket;
        this.registerOutputs({ bucketName: this.bucket.bucket });
    }
}

export class Governance extends pulumi.ComponentResource {
    readonly trail?: aws.cloudtrail.Trail;
    readonly trailBucketName?: pulumi.Output<string>;
    /** The sandbox bucket (an `AnalyticsBucket`): its name and ARN. */
    readonly sandboxBucketName: pulumi.Output<string>;
    readonly sandboxBucketArn: pulumi.Output<string>;
    /** Role ARNs by persona (personas with principals only). */
    readonly personaRoleArns: PersonaRoleArns;
    /** Lake Formation's registration role, when `lakeFormation.enabled`. */
    readonly lakeFormationRoleArn?: pulumi.Output<string>;

    constructor(name: string, args: GovernanceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:governance:Governance", name, {}, ownedBy("governance", opts));
        const settings = governanceWithDefaults(args);
        const context = lakeContext(args.context);
        if (settings.trail.enabled) {
            const { trail, bucket } = this.auditTrail(name, args, settings.trail.retentionDays);
            this.trail = trail;
            this.trailBucketName = bucket.bucket;
        }
        const sandbox = new AnalyticsBucket(
            `${name}-sandbox`,
            {
                keyArn: args.analyticsKeyArn,
                retainData: context.retainData,
                expireDays: settings.sandboxExpireDays,
                accessLogsBucket: args.accessLogsBucket,
                logPrefix: "sandbox",
            },
            { parent: this },
        );
        this.sandboxBucketName = sandbox.bucketName;
        this.sandboxBucketArn = sandbox.bucketArn;
        this.personaRoleArns = this.personas(name, args, settings);
        if (settings.lakeFormation.enabled) {
            const lakeFormation = new LakeFormation(
                `${name}-lake-formation`,
                {
                    ...settings.lakeFormation,
                    zones: args.zones,
                    curatedZone: args.curatedZone,
                    personaRoleArns: this.personaRoleArns,
                    writers: args.writers,
                    tables: args.tables,
                },
                { parent: this },
            );
            this.lakeFormationRoleArn = lakeFormation.registrationRoleArn;
        }
        this.registerOutputs({ trailBucketName: this.trailBucketName, personaRoleArns: this.personaRoleArns });
    }

    private auditTrail(name: string, args: GovernanceArgs, retentionDays: number): { trail: aws.cloudtrail.Trail; bucket: aws.s3.Bucket } {
        const { scope, retainData } = lakeContext(args.context);
        const trailName = boundedName([pulumi.getProject(), pulumi.getStack(), "trail"], NameRules.trail);
        const arn = pulumi.output(scope).apply((s) => trailArn(s, trailName));
        const key = lakeKey(
            `${name}-trail-key`,
            {
                description: "Data lake CloudTrail logs",
                policy: pulumi.output(scope).apply((s) => JSON.stringify(trailKeyPolicy(s, trailArn(s, trailName)))),
                retainData,
            },
            this,
        );
        const store = new TrailBucket(
            `${name}-trail`,
            {
                retainData,
                keyArn: key.arn,
                trailArn: arn,
                accountId: pulumi.output(scope).accountId,
                retentionDays,
                accessLogsBucket: args.accessLogsBucket,
            },
            { parent: this },
        );
        const bucket = store.bucket;
        const delivery = this.trailLogDelivery(name, trailName, args);
        const trail = new aws.cloudtrail.Trail(
            `${name}-trail`,
            {
                name: trailName,
                s3BucketName: bucket.bucket,
                kmsKeyId: key.arn,
                isMultiRegionTrail: true,
                includeGlobalServiceEvents: true,
                enableLogFileValidation: true,
                // CloudTrail takes the group's ARN with the `:*` of its streams.
                cloudWatchLogsGroupArn: pulumi.interpolate`${delivery.logGroup.arn}:*`,
                cloudWatchLogsRoleArn: delivery.role.arn,
                advancedEventSelectors: [
                    { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
                    {
                        name: "Object events of the zone buckets",
                        fieldSelectors: [
                            { field: "eventCategory", equals: ["Data"] },
                            { field: "resources.type", equals: ["AWS::S3::Object"] },
                            { field: "resources.ARN", startsWiths: args.zones.map((z) => pulumi.interpolate`${z.bucketArn}/`) },
                        ],
                    },
                ],
            },
            // CloudTrail checks the bucket policy and the logs role on creation: depend on both.
            { parent: this, dependsOn: [store, delivery.policy] },
        );
        return { trail, bucket };
    }

    /**
     * The trail's CloudWatch Logs group (stack retention, logs key; the logs key policy lets
     * CloudWatch Logs use it for every group of the account) and the role CloudTrail writes it with.
     */
    private trailLogDelivery(name: string, trailName: string, args: GovernanceArgs) {
        const { scope, logRetentionDays } = lakeContext(args.context);
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-trail-logs`,
            { name: trailLogGroupName(trailName), retentionInDays: logRetentionDays, kmsKeyId: requireLogsKey(args.context, "Governance") },
            { parent: this },
        );
        const { role, policy } = roleWithPolicy(
            `${name}-trail-logs`,
            {
                role: { service: "cloudtrail.amazonaws.com", description: "CloudTrail delivery to CloudWatch Logs" },
                policy: pulumi.output(scope).apply((s) => JSON.stringify(trailLogsPolicy(s, trailLogGroupName(trailName)))),
            },
            this,
        );
        return { logGroup, role, policy };
    }

    private personas(name: string, args: GovernanceArgs, settings: ResolvedGovernanceSettings): Partial<Record<Persona, pulumi.Output<string>>> {
        const { personas } = settings;
        const { scope: account } = lakeContext(args.context);
        const scope = allOf({
            account,
            zones: pulumi.all(args.zones.map((z) => allOf({ name: z.name, bucketArn: z.bucketArn, keyArn: z.keyArn, database: z.database }))),
            curated: args.curatedZone ?? args.zones[args.zones.length - 1].name,
            workgroupArn: pulumi
                .output(account)
                .apply((s) => pulumi.interpolate`arn:${s.partition}:athena:${s.region}:${s.accountId}:workgroup/${args.workgroupName}`),
            resultsBucketArn: args.resultsBucketArn,
            analyticsKeyArn: args.analyticsKeyArn,
            sandboxBucketArn: this.sandboxBucketArn,
            gluePrefix: args.gluePrefix ?? `${glueName(pulumi.getProject(), pulumi.getStack())}_`,
            queueArns: pulumi.all(args.queueArns ?? []),
            otherBucketArns: pulumi.all(args.otherBucketArns ?? []),
            catalogKeyArns: pulumi.all(args.catalogKeyArns ?? []),
            piiDatasets: args.piiDatasets ?? [],
        }).apply(({ account: s, ...lake }): LakeScope => ({ ...s, ...lake, lakeFormationReads: settings.lakeFormation.enabled }));
        const arns: Partial<Record<Persona, pulumi.Output<string>>> = {};
        for (const persona of PERSONAS) {
            const principals = personas[persona]?.principals ?? [];
            if (principals.length === 0) continue;
            const resource = `${name}-${persona.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
            const { role } = roleWithPolicy(
                resource,
                {
                    role: {
                        description: `Data lake persona ${persona}`,
                        assumeRolePolicy: JSON.stringify(personaTrustPolicy(principals)),
                        maxSessionDuration: 3600,
                    },
                    policy: scope.apply((s) => JSON.stringify(personaPolicy(persona, s))),
                },
                this,
            );
            arns[persona] = role.arn;
        }
        return arns;
    }
}

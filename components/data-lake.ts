/**
 * The whole lake from validated config: the shared access logs bucket, one Zone per configured
 * zone in promotion order, a ZoneProcessor for every hop zone i -> zone i+1 (the last zone has a
 * queue for later consumers but nothing to promote to), alarms on DLQs and processors, streaming
 * ingest into the landing zone, and the Glue catalog, Athena and Glue ETL over the zones.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { LakeConfig } from "../lib/config";
import { hopName, DuckDbLayer, ZoneProcessor } from "./processing";
import { AnalyticsKey } from "./security";
import { Catalog, CrawlerEventQueue } from "./catalog";
import { Etl } from "./etl";
import { Ingest } from "./ingest";
import { Governance, costAllocationTags } from "./governance";
import { glueName } from "../lib/names";
import { AlarmTopic, Monitoring, ResourceRegistry, alarmGroups, deriveSignals } from "./operations";
import { Athena } from "./query";
import { AccessLogsBucket, Zone } from "./storage";

/** Code of the first hop (landing -> raw) and of every later hop (functions/<name>). */
export const FIRST_HOP_CODE = "drop-to-raw";
export const LATER_HOP_CODE = "raw-to-curated";

export class DataLake extends pulumi.ComponentResource {
    readonly logs: AccessLogsBucket;
    /** Zones by name, e.g. `zones.raw`. */
    readonly zones: Record<string, Zone>;
    /** Processors by hop, e.g. `processors["drop-to-raw"]`. */
    readonly processors: Record<string, ZoneProcessor>;
    readonly alarmTopic: AlarmTopic;
    /** Firehose delivery streams into the landing zone and the HTTP ingest API. */
    readonly ingest: Ingest;
    /** Analytics CMK (Glue logs and bookmarks, Athena results, ETL artifacts, crawler queues). */
    readonly analyticsKey: AnalyticsKey;
    /** Glue databases, crawlers and stream tables. */
    readonly catalog: Catalog;
    /** Athena workgroup, results bucket and named queries. */
    readonly athena: Athena;
    /** Glue ETL jobs, workflow and triggers. */
    readonly etl: Etl;
    readonly bucketNames: Record<string, pulumi.Output<string>>;
    readonly queueUrls: Record<string, pulumi.Output<string>>;
    readonly dlqUrls: Record<string, pulumi.Output<string>>;
    readonly keyArns: Record<string, pulumi.Output<string>>;
    readonly functionNames: Record<string, pulumi.Output<string>>;
    /** Every resource below the lake, as constructed: what alarms and the dashboard derive from. */
    readonly registry: ResourceRegistry;
    /** CloudTrail, persona roles, sandbox. */
    readonly governance: Governance;
    /** Failure-event rules, topic policy, ops dashboard, Glue's log groups. */
    readonly monitoring: Monitoring;

    constructor(name: string, config: LakeConfig, opts?: pulumi.ComponentResourceOptions) {
        const registry = new ResourceRegistry();
        // The registry observes first, so the tags transformation can ask it for each resource's area.
        const transformations = [registry.observe, costAllocationTags(registry, pulumi.getProject(), pulumi.getStack())];
        super("datalake:index:DataLake", name, {}, { ...opts, transformations: [...(opts?.transformations ?? []), ...transformations] });
        this.registry = registry;
        const child = { parent: this };
        const accountId = aws.getCallerIdentityOutput({}, child).accountId;
        const partition = aws.getPartitionOutput({}, child).partition;
        const region = aws.getRegionOutput({}, child).region;
        const { retainData, processor: settings } = config;

        this.logs = new AccessLogsBucket(`${name}-access-logs`, { accountId, retainData }, child);

        this.analyticsKey = new AnalyticsKey(`${name}-analytics-key`, { accountId, partition, region, retainData }, child);
        // S3 event mode: each zone's single notification also feeds its crawler's queue.
        const crawlerQueues = Object.fromEntries(
            config.catalog.recrawl === "events"
                ? config.zones.map((z) => [z.name, new CrawlerEventQueue(`${name}-${z.name}-crawler-events`, { keyArn: this.analyticsKey.keyArn }, child)])
                : [],
        );

        const zones = config.zones.map(
            (zone) =>
                new Zone(
                    `${name}-${zone.name}`,
                    {
                        zone,
                        accountId,
                        partition,
                        accessLogsBucket: this.logs.bucketName,
                        retainData,
                        consumerTimeoutSeconds: settings.timeoutSeconds,
                        maxReceiveCount: settings.maxReceiveCount,
                        extraNotificationQueues: crawlerQueues[zone.name] ? [crawlerQueues[zone.name].notificationTarget] : undefined,
                    },
                    child,
                ),
        );

        const layer = new DuckDbLayer(`${name}-duckdb`, {}, child);
        const processors = zones.slice(0, -1).map((source, i) => {
            const target = zones[i + 1];
            const first = i === 0;
            return new ZoneProcessor(
                `${name}-${hopName(source.zoneName, target.zoneName)}`,
                {
                    source,
                    target,
                    code: first ? FIRST_HOP_CODE : LATER_HOP_CODE,
                    settings,
                    logRetentionDays: config.logRetentionDays,
                    layers: [layer.arn],
                    // The configured curation is the raw -> curated step; later hops copy as they are.
                    curationRules: first ? undefined : i === 1 ? config.curation : {},
                    // Each dataset has one drop -> raw owner: the Glue-owned ones are left to their jobs.
                    batchDatasets: first ? config.etl.tables : undefined,
                },
                child,
            );
        });

        this.ingest = new Ingest(
            `${name}-ingest`,
            { streams: config.streams, api: config.ingestApi, dropZone: zones[0], logRetentionDays: config.logRetentionDays, retainData },
            child,
        );

        const analytics = { analyticsKeyArn: this.analyticsKey.keyArn, accountId, partition, region };
        this.catalog = new Catalog(
            `${name}-catalog`,
            {
                ...analytics,
                zones: zones.map((z) => ({
                    name: z.zoneName,
                    bucketName: z.bucketName,
                    bucketArn: z.bucketArn,
                    keyArn: z.keyArn,
                    eventQueue: crawlerQueues[z.zoneName] && {
                        queueArn: crawlerQueues[z.zoneName].queueArn,
                        dlqArn: crawlerQueues[z.zoneName].dlqArn,
                    },
                })),
                streams: config.streams,
                catalog: config.catalog,
            },
            child,
        );
        const db = this.catalog.databaseNames;
        const lastZone = zones[zones.length - 1].zoneName;
        this.athena = new Athena(
            `${name}-athena`,
            {
                athena: config.athena,
                keyArn: this.analyticsKey.keyArn,
                retainData,
                dropDatabase: db[zones[0].zoneName],
                curatedDatabase: db[lastZone],
                streamTables: this.catalog.streamTables,
                accessLogsBucket: this.logs.bucketName,
            },
            child,
        );
        const etlZone = (z: Zone) => ({ name: z.zoneName, bucketName: z.bucketName, bucketArn: z.bucketArn, keyArn: z.keyArn, database: db[z.zoneName] });
        this.etl = new Etl(
            `${name}-etl`,
            {
                ...analytics,
                etl: config.etl,
                drop: etlZone(zones[0]),
                raw: etlZone(zones[1]),
                curated: zones[2] && etlZone(zones[2]),
                retainData,
                accessLogsBucket: this.logs.bucketName,
            },
            child,
        );

        this.alarmTopic = new AlarmTopic(
            `${name}-alarms`,
            { accountId, partition, retainData, email: config.alarmEmail },
            child,
        );
        // Each processor's alarms sit with the zone whose queue it drains.
        processors.forEach((p, i) => registry.attach(p, zones[i], "processor"));
        this.governance = this.govern(name, config, zones, { accountId, partition, region });
        this.monitoring = this.operations(name, config, { accountId, partition, region });

        this.zones = Object.fromEntries(zones.map((z) => [z.zoneName, z]));
        this.processors = Object.fromEntries(
            processors.map((p, i) => [hopName(zones[i].zoneName, zones[i + 1].zoneName), p]),
        );
        const byZone = (f: (z: Zone) => pulumi.Output<string>) => Object.fromEntries(zones.map((z) => [z.zoneName, f(z)]));
        this.bucketNames = byZone((z) => z.bucketName);
        this.queueUrls = byZone((z) => z.queueUrl);
        this.dlqUrls = byZone((z) => z.dlqUrl);
        this.keyArns = byZone((z) => z.keyArn);
        this.functionNames = Object.fromEntries(Object.entries(this.processors).map(([hop, p]) => [hop, p.functionName]));
        this.registerOutputs({
            logsBucketName: this.logs.bucketName,
            bucketNames: this.bucketNames,
            queueUrls: this.queueUrls,
            dlqUrls: this.dlqUrls,
            keyArns: this.keyArns,
            functionNames: this.functionNames,
            alarmTopicArn: this.alarmTopic.topicArn,
            deliveryStreamNames: this.ingest.deliveryStreamNames,
            ingestApiUrl: this.ingest.apiUrl,
            glueDatabases: this.catalog.databaseNames,
            crawlerNames: this.catalog.crawlerNames,
            athenaWorkgroup: this.athena.workgroupName,
            athenaResultsBucket: this.athena.results.bucketName,
            etlArtifactsBucket: this.etl.artifacts.bucketName,
            etlWorkflow: this.etl.workflowName,
            opsDashboard: this.monitoring.dashboardName,
        });
    }

    /** The trail over the zones, persona roles scoped to the lake's resources, the sandbox. */
    private govern(name: string, config: LakeConfig, zones: Zone[], scope: { accountId: pulumi.Input<string>; partition: pulumi.Input<string>; region: pulumi.Input<string> }): Governance {
        const db = this.catalog.databaseNames;
        return new Governance(
            `${name}-governance`,
            {
                governance: config.governance,
                scope: pulumi.all([scope.partition, scope.region, scope.accountId]).apply(([partition, region, accountId]) => ({ partition, region, accountId })),
                zones: zones.map((z) => ({ name: z.zoneName, bucketArn: z.bucketArn, keyArn: z.keyArn, database: db[z.zoneName] })),
                workgroupName: this.athena.workgroupName,
                resultsBucketArn: this.athena.results.bucketArn,
                analyticsKeyArn: this.analyticsKey.keyArn,
                queueArns: zones.flatMap((z) => [z.queueArn, z.dlqArn]),
                otherBucketArns: [this.logs.bucketArn, this.etl.artifacts.bucketArn],
                gluePrefix: `${glueName(pulumi.getProject(), pulumi.getStack())}_`,
                retainData: config.retainData,
                accessLogsBucket: this.logs.bucketName,
            },
            { parent: this },
        );
    }

    /**
     * Alarms and the ops dashboard for everything constructed so far (so this step comes last):
     * the signals of every resource in the registry, alarm groups as children of the lake.
     */
    private operations(name: string, config: LakeConfig, scope: { accountId: pulumi.Input<string>; partition: pulumi.Input<string>; region: pulumi.Input<string> }): Monitoring {
        const signals = deriveSignals(this.registry, config.operations);
        const alarms = alarmGroups(signals.alarms, this.alarmTopic.topicArn, this);
        return new Monitoring(
            `${name}-monitoring`,
            {
                alarms,
                events: signals.events,
                topic: this.alarmTopic.topic,
                scope: pulumi.all([scope.partition, scope.region, scope.accountId]).apply(([partition, region, accountId]) => ({ partition, region, accountId })),
                manageGlueLogGroups: config.operations.manageGlueLogGroups,
                logRetentionDays: config.logRetentionDays,
                analyticsKeyArn: this.analyticsKey.keyArn,
            },
            { parent: this },
        );
    }
}

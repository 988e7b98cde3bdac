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
import { AlarmTopic, ZoneAlarms } from "./operations";
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

    constructor(name: string, config: LakeConfig, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:index:DataLake", name, {}, opts);
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
        zones.forEach(
            (zone, i) =>
                new ZoneAlarms(
                    `${name}-${zone.zoneName}-alarms`,
                    {
                        zoneName: zone.zoneName,
                        topicArn: this.alarmTopic.topicArn,
                        dlqName: zone.dlqName,
                        functionName: processors[i]?.functionName,
                    },
                    child,
                ),
        );

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
        });
    }
}

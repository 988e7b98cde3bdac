/**
 * The whole lake from validated config, composed of the areas: the account scope looked up once,
 * storage (the shared access logs bucket, one Zone per configured zone in promotion order),
 * processing (a ZoneProcessor for every hop zone i -> zone i+1; the last zone has a queue for
 * later consumers but nothing to promote to), ingest into the landing zone, the catalog, query
 * and ETL over the zones by role (lib/config `zoneRoles`), and operations (alarm topic, alarms on
 * DLQs and processors). The analytics key and the logs key (every log group but Glue's) are
 * shared by the areas. Its stack outputs are one object, `outputs`, which it also registers.
 */
import * as pulumi from "@pulumi/pulumi";
import { lookupAccountScope, type AccountScope } from "../lib/account-scope";
import type { LakeConfig } from "../lib/config";
import { Catalog, CrawlerEventQueue } from "./catalog";
import { Etl, type EtlZone } from "./etl";
import { Ingest } from "./ingest";
import { AlarmTopic, ZoneAlarms } from "./operations";
import { DuckDbLayer, ZoneProcessor, hopName } from "./processing";
import { Athena } from "./query";
import { AnalyticsKey, LogsKey } from "./security";
import { AccessLogsBucket, Zone } from "./storage";

/** Code of the first hop (landing -> raw) and of every later hop (functions/<name>). */
export const FIRST_HOP_CODE = "drop-to-raw";
export const LATER_HOP_CODE = "raw-to-curated";

type Outputs<T> = Record<string, pulumi.Output<T>>;

/** The program's stack outputs (index.ts exports each key), also the component's registered outputs. */
export interface LakeOutputs {
    logsBucket: pulumi.Output<string>;
    buckets: Outputs<string>;
    queueUrls: Outputs<string>;
    dlqUrls: Outputs<string>;
    keyArns: Outputs<string>;
    functionNames: Outputs<string>;
    alarmTopicArn: pulumi.Output<string>;
    deliveryStreams: Outputs<string>;
    kinesisStreams: Outputs<string>;
    ingestApiUrl?: pulumi.Output<string>;
    ingestApiKeyId?: pulumi.Output<string>;
    glueDatabases: Record<string, string>;
    crawlerNames: Outputs<string>;
    athenaWorkgroup: pulumi.Output<string>;
    athenaResultsBucket: pulumi.Output<string>;
    etlArtifactsBucket: pulumi.Output<string>;
    etlWorkflow?: pulumi.Output<string>;
    etlJobs: { dropToRaw: Outputs<string>; rawToCurated?: pulumi.Output<string>; apiIngest?: pulumi.Output<string> };
}

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
    /** Logs CMK (every log group the lake declares but Glue's). */
    readonly logsKey: LogsKey;
    /** Glue databases, crawlers and stream tables. */
    readonly catalog: Catalog;
    /** Athena workgroup, results bucket and named queries. */
    readonly athena: Athena;
    /** Glue ETL jobs, workflow and triggers. */
    readonly etl: Etl;
    readonly bucketNames: Outputs<string>;
    readonly queueUrls: Outputs<string>;
    readonly dlqUrls: Outputs<string>;
    readonly keyArns: Outputs<string>;
    readonly functionNames: Outputs<string>;
    /** Every stack output, by its export name. */
    readonly outputs: LakeOutputs;

    private readonly scope: pulumi.Output<AccountScope>;

    constructor(
        private readonly name: string,
        private readonly config: LakeConfig,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super("datalake:index:DataLake", name, {}, opts);
        this.scope = lookupAccountScope(this);

        this.logs = new AccessLogsBucket(`${name}-access-logs`, { scope: this.scope, retainData: config.retainData }, { parent: this });
        this.analyticsKey = new AnalyticsKey(`${name}-analytics-key`, { scope: this.scope, retainData: config.retainData }, { parent: this });
        this.logsKey = new LogsKey(`${name}-logs-key`, { scope: this.scope, retainData: config.retainData }, { parent: this });
        const crawlerQueues = this.crawlerQueues();
        this.zones = this.storage(crawlerQueues);
        this.processors = this.processing();
        this.ingest = this.ingestInto(this.zone("landing"));
        this.catalog = this.catalogOf(crawlerQueues);
        this.athena = this.query();
        this.etl = this.batchEtl();
        this.alarmTopic = this.operations();

        const byZone = (f: (z: Zone) => pulumi.Output<string>) => Object.fromEntries(Object.entries(this.zones).map(([n, z]) => [n, f(z)]));
        this.bucketNames = byZone((z) => z.bucketName);
        this.queueUrls = byZone((z) => z.queueUrl);
        this.dlqUrls = byZone((z) => z.dlqUrl);
        this.keyArns = byZone((z) => z.keyArn);
        this.functionNames = Object.fromEntries(Object.entries(this.processors).map(([hop, p]) => [hop, p.functionName]));
        this.outputs = {
            logsBucket: this.logs.bucketName,
            buckets: this.bucketNames,
            queueUrls: this.queueUrls,
            dlqUrls: this.dlqUrls,
            keyArns: this.keyArns,
            functionNames: this.functionNames,
            alarmTopicArn: this.alarmTopic.topicArn,
            deliveryStreams: this.ingest.deliveryStreamNames,
            kinesisStreams: this.ingest.kinesisStreamNames,
            ingestApiUrl: this.ingest.apiUrl,
            ingestApiKeyId: this.ingest.apiKeyId,
            glueDatabases: this.catalog.databaseNames,
            crawlerNames: this.catalog.crawlerNames,
            athenaWorkgroup: this.athena.workgroupName,
            athenaResultsBucket: this.athena.results.bucketName,
            etlArtifactsBucket: this.etl.artifacts.bucketName,
            etlWorkflow: this.etl.workflowName,
            etlJobs: { dropToRaw: this.etl.dropToRawJobNames, rawToCurated: this.etl.rawToCuratedJobName, apiIngest: this.etl.apiIngestJobName },
        };
        this.registerOutputs(this.outputs);
    }

    /** The zone playing `role`; the curated zone may be absent (two zones). */
    private zone(role: "landing" | "raw"): Zone;
    private zone(role: "curated"): Zone | undefined;
    private zone(role: "landing" | "raw" | "curated"): Zone | undefined {
        const zoneName = this.config.zoneRoles[role];
        return zoneName === undefined ? undefined : this.zones[zoneName];
    }

    /** S3 event mode: a crawler queue per zone, fed by the zone's single bucket notification. */
    private crawlerQueues(): Record<string, CrawlerEventQueue> {
        if (this.config.catalog.recrawl !== "events") return {};
        return Object.fromEntries(
            this.config.zones.map((z) => [
                z.name,
                new CrawlerEventQueue(`${this.name}-${z.name}-crawler-events`, { keyArn: this.analyticsKey.keyArn }, { parent: this }),
            ]),
        );
    }

    /** One Zone per configured zone, in promotion order. */
    private storage(crawlerQueues: Record<string, CrawlerEventQueue>): Record<string, Zone> {
        const { processor } = this.config;
        return Object.fromEntries(
            this.config.zones.map((zone) => [
                zone.name,
                new Zone(
                    `${this.name}-${zone.name}`,
                    {
                        zone,
                        scope: this.scope,
                        accessLogsBucket: this.logs.bucketName,
                        retainData: this.config.retainData,
                        consumerTimeoutSeconds: processor.timeoutSeconds,
                        maxReceiveCount: processor.maxReceiveCount,
                        extraNotificationQueues: crawlerQueues[zone.name] ? [crawlerQueues[zone.name].notificationTarget] : undefined,
                    },
                    { parent: this },
                ),
            ]),
        );
    }

    /** A processor per hop: landing -> raw converts (leaving Glue-owned datasets to their jobs), raw -> curated curates, later hops copy. */
    private processing(): Record<string, ZoneProcessor> {
        const { config } = this;
        const layer = new DuckDbLayer(`${this.name}-duckdb`, {}, { parent: this });
        const zones = config.zones.map((z) => this.zones[z.name]);
        const landing = this.zone("landing");
        const curated = this.zone("curated");
        return Object.fromEntries(
            zones.slice(0, -1).map((source, i) => {
                const target = zones[i + 1];
                const hop = hopName(source.zoneName, target.zoneName);
                const fromLanding = source === landing;
                const processor = new ZoneProcessor(
                    `${this.name}-${hop}`,
                    {
                        source,
                        target,
                        code: fromLanding ? FIRST_HOP_CODE : LATER_HOP_CODE,
                        settings: config.processor,
                        logRetentionDays: config.logRetentionDays,
                        logsKeyArn: this.logsKey.keyArn,
                        layers: [layer.arn],
                        curationRules: fromLanding ? undefined : target === curated ? config.curation : {},
                        batchDatasets: fromLanding ? config.etl.tables : undefined,
                    },
                    { parent: this },
                );
                return [hop, processor];
            }),
        );
    }

    private ingestInto(landing: Zone): Ingest {
        const { config } = this;
        return new Ingest(
            `${this.name}-ingest`,
            {
                streams: config.streams,
                api: config.ingestApi,
                dropZone: landing,
                scope: this.scope,
                logRetentionDays: config.logRetentionDays,
                logsKeyArn: this.logsKey.keyArn,
                retainData: config.retainData,
            },
            { parent: this },
        );
    }

    private catalogOf(crawlerQueues: Record<string, CrawlerEventQueue>): Catalog {
        return new Catalog(
            `${this.name}-catalog`,
            {
                analyticsKeyArn: this.analyticsKey.keyArn,
                scope: this.scope,
                landingZone: this.config.zoneRoles.landing,
                zones: Object.values(this.zones).map((z) => ({
                    name: z.zoneName,
                    bucketName: z.bucketName,
                    bucketArn: z.bucketArn,
                    keyArn: z.keyArn,
                    eventQueue: crawlerQueues[z.zoneName] && {
                        queueArn: crawlerQueues[z.zoneName].queueArn,
                        dlqArn: crawlerQueues[z.zoneName].dlqArn,
                    },
                })),
                streams: this.config.streams,
                catalog: this.config.catalog,
            },
            { parent: this },
        );
    }

    /** Athena: the named queries run in the landing database (stream tables) and the curated one (the raw one with two zones). */
    private query(): Athena {
        const db = this.catalog.databaseNames;
        return new Athena(
            `${this.name}-athena`,
            {
                athena: this.config.athena,
                keyArn: this.analyticsKey.keyArn,
                retainData: this.config.retainData,
                dropDatabase: db[this.zone("landing").zoneName],
                curatedDatabase: db[(this.zone("curated") ?? this.zone("raw")).zoneName],
                streamTables: this.catalog.streamTables,
                accessLogsBucket: this.logs.bucketName,
            },
            { parent: this },
        );
    }

    private batchEtl(): Etl {
        const db = this.catalog.databaseNames;
        const etlZone = (z: Zone): EtlZone => ({ name: z.zoneName, bucketName: z.bucketName, bucketArn: z.bucketArn, keyArn: z.keyArn, database: db[z.zoneName] });
        const curated = this.zone("curated");
        return new Etl(
            `${this.name}-etl`,
            {
                etl: this.config.etl,
                drop: etlZone(this.zone("landing")),
                raw: etlZone(this.zone("raw")),
                curated: curated && etlZone(curated),
                analyticsKeyArn: this.analyticsKey.keyArn,
                scope: this.scope,
                retainData: this.config.retainData,
                logRetentionDays: this.config.logRetentionDays,
                accessLogsBucket: this.logs.bucketName,
            },
            { parent: this },
        );
    }

    /** The alarm topic, and per zone alarms on its DLQ and on the processor consuming its queue. */
    private operations(): AlarmTopic {
        const topic = new AlarmTopic(
            `${this.name}-alarms`,
            { scope: this.scope, retainData: this.config.retainData, email: this.config.alarmEmail },
            { parent: this },
        );
        const consumers = Object.values(this.processors);
        Object.values(this.zones).forEach(
            (zone, i) =>
                new ZoneAlarms(
                    `${this.name}-${zone.zoneName}-alarms`,
                    { zoneName: zone.zoneName, topicArn: topic.topicArn, dlqName: zone.dlqName, functionName: consumers[i]?.functionName },
                    { parent: this },
                ),
        );
        return topic;
    }
}

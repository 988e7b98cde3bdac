/**
 * The whole lake from its own args (./data-lake-args.ts; lib/config maps the stack config onto
 * them), composed of the areas: the account scope looked up once,
 * storage (the shared access logs bucket, one Zone per configured zone in promotion order),
 * processing (a ZoneProcessor for every hop zone i -> zone i+1; the last zone has nothing to
 * promote to, so no event queue; a Reconciler for every zone with a queue), ingest into the landing zone, the catalog, query
 * and ETL over the zones by role (`zoneRoles`), governance (CloudTrail, persona roles,
 * sandbox), operations (alarm topic; alarms, failure-event rules and the ops dashboard derived
 * from every resource the lake's registry observed), and the optional parts: the network (a VPC
 * only when something runs in it), the Redshift warehouse over the curated zone and EMR over raw
 * and curated. The analytics key and the logs key (every log group but Glue's) are shared by
 * the areas; each area's component declares its area (lib/ownership), which tags its resources
 * for cost allocation. Its stack outputs are one object, `outputs`, which it also registers.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountScope } from "../lib/account-scope";
import { contractColumns, piiColumns } from "../lib/dataset-contract";
import { type LakeContext, lookupAccountScope } from "../lib/lake-context";
import { Catalog, CrawlerEventQueue } from "./catalog";
import { dataLakeWithDefaults, type DataLakeArgs, type ResolvedDataLakeArgs } from "./data-lake-args";
import { EmrCluster, type EmrCommonArgs, EmrServerless } from "./emr";
import { API_INGEST_DATASET, Etl, type EtlZone, packageKey } from "./etl";
import { Ingest } from "./ingest";
import { Governance, type GovernanceArgs, Macie, macieFindingsRuleName } from "./governance";
import { ownedBy } from "../lib/ownership";
import { AlarmTopic, Monitoring, ResourceRegistry, Signals, alarmGroups, deriveSignals, eventRuleArn, failureRules } from "./operations";
import { CurationStarter, DuckDbLayer, Reconciler, ZoneProcessor, hopName } from "./processing";
import { Athena } from "./query";
import { Realtime } from "./realtime";
import { Traffic } from "./traffic";
import { AnalyticsKey, LogsKey } from "./keys";
import { AccessLogsBucket, Zone } from "./storage";
import { type LambdaVpc, Network } from "./network";
import { Warehouse } from "./warehouse";

/**
 * Code of the first hop (landing -> raw) and of the hops past the curated zone, which copy
 * (functions/<name>). Raw -> curated has no processor: the curation starter and the curate job.
 */
export const FIRST_HOP_CODE = "drop-to-raw";
export const LATER_HOP_CODE = "zone-copy";

/**
 * Every dataset the stack knows before data arrives, each with a curated Iceberg table: the curation
 * rules', the quality rules' and the contracts' datasets, the Firehose streams (`streams/<name>/`), the Glue-owned drop -> raw tables and
 * the API ingest's dataset. The curate job creates the table of any other dataset raw receives.
 */
export function curatedDatasets(args: Pick<ResolvedDataLakeArgs, "curation" | "quality" | "contracts" | "streams" | "etl">): string[] {
    const known = [
        ...Object.keys(args.curation),
        ...Object.keys(args.quality),
        ...Object.keys(args.contracts),
        ...args.streams.map((s) => s.name),
        ...args.etl.tables,
    ];
    if (args.etl.apiIngest) known.push(API_INGEST_DATASET);
    return [...new Set(known)].sort();
}

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
    /** The ingest API's OpenAPI 3.1 document (JSON; `pulumi stack output ingestApiOpenApi`), also served at `<ingestApiUrl>/openapi.json`. */
    ingestApiOpenApi?: pulumi.Output<string>;
    glueDatabases: Record<string, string>;
    crawlerNames: Outputs<string>;
    athenaWorkgroup: pulumi.Output<string>;
    athenaResultsBucket: pulumi.Output<string>;
    etlArtifactsBucket: pulumi.Output<string>;
    etlWorkflow?: pulumi.Output<string>;
    etlJobs: {
        dropToRaw: Outputs<string>;
        rawToCurated?: pulumi.Output<string>;
        curateTables?: pulumi.Output<string>;
        apiIngest?: pulumi.Output<string>;
        convertObject?: pulumi.Output<string>;
    };
    opsDashboard: pulumi.Output<string>;
    trailBucket?: pulumi.Output<string>;
    sandboxBucket: pulumi.Output<string>;
    personaRoleArns: Outputs<string>;
    /** The optional parts: absent while off. */
    vpcId?: pulumi.Output<string>;
    warehouseArn?: pulumi.Output<string>;
    warehouseAdminSecretArn?: pulumi.Output<string>;
    emrApplicationId?: pulumi.Output<string>;
    /** `aws emr-serverless start-job-run --cli-input-json "$(pulumi stack output emrJobRunRequest --json)"` */
    emrJobRunRequest?: pulumi.Output<unknown>;
    emrClusterId?: pulumi.Output<string>;
    /** The real-time dashboard (realtime.enabled). */
    realtimeDashboard?: pulumi.Output<string>;
    /** The traffic table (serving.enabled). */
    trafficTable?: pulumi.Output<string>;
}

export class DataLake extends pulumi.ComponentResource {
    readonly logs: AccessLogsBucket;
    /** Zones by name, e.g. `zones.raw`. */
    readonly zones: Record<string, Zone>;
    /** Processors by hop, e.g. `processors["drop-to-raw"]` (none for raw -> curated: `curationStarter`). */
    readonly processors: Record<string, ZoneProcessor>;
    /** Starts the curate job for batches of raw arrivals (absent with two zones). */
    readonly curationStarter?: CurationStarter;
    /** The scheduled reconciliation of each zone a processor reads, by zone name. */
    readonly reconcilers: Record<string, Reconciler>;
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
    /** The VPC, when Redshift, EMR or VPC-attached processors need one (`network.needed`). */
    readonly network?: Network;
    /** The Redshift warehouse (`redshift.mode` provisioned or serverless). */
    readonly warehouse?: Warehouse;
    /** EMR (`emr.mode` serverless or cluster). */
    readonly emr?: EmrServerless | EmrCluster;
    /** The DuckDB layer (zone processors, the traffic job). */
    readonly duckdbLayer: DuckDbLayer;
    /** Per-minute beacon counts and their dashboard (`realtime.enabled`). */
    readonly realtime?: Realtime;
    /** The traffic table, its daily job and the `GET /traffic/{adId}` function (`serving.enabled`). */
    readonly serving?: Traffic;
    readonly bucketNames: Outputs<string>;
    /** Event queue (and DLQ) URLs of the zones a processor reads (every zone but the last). */
    readonly queueUrls: Outputs<string>;
    readonly dlqUrls: Outputs<string>;
    readonly keyArns: Outputs<string>;
    readonly functionNames: Outputs<string>;
    /** CloudTrail, persona roles, sandbox. */
    readonly governance: Governance;
    /** Failure-event rules, topic policy, ops dashboard, Glue's log groups. */
    readonly monitoring: Monitoring;
    /** Sensitive data discovery over the zones (`macie.enabled`). */
    readonly macie?: Macie;
    /** Every stack output, by its export name. */
    readonly outputs: LakeOutputs;

    private readonly scope: pulumi.Output<AccountScope>;
    /** The args with every default applied. */
    private readonly args: ResolvedDataLakeArgs;

    /**
     * A lake from its args; fields left out take their defaults (`dataLakeWithDefaults`).
     * @param registry where every resource below the lake is recorded as it is constructed
     * (what alarms and the dashboard derive from). Default: a new one.
     */
    constructor(
        private readonly name: string,
        args: DataLakeArgs = {},
        opts?: pulumi.ComponentResourceOptions,
        readonly registry: ResourceRegistry = new ResourceRegistry(),
    ) {
        // Each area's component declares its area (lib/ownership); what none claims bills to the lake.
        super("datalake:index:DataLake", name, {}, ownedBy("lake", { ...opts, transformations: [...(opts?.transformations ?? []), registry.observe] }));
        this.args = dataLakeWithDefaults(args);
        this.scope = lookupAccountScope(this);

        this.logs = new AccessLogsBucket(`${name}-access-logs`, { context: { scope: this.scope, retainData: this.args.retainData } }, { parent: this });
        this.analyticsKey = new AnalyticsKey(`${name}-analytics-key`, { scope: this.scope, retainData: this.args.retainData }, { parent: this });
        this.logsKey = new LogsKey(`${name}-logs-key`, { scope: this.scope, retainData: this.args.retainData }, { parent: this });
        this.network = this.networkFor();
        const crawlerQueues = this.crawlerQueues();
        this.zones = this.storage(crawlerQueues);
        this.duckdbLayer = new DuckDbLayer(`${name}-duckdb`, {}, { parent: this });
        this.reconcilers = this.reconciliation();
        // Before ingest: the traffic endpoint is a route of the ingest API.
        this.serving = this.args.serving.enabled ? this.trafficApi() : undefined;
        this.ingest = this.ingestInto(this.zone("landing"));
        this.realtime = this.args.realtime.enabled ? this.realtimeCounts() : undefined;
        this.catalog = this.catalogOf(crawlerQueues);
        this.athena = this.query();
        this.etl = this.batchEtl();
        // After the ETL: the drop -> raw processor starts its big-object job.
        this.processors = this.processing();
        this.curationStarter = this.curationStart();
        // Before the signals: operations derive the warehouse's and EMR's alarms from what exists.
        this.warehouse = this.warehouseOver(this.zone("curated"));
        this.emr = this.emrOver(this.zone("raw"), this.zone("curated"));
        this.governance = this.govern();
        // Signals first: the topic's policy names the failure-event rules they call for.
        const signals = this.signals();
        this.alarmTopic = this.alarmTopicFor(signals);
        this.monitoring = this.operations(signals);
        this.macie = this.args.macie.enabled ? this.discovery() : undefined;

        const byZone = (f: (z: Zone) => pulumi.Output<string> | undefined): Outputs<string> =>
            Object.fromEntries(Object.entries(this.zones).flatMap(([n, z]) => (f(z) ? [[n, f(z)!]] : [])));
        this.bucketNames = byZone((z) => z.bucketName);
        this.queueUrls = byZone((z) => z.queueUrl);
        this.dlqUrls = byZone((z) => z.dlqUrl);
        this.keyArns = byZone((z) => z.keyArn);
        this.functionNames = Object.fromEntries([
            ...Object.entries(this.processors).map(([hop, p]) => [hop, p.functionName]),
            ...(this.curationStarter ? [["start-curation", this.curationStarter.functionName]] : []),
        ]);
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
            ingestApiOpenApi: this.ingest.apiOpenApiDocument,
            glueDatabases: this.catalog.databaseNames,
            crawlerNames: this.catalog.crawlerNames,
            athenaWorkgroup: this.athena.workgroupName,
            athenaResultsBucket: this.athena.resultsBucketName,
            etlArtifactsBucket: this.etl.artifacts.bucketName,
            etlWorkflow: this.etl.workflowName,
            etlJobs: {
                dropToRaw: this.etl.dropToRawJobNames,
                rawToCurated: this.etl.rawToCuratedJobName,
                curateTables: this.etl.curateJobName,
                apiIngest: this.etl.apiIngestJobName,
                convertObject: this.etl.bigObjectJob?.name,
            },
            opsDashboard: this.monitoring.dashboardName,
            trailBucket: this.governance.trailBucketName,
            sandboxBucket: this.governance.sandboxBucketName,
            personaRoleArns: { ...this.governance.personaRoleArns },
            ...this.optionalOutputs(),
            realtimeDashboard: this.realtime?.dashboardName,
            trafficTable: this.serving?.tableName,
        };
        this.registerOutputs(this.outputs);
    }

    /** The whole context: the account scope, retention, the logs key, how functions deploy. */
    private context(): LakeContext {
        return {
            scope: this.scope,
            retainData: this.args.retainData,
            logRetentionDays: this.args.logRetentionDays,
            logsKeyArn: this.logsKey.keyArn,
            deployment: this.args.deploy,
        };
    }

    /** What a component with functions needs: the scope, their log groups' retention and key, how they deploy. */
    private functionContext(): LakeContext {
        return { scope: this.scope, logRetentionDays: this.args.logRetentionDays, logsKeyArn: this.logsKey.keyArn, deployment: this.args.deploy };
    }

    /** The zone playing `role`; the curated zone may be absent (two zones). */
    private zone(role: "landing" | "raw"): Zone;
    private zone(role: "curated"): Zone | undefined;
    private zone(role: "landing" | "raw" | "curated"): Zone | undefined {
        const zoneName = this.args.zoneRoles[role];
        return zoneName === undefined ? undefined : this.zones[zoneName];
    }

    /** S3 event mode: a crawler queue per zone, fed by the zone's single bucket notification. */
    private crawlerQueues(): Record<string, CrawlerEventQueue> {
        if (this.args.catalog.recrawl !== "events") return {};
        return Object.fromEntries(
            this.args.zones.map((z) => [
                z.name,
                new CrawlerEventQueue(`${this.name}-${z.name}-crawler-events`, { keyArn: this.analyticsKey.keyArn }, { parent: this }),
            ]),
        );
    }

    /** One Zone per configured zone, in promotion order. */
    private storage(crawlerQueues: Record<string, CrawlerEventQueue>): Record<string, Zone> {
        const { processor } = this.args;
        return Object.fromEntries(
            this.args.zones.map((zone, i) => [
                zone.name,
                new Zone(
                    `${this.name}-${zone.name}`,
                    {
                        name: zone.name,
                        lifecycle: zone.lifecycle,
                        context: { scope: this.scope, retainData: this.args.retainData },
                        accessLogsBucket: this.logs.bucketName,
                        consumerTimeoutSeconds: processor.timeoutSeconds,
                        maxReceiveCount: processor.maxReceiveCount,
                        // Only a zone something promotes out of has a processor to read a queue.
                        eventQueue: i < this.args.zones.length - 1,
                        extraNotificationQueues: crawlerQueues[zone.name] ? [crawlerQueues[zone.name].notificationTarget] : undefined,
                    },
                    { parent: this },
                ),
            ]),
        );
    }

    /**
     * A processor per hop: landing -> raw converts (leaving Glue-owned datasets to their jobs),
     * hops past the curated zone copy; raw -> curated has none (the curation starter, after the ETL).
     */
    private processing(): Record<string, ZoneProcessor> {
        const { args } = this;
        const layer = this.duckdbLayer;
        const zones = args.zones.map((z) => this.zones[z.name]);
        const landing = this.zone("landing");
        const curated = this.zone("curated");
        return Object.fromEntries(
            zones.slice(0, -1).flatMap((source, i) => {
                const target = zones[i + 1];
                const hop = hopName(source.zoneName, target.zoneName);
                const fromLanding = source === landing;
                if (target === curated) return [];
                const processor = new ZoneProcessor(
                    `${this.name}-${hop}`,
                    {
                        source: {
                            zoneName: source.zoneName,
                            bucketArn: source.bucketArn,
                            keyArn: source.keyArn,
                            queueArn: source.queueArn!,
                            dlqName: source.dlqName,
                        },
                        target,
                        code: fromLanding ? FIRST_HOP_CODE : LATER_HOP_CODE,
                        context: this.functionContext(),
                        settings: args.processor,
                        layers: [layer.arn],
                        batchDatasets: fromLanding ? args.etl.tables : undefined,
                        contractColumns: fromLanding ? contractColumns(args.contracts) : undefined,
                        bigObjectJob: fromLanding ? this.etl.bigObjectJob : undefined,
                        vpc: this.functionsVpc(),
                        tracing: args.ingestApi.tracing,
                    },
                    { parent: this },
                );
                return [[hop, processor]];
            }),
        );
    }

    /**
     * A reconciliation per zone a processor drains: what no processor finished is announced again.
     * Not the raw zone's: the curate job lists every raw object of a dataset and skips those it
     * consumed, so nothing tags raw objects, and a lost message waits for the dataset's next run.
     */
    private reconciliation(): Record<string, Reconciler> {
        const { processor } = this.args;
        const raw = this.zone("raw");
        const curatedByJob = this.zone("curated") !== undefined;
        return Object.fromEntries(
            Object.values(this.zones)
                .filter((z) => z.events && !(curatedByJob && z === raw))
                .map((z) => [
                    z.zoneName,
                    new Reconciler(
                        `${this.name}-${z.zoneName}-reconcile`,
                        {
                            zone: {
                                zoneName: z.zoneName,
                                bucketName: z.bucketName,
                                bucketArn: z.bucketArn,
                                keyArn: z.keyArn,
                                queueArn: z.queueArn!,
                                queueUrl: z.queueUrl!,
                            },
                            context: this.functionContext(),
                            schedule: processor.reconcileSchedule,
                            staleAfterHours: processor.reconcileAfterHours,
                            tracing: this.args.ingestApi.tracing,
                        },
                        { parent: this },
                    ),
                ]),
        );
    }

    private ingestInto(landing: Zone): Ingest {
        const { args } = this;
        return new Ingest(
            `${this.name}-ingest`,
            {
                streams: args.streams,
                api: args.ingestApi,
                landingZone: landing,
                context: { ...this.functionContext(), retainData: args.retainData },
                readRoutes: this.serving && [this.serving.route],
            },
            { parent: this },
        );
    }

    /** The traffic table, its daily job over the curated advertising view, and the endpoint's function. */
    private trafficApi(): Traffic {
        const curated = this.zone("curated");
        if (!curated) throw new Error("serving needs a curated zone: configure at least 3 zones");
        return new Traffic(
            `${this.name}-serving`,
            {
                schedule: this.args.serving.schedule,
                maxRangeDays: this.args.serving.maxRangeDays,
                curated,
                duckdbLayerArn: this.duckdbLayer.arn,
                context: { ...this.functionContext(), retainData: this.args.retainData },
                vpc: this.functionsVpc(),
                tracing: this.args.ingestApi.tracing,
            },
            { parent: this },
        );
    }

    /** Real-time counts on the Kinesis streams of the beacon streams (`dataLakeWithDefaults` made them Kinesis-fed). */
    private realtimeCounts(): Realtime {
        const streams = this.ingest.streams;
        const { streams: byType, batchSize, maxBatchingWindowSeconds, maxRetryAttempts } = this.args.realtime;
        return new Realtime(
            `${this.name}-realtime`,
            {
                batchSize,
                maxBatchingWindowSeconds,
                maxRetryAttempts,
                streams: { impressions: streams[byType.impressions], clicks: streams[byType.clicks] },
                context: this.functionContext(),
                failureKeyArn: this.analyticsKey.keyArn,
                vpc: this.functionsVpc(),
                tracing: this.args.ingestApi.tracing,
            },
            { parent: this },
        );
    }

    private catalogOf(crawlerQueues: Record<string, CrawlerEventQueue>): Catalog {
        return new Catalog(
            `${this.name}-catalog`,
            {
                ...this.args.catalog,
                context: { scope: this.scope },
                analyticsKeyArn: this.analyticsKey.keyArn,
                landingZone: this.args.zoneRoles.landing,
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
                streams: this.args.streams,
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
                ...this.args.athena,
                context: { scope: this.scope, retainData: this.args.retainData },
                keyArn: this.analyticsKey.keyArn,
                namedQueries: {
                    landingDatabase: db[this.zone("landing").zoneName],
                    curatedDatabase: db[(this.zone("curated") ?? this.zone("raw")).zoneName],
                    streamTables: this.catalog.streamTables,
                },
                accessLogsBucket: this.logs.bucketName,
            },
            { parent: this },
        );
    }

    /** A zone with its Glue database, as the Spark jobs (Glue, EMR), the warehouse and the personas see it. */
    private catalogedZone(z: Zone): EtlZone {
        return {
            name: z.zoneName,
            bucketName: z.bucketName,
            bucketArn: z.bucketArn,
            keyArn: z.keyArn,
            database: this.catalog.databaseNames[z.zoneName],
            databaseResource: this.catalog.databases[z.zoneName],
        };
    }

    private batchEtl(): Etl {
        const curated = this.zone("curated");
        return new Etl(
            `${this.name}-etl`,
            {
                ...this.args.etl,
                datasets: curatedDatasets(this.args),
                curationRules: this.args.curation,
                qualityRules: this.args.quality,
                contractColumns: contractColumns(this.args.contracts),
                piiColumns: piiColumns(this.args.contracts),
                context: { scope: this.scope, retainData: this.args.retainData, logRetentionDays: this.args.logRetentionDays },
                drop: this.catalogedZone(this.zone("landing")),
                raw: this.catalogedZone(this.zone("raw")),
                curated: curated && this.catalogedZone(curated),
                analyticsKeyArn: this.analyticsKey.keyArn,
                catalogKeyArns: this.catalog.catalogKeyArns,
                accessLogsBucket: this.logs.bucketName,
            },
            { parent: this },
        );
    }

    /** The raw zone's queue -> the curate job, in batches; none with two zones (no curated zone). */
    private curationStart(): CurationStarter | undefined {
        const raw = this.zone("raw");
        const jobName = this.etl.curateJobName;
        if (!jobName) return undefined;
        const { maxBatchingWindowSeconds, batchSize } = this.args.curateTrigger;
        return new CurationStarter(
            `${this.name}-start-curation`,
            {
                source: { zoneName: raw.zoneName, queueArn: raw.queueArn!, keyArn: raw.keyArn, dlqName: raw.dlqName },
                jobName,
                maxBatchingWindowSeconds,
                batchSize,
                context: this.functionContext(),
                tracing: this.args.ingestApi.tracing,
            },
            { parent: this },
        );
    }

    /** The trail over the zones, persona roles scoped to the lake's resources, the sandbox. */
    private govern(): Governance {
        const zones = Object.values(this.zones);
        return new Governance(
            `${this.name}-governance`,
            {
                ...this.args.governance,
                context: {
                    scope: this.scope,
                    retainData: this.args.retainData,
                    logRetentionDays: this.args.logRetentionDays,
                    logsKeyArn: this.logsKey.keyArn,
                },
                zones: zones.map((z) => this.catalogedZone(z)),
                curatedZone: (this.zone("curated") ?? this.zone("raw")).zoneName,
                workgroupName: this.athena.workgroupName,
                resultsBucketArn: this.athena.resultsBucketArn,
                analyticsKeyArn: this.analyticsKey.keyArn,
                catalogKeyArns: this.catalog.catalogKeyArns,
                queueArns: zones.flatMap((z) => (z.queueArn && z.dlqArn ? [z.queueArn, z.dlqArn] : [])),
                otherBucketArns: [this.logs.bucketArn, this.etl.artifacts.bucketArn],
                piiDatasets: Object.keys(piiColumns(this.args.contracts)),
                accessLogsBucket: this.logs.bucketName,
                ...this.catalogWriters(),
            },
            { parent: this },
        );
    }

    /** What Lake Formation grants and tags: the roles that write zones through the catalog, and the curated tables. */
    private catalogWriters(): Pick<GovernanceArgs, "writers" | "tables"> {
        const curated = this.zone("curated");
        return {
            writers: [
                ...this.etl.catalogWriters.map((w) => ({ name: w.name, roleArn: w.roleArn, zones: [w.zone] })),
                ...Object.entries(this.catalog.crawlerRoleArns).map(([zone, roleArn]) => ({ name: `${zone}-crawler`, roleArn, zones: [zone] })),
            ],
            tables: curated
                ? Object.entries(this.etl.curatedTables?.tableNames ?? {}).map(([dataset, name]) => ({ zone: curated.zoneName, dataset, name }))
                : [],
        };
    }

    /**
     * The signals of everything constructed so far (so the operations steps come last); each
     * processor's alarms sit with the zone whose queue it drains.
     */
    private signals(): Signals {
        const zones = this.args.zones;
        // Each zone's consumer files its alarms with the zone it drains: the raw zone's is the curation
        // starter, whose queue-age alarm then says curation is more than the threshold behind.
        zones.slice(0, -1).forEach((z, i) => {
            const consumer = this.processors[hopName(z.name, zones[i + 1].name)] ?? (z.name === this.args.zoneRoles.raw ? this.curationStarter : undefined);
            if (consumer) this.registry.attach(consumer, this.zones[z.name], "processor");
        });
        for (const [zone, reconciler] of Object.entries(this.reconcilers)) this.registry.attach(reconciler, this.zones[zone], "reconciler");
        return deriveSignals(this.registry, this.args.operations);
    }

    /** Macie over the zone buckets, its findings to the alarm topic. */
    private discovery(): Macie {
        return new Macie(
            `${this.name}-macie`,
            {
                ...this.args.macie,
                scope: this.scope,
                zones: Object.values(this.zones).map((z) => ({ name: z.zoneName, bucketName: z.bucketName, keyArn: z.keyArn })),
                alarmTopicArn: this.alarmTopic.topicArn,
            },
            { parent: this },
        );
    }

    /** The alarm topic, admitting this account's alarms, the failure-event rules `signals` call for and Macie's findings rule. */
    private alarmTopicFor(signals: Signals): AlarmTopic {
        const ruleNames = [
            ...[...failureRules(signals.events, pulumi.getProject(), pulumi.getStack()).values()].map((r) => r.ruleName),
            ...(this.args.macie.enabled ? [macieFindingsRuleName(pulumi.getProject(), pulumi.getStack())] : []),
        ];
        return new AlarmTopic(
            `${this.name}-alarms`,
            {
                scope: this.scope,
                retainData: this.args.retainData,
                email: this.args.alarmEmail,
                eventRuleArns: ruleNames.map((n) => this.scope.apply((s) => eventRuleArn(s, n))),
            },
            { parent: this },
        );
    }

    /** Alarm groups as children of the lake, failure-event rules, the ops dashboard, Glue's log groups. */
    private operations(signals: Signals): Monitoring {
        const alarms = alarmGroups(signals.alarms, this.alarmTopic.topicArn, this);
        return new Monitoring(
            `${this.name}-monitoring`,
            {
                alarms,
                events: signals.events,
                topic: this.alarmTopic.topic,
                scope: this.scope,
                manageGlueLogGroups: this.args.operations.manageGlueLogGroups,
                logRetentionDays: this.args.logRetentionDays,
                analyticsKeyArn: this.analyticsKey.keyArn,
                crawlers: this.registry.ofType("aws:glue/crawler:Crawler"),
            },
            { parent: this },
        );
    }

    /** The VPC, only when something runs in it; its interface endpoints follow what does. */
    private networkFor(): Network | undefined {
        const { args } = this;
        if (!args.network.needed) return undefined;
        const region = aws.config.region;
        if (!region) throw new Error("aws:region is not set: the VPC's endpoint service names need the stack's region");
        const { natGateways, cidrBlock, availabilityZones, users, lambdasInVpc } = args.network;
        return new Network(
            `${this.name}-network`,
            {
                natGateways,
                cidrBlock,
                availabilityZones,
                users,
                features: {
                    redshift: args.redshift.mode !== "off",
                    emrServerless: args.emr.mode === "serverless",
                    emrCluster: args.emr.mode === "cluster",
                    lambdasInVpc,
                },
                context: this.context(),
                region,
            },
            { parent: this },
        );
    }

    /** With `network.lambdasInVpc`, the zone processors, the real-time and the serving functions run in the VPC's subnets (the ingest API's stays out: README). */
    private functionsVpc(): LambdaVpc | undefined {
        const sg = this.network?.functionSecurityGroupId;
        return this.network && sg ? { scope: this.scope, vpcId: this.network.vpcId, subnetIds: this.network.subnetIds, securityGroupIds: [sg] } : undefined;
    }

    /** The warehouse over the curated zone, in the lake VPC. */
    private warehouseOver(curated: Zone | undefined): Warehouse | undefined {
        const { args } = this;
        if (args.redshift.mode === "off" || !this.network) return undefined;
        if (!curated) throw new Error(`redshift.mode ${args.redshift.mode} loads the curated zone: configure a third zone`);
        return new Warehouse(
            `${this.name}-warehouse`,
            {
                ...args.redshift,
                network: this.network,
                curated: this.catalogedZone(curated),
                context: this.context(),
                catalogKeyArns: this.catalog.catalogKeyArns,
            },
            { parent: this },
        );
    }

    /** EMR over the raw and curated zones, its code next to the Glue jobs' in the ETL artifacts bucket. */
    private emrOver(raw: Zone, curated: Zone | undefined): EmrServerless | EmrCluster | undefined {
        const { emr } = this.args;
        if (emr.mode === "off" || !this.network) return undefined;
        if (!curated) throw new Error(`emr.mode ${emr.mode} runs the raw -> curated views: configure a third (curated) zone`);
        const common: EmrCommonArgs = {
            network: this.network,
            raw: this.catalogedZone(raw),
            curated: this.catalogedZone(curated),
            artifacts: {
                bucketName: this.etl.artifacts.bucketName,
                bucketArn: this.etl.artifacts.bucketArn,
                keyArn: this.analyticsKey.keyArn,
                packageUri: this.etl.packageUri,
                packagePrefix: packageKey().replace(/[^/]+$/, ""),
            },
            context: this.context(),
            catalogKeyArns: this.catalog.catalogKeyArns,
        };
        return emr.mode === "serverless"
            ? new EmrServerless(`${this.name}-emr`, { ...common, releaseLabel: emr.releaseLabel, ...emr.serverless }, { parent: this })
            : new EmrCluster(
                  `${this.name}-emr`,
                  {
                      ...common,
                      releaseLabel: emr.releaseLabel,
                      ...emr.cluster,
                      logsBucket: { bucketName: this.logs.bucketName, bucketArn: this.logs.bucketArn },
                  },
                  { parent: this },
              );
    }

    private optionalOutputs(): Partial<LakeOutputs> {
        const serverless = this.emr instanceof EmrServerless ? this.emr : undefined;
        const cluster = this.emr instanceof EmrCluster ? this.emr : undefined;
        return {
            vpcId: this.network?.vpcId,
            warehouseArn: this.warehouse?.warehouseArn,
            warehouseAdminSecretArn: this.warehouse?.adminSecretArn,
            emrApplicationId: serverless?.applicationId,
            emrJobRunRequest: serverless?.jobRunRequest,
            emrClusterId: cluster?.clusterId,
        };
    }
}

/**
 * The whole lake from validated config: the shared access logs bucket, one Zone per configured
 * zone in promotion order, a ZoneProcessor for every hop zone i -> zone i+1 (the last zone has a
 * queue for later consumers but nothing to promote to), and alarms on DLQs and processors.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { LakeConfig } from "../lib/config";
import { hopName } from "../lib/names";
import { Ingest } from "./ingest/Ingest";
import { AlarmTopic } from "./operations/AlarmTopic";
import { ZoneAlarms } from "./operations/ZoneAlarms";
import { DuckDbLayer } from "./processing/DuckDbLayer";
import { ZoneProcessor } from "./processing/ZoneProcessor";
import { AccessLogsBucket } from "./storage/AccessLogsBucket";
import { Zone } from "./storage/Zone";

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
        const { retainData, processor: settings } = config;

        this.logs = new AccessLogsBucket(`${name}-access-logs`, { accountId, retainData }, child);

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
                },
                child,
            );
        });

        this.ingest = new Ingest(
            `${name}-ingest`,
            { streams: config.streams, api: config.ingestApi, dropZone: zones[0], logRetentionDays: config.logRetentionDays, retainData },
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
        });
    }
}

/**
 * The Glue Data Catalog side of the lake: one database per zone, a crawler per zone (schedule,
 * grouping, partition and recrawl settings from config; S3 event mode through each zone's crawler
 * queue), a security configuration encrypting crawler logs with the analytics key, and explicit
 * tables with partition projection over the Firehose stream prefixes of the landing zone.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { CatalogConfig, StreamConfig } from "../../lib/config";
import { crawlerConfiguration, crawlerExclusions, recrawlBehavior, schemaChangePolicy } from "./crawler-settings";
import { crawlerPolicy } from "./policies";
import { glueAssumeRolePolicy } from "../../lib/iam";
import { assertUniqueNames, databaseName, glueName } from "../../lib/names";
import { DEFAULT_PROJECTION_YEARS, JSON_SERDE, ProjectionYears, STREAM_COLUMNS, STREAM_PARTITION_KEYS, TABLE_COMPRESSIONS, TEXT_INPUT_FORMAT, TEXT_OUTPUT_FORMAT, jsonSerdeParameters, streamLocation, streamTableParameters, streamsWithTables } from "./stream-tables";

/** A zone as the catalog sees it. */
export interface CatalogZone {
    /** Zone name from config, e.g. `raw`. Required. */
    name: string;
    bucketName: pulumi.Input<string>;
    bucketArn: pulumi.Input<string>;
    /** The zone's CMK (the crawler decrypts with it). */
    keyArn: pulumi.Input<string>;
    /** The zone's crawler queue and its DLQ (components/catalog/crawler-event-queue.ts). Required when `catalog.recrawl` is `events`. */
    eventQueue?: { queueArn: pulumi.Input<string>; dlqArn: pulumi.Input<string> };
}

export interface CatalogArgs {
    /** Zones in promotion order; the first is the landing zone the streams write into. Required. */
    zones: CatalogZone[];
    /** Firehose streams into the landing zone (lib/config, defaults applied). Required. */
    streams: StreamConfig[];
    /** Crawler settings (lib/config `catalog`, defaults applied). Required. */
    catalog: CatalogConfig;
    /** Analytics key ARN (CloudWatch and bookmark encryption of the security configuration). Required. */
    analyticsKeyArn: pulumi.Input<string>;
    accountId: pulumi.Input<string>;
    partition: pulumi.Input<string>;
    region: pulumi.Input<string>;
    /** Years the stream tables project. Default 2025-2045. */
    projectionYears?: ProjectionYears;
}

export class Catalog extends pulumi.ComponentResource {
    /** Glue database name per zone, e.g. `databaseNames.raw` = `datalake_dev_raw`. */
    readonly databaseNames: Record<string, string>;
    readonly databases: Record<string, aws.glue.CatalogDatabase>;
    /** Crawler name per zone. */
    readonly crawlerNames: Record<string, pulumi.Output<string>>;
    /** Security configuration of the crawlers. */
    readonly securityConfigurationName: pulumi.Output<string>;
    /** Stream tables in the landing database, e.g. `["events", "impressions", "clicks"]`. */
    readonly streamTables: string[];

    constructor(name: string, args: CatalogArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:catalog:Catalog", name, {}, opts);
        const child = { parent: this };
        const project = pulumi.getProject();
        const stack = pulumi.getStack();
        const { catalog } = args;
        const eventMode = catalog.recrawl === "events";
        if (args.zones.length === 0) throw new Error("Catalog: no zones");
        const missingQueue = args.zones.filter((z) => eventMode && !z.eventQueue).map((z) => z.name);
        if (missingQueue.length) {
            throw new Error(`Catalog: catalog.recrawl = "events" needs a crawler event queue for zones ${missingQueue.join(", ")}`);
        }
        this.databaseNames = Object.fromEntries(args.zones.map((z) => [z.name, databaseName(project, stack, z.name)]));
        assertUniqueNames(Object.values(this.databaseNames), "Glue database");

        const securityConfiguration = new aws.glue.SecurityConfiguration(
            `${name}-crawlers`,
            {
                name: glueName(project, stack, "crawlers"),
                encryptionConfiguration: {
                    s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: args.analyticsKeyArn },
                    cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: args.analyticsKeyArn },
                    jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: args.analyticsKeyArn },
                },
            },
            child,
        );
        this.securityConfigurationName = securityConfiguration.name;

        const landing = args.zones[0];
        this.streamTables = streamsWithTables(args.streams);
        const scope = pulumi.all([args.partition, args.region, args.accountId]).apply(([partition, region, accountId]) => ({
            partition,
            region,
            accountId,
        }));

        this.databases = {};
        this.crawlerNames = {};
        for (const zone of args.zones) {
            const dbName = this.databaseNames[zone.name];
            const database = new aws.glue.CatalogDatabase(
                `${name}-${zone.name}-database`,
                {
                    name: dbName,
                    description: `Data lake zone ${zone.name}`,
                    locationUri: pulumi.interpolate`s3://${zone.bucketName}/`,
                },
                child,
            );
            this.databases[zone.name] = database;

            const role = new aws.iam.Role(
                `${name}-${zone.name}-crawler-role`,
                { description: `Glue crawler of zone ${zone.name}`, assumeRolePolicy: JSON.stringify(glueAssumeRolePolicy()) },
                child,
            );
            const queueArns = zone.eventQueue ? [zone.eventQueue.queueArn, zone.eventQueue.dlqArn] : [];
            const policy = new aws.iam.RolePolicy(
                `${name}-${zone.name}-crawler-policy`,
                {
                    role: role.id,
                    policy: pulumi
                        .all([scope, zone.bucketArn, zone.keyArn, args.analyticsKeyArn, pulumi.all(queueArns)])
                        .apply(([s, bucketArn, bucketKeyArn, analyticsKeyArn, eventQueueArns]) =>
                            JSON.stringify(
                                crawlerPolicy({
                                    scope: s,
                                    bucketArn,
                                    bucketKeyArn,
                                    database: dbName,
                                    analyticsKeyArn,
                                    eventQueueArns: eventMode ? eventQueueArns : undefined,
                                }),
                            ),
                        ),
                },
                child,
            );
            const crawler = new aws.glue.Crawler(
                `${name}-${zone.name}-crawler`,
                {
                    name: glueName(project, stack, zone.name, "crawler"),
                    description: `Tables and partitions of zone ${zone.name}`,
                    databaseName: database.name,
                    role: role.arn,
                    schedule: catalog.crawlerSchedule,
                    configuration: crawlerConfiguration(),
                    schemaChangePolicy: schemaChangePolicy(catalog),
                    recrawlPolicy: { recrawlBehavior: recrawlBehavior(catalog.recrawl) },
                    securityConfiguration: securityConfiguration.name,
                    s3Targets: [
                        {
                            path: pulumi.interpolate`s3://${zone.bucketName}/`,
                            exclusions: crawlerExclusions(zone === landing ? this.streamTables : []),
                            ...(eventMode ? { eventQueueArn: zone.eventQueue!.queueArn, dlqEventQueueArn: zone.eventQueue!.dlqArn } : {}),
                        },
                    ],
                },
                { ...child, dependsOn: [policy] },
            );
            this.crawlerNames[zone.name] = crawler.name;
        }

        const years = args.projectionYears ?? DEFAULT_PROJECTION_YEARS;
        const landingDb = this.databases[landing.name];
        for (const streamName of this.streamTables) {
            const stream = args.streams.find((s) => s.name === streamName)!;
            const columns = STREAM_COLUMNS[streamName];
            new aws.glue.CatalogTable(
                `${name}-${streamName}-table`,
                {
                    name: glueName(streamName),
                    databaseName: landingDb.name,
                    description: `Firehose stream ${streamName}: ${stream.compression} JSON lines, partition projection on year/month/day/hour`,
                    tableType: "EXTERNAL_TABLE",
                    parameters: pulumi
                        .output(landing.bucketName)
                        .apply((bucket) =>
                            streamTableParameters(bucket, streamName, stream.compression as keyof typeof TABLE_COMPRESSIONS, years),
                        ),
                    partitionKeys: STREAM_PARTITION_KEYS.map((k) => ({ name: k, type: "int" })),
                    storageDescriptor: {
                        location: pulumi.output(landing.bucketName).apply((bucket) => streamLocation(bucket, streamName)),
                        inputFormat: TEXT_INPUT_FORMAT,
                        outputFormat: TEXT_OUTPUT_FORMAT,
                        compressed: stream.compression !== "UNCOMPRESSED",
                        serDeInfo: {
                            name: "json",
                            serializationLibrary: JSON_SERDE,
                            parameters: jsonSerdeParameters(columns),
                        },
                        columns: columns.map((c) => ({ name: c.name, type: c.type, ...(c.comment ? { comment: c.comment } : {}) })),
                    },
                },
                child,
            );
        }

        this.registerOutputs({
            databaseNames: this.databaseNames,
            crawlerNames: this.crawlerNames,
            securityConfigurationName: this.securityConfigurationName,
            streamTables: this.streamTables,
        });
    }
}

/**
 * The Glue Data Catalog side of the lake: one database per zone, a crawler per zone (schedule,
 * grouping, partition and recrawl settings from its args, defaults in crawler-settings.ts; S3 event
 * mode through each zone's crawler queue), a security configuration encrypting crawler logs with
 * the analytics key, and explicit tables with partition projection over the Firehose stream
 * prefixes of the landing zone. Usable alone over any buckets (examples/catalog-athena).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    type CatalogSettings,
    type ResolvedCatalogSettings,
    catalogWithDefaults,
    crawlerConfiguration,
    crawlerExclusions,
    recrawlBehavior,
    schemaChangePolicy,
} from "./crawler-settings";
import { crawlerPolicy } from "./policies";
import type { LakeContext } from "../../lib/lake-context";
import type { StreamCompression } from "../ingest/defaults";
import { roleWithPolicy } from "../../lib/service-role";
import { jsonOf } from "../../lib/outputs";
import { assertUniqueNames, databaseName, glueName } from "../../lib/names";
import {
    JSON_SERDE,
    STREAM_COLUMNS,
    STREAM_PARTITION_KEY,
    TEXT_INPUT_FORMAT,
    TEXT_OUTPUT_FORMAT,
    jsonSerdeParameters,
    streamLocation,
    streamTableParameters,
    streamsWithTables,
} from "./stream-tables";
import { ownedBy } from "../../lib/ownership";

/** A zone as the catalog sees it. */
export interface CatalogZone {
    /** Zone name, e.g. `raw`: names its database and crawler. Required. */
    name: string;
    /** The zone's bucket. Required. */
    bucketName: pulumi.Input<string>;
    bucketArn: pulumi.Input<string>;
    /**
     * The bucket's KMS key (the crawler decrypts with it).
     * @default none (an SSE-S3 bucket: no key grant)
     */
    keyArn?: pulumi.Input<string>;
    /** The zone's crawler queue and its DLQ (components/catalog/crawler-event-queue.ts). Required when `recrawl` is `events`. */
    eventQueue?: CrawlerQueue;
}

/** A crawler event queue and its DLQ. */
export interface CrawlerQueue {
    /** The queue's ARN. */
    queueArn: pulumi.Input<string>;
    /** Its DLQ's ARN. */
    dlqArn: pulumi.Input<string>;
}

/** A Firehose stream writing JSON lines under `streams/<name>/` of the landing zone. */
export interface CatalogStream {
    /** Stream name; the streams stream-tables.ts knows get an explicit table. Required. */
    name: string;
    /**
     * Compression of the delivered objects.
     * @default "GZIP"
     */
    compression?: StreamCompression;
}

export interface CatalogArgs extends CatalogSettings {
    /** The program's context: `scope` (account, partition, region) builds the crawler roles' ARNs. Required. */
    context: LakeContext;
    /** Zones in promotion order. Required (at least one). */
    zones: CatalogZone[];
    /**
     * Name of the landing zone, the one the streams write into (its database holds the stream tables).
     * @default the first zone
     */
    landingZone?: string;
    /**
     * Firehose streams into the landing zone.
     * @default none (no stream tables)
     */
    streams?: CatalogStream[];
    /** Analytics key ARN (CloudWatch and bookmark encryption of the security configuration). Required. */
    analyticsKeyArn: pulumi.Input<string>;
}

/** What Catalog's private methods build from: its name, its args and their defaults. */
interface CatalogBuild {
    name: string;
    args: CatalogArgs;
    /** The settings with their defaults applied. */
    settings: ResolvedCatalogSettings;
    streams: Required<CatalogStream>[];
}

export class Catalog extends pulumi.ComponentResource {
    /** Glue database name per zone, e.g. `databaseNames.raw` = `datalake_dev_raw`. */
    readonly databaseNames: Record<string, string>;
    readonly databases: Record<string, aws.glue.CatalogDatabase>;
    /** Crawler name per zone. */
    readonly crawlerNames: Record<string, pulumi.Output<string>>;
    /** Each crawler's role ARN by zone: it writes the zone's tables (Lake Formation grants it that). */
    readonly crawlerRoleArns: Record<string, pulumi.Output<string>> = {};
    /** Security configuration of the crawlers. */
    readonly securityConfigurationName: pulumi.Output<string>;
    /** Stream tables in the landing database, e.g. `["events", "impressions", "clicks"]`. */
    readonly streamTables: string[];
    /**
     * The key the account's Data Catalog is encrypted with, as far as this stack knows: the analytics
     * key when it manages the setting, `accountEncryptionKeyArn` when another stack does,
     * else none. Every role that reads or writes the catalog may use it (lib/iam `catalogKeyUse`).
     */
    readonly catalogKeyArns: pulumi.Input<string>[];

    constructor(name: string, args: CatalogArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:catalog:Catalog", name, {}, ownedBy("catalog", opts));
        // Locals, not fields: every field is an output to the package's schema analyzer (components/plugin.ts).
        const c: CatalogBuild = {
            name,
            args,
            settings: catalogWithDefaults(args),
            streams: (args.streams ?? []).map((s) => ({ name: s.name, compression: s.compression ?? "GZIP" })),
        };
        const landing = this.checkedLanding(c);
        this.databaseNames = Object.fromEntries(args.zones.map((z) => [z.name, databaseName(pulumi.getProject(), pulumi.getStack(), z.name)]));
        assertUniqueNames(Object.values(this.databaseNames), "Glue database");
        this.streamTables = streamsWithTables(c.streams);

        const { manageAccountEncryption, accountEncryptionKeyArn } = c.settings;
        this.catalogKeyArns = manageAccountEncryption ? [args.analyticsKeyArn] : accountEncryptionKeyArn ? [accountEncryptionKeyArn] : [];
        const securityConfiguration = this.crawlerSecurityConfiguration(c);
        this.securityConfigurationName = securityConfiguration.name;
        if (manageAccountEncryption) this.encryptAccountCatalog(c);
        this.databases = {};
        this.crawlerNames = {};
        for (const zone of args.zones) {
            this.databases[zone.name] = this.database(c, zone);
            this.crawlerNames[zone.name] = this.crawler(c, zone, securityConfiguration, zone === landing ? this.streamTables : []);
        }
        this.streamTablesIn(c, this.databases[landing.name], landing);

        this.registerOutputs({
            databaseNames: this.databaseNames,
            crawlerNames: this.crawlerNames,
            securityConfigurationName: this.securityConfigurationName,
            streamTables: this.streamTables,
        });
    }

    /** The landing zone; throws when it is missing, or when event mode lacks a zone's queue. */
    private checkedLanding(c: CatalogBuild): CatalogZone {
        const { zones } = c.args;
        if (zones.length === 0) throw new Error("Catalog: no zones");
        const missingQueue = c.settings.recrawl === "events" ? zones.filter((z) => !z.eventQueue).map((z) => z.name) : [];
        if (missingQueue.length) {
            throw new Error(`Catalog: recrawl = "events" needs a crawler event queue for zones ${missingQueue.join(", ")}`);
        }
        const landingZone = c.args.landingZone ?? zones[0].name;
        const landing = zones.find((z) => z.name === landingZone);
        if (!landing) throw new Error(`Catalog: the landing zone ${landingZone} is not among ${zones.map((z) => z.name).join(", ")}`);
        return landing;
    }

    /** Crawler logs and bookmarks encrypted with the analytics key. */
    private crawlerSecurityConfiguration(c: CatalogBuild): aws.glue.SecurityConfiguration {
        const kmsKeyArn = c.args.analyticsKeyArn;
        return new aws.glue.SecurityConfiguration(
            `${c.name}-crawlers`,
            {
                name: glueName(pulumi.getProject(), pulumi.getStack(), "crawlers"),
                encryptionConfiguration: {
                    s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn },
                    cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn },
                    jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn },
                },
            },
            { parent: this },
        );
    }

    /**
     * The account's Data Catalog encryption (one setting per account and region, so opt-in:
     * `manageAccountEncryption` in exactly one stack): metadata SSE-KMS and connection
     * passwords encrypted, both with the analytics key. Every principal reading the catalog
     * (Athena users, crawlers, jobs, Spectrum, EMR) then needs that key: `catalogKeyArns`.
     */
    private encryptAccountCatalog(c: CatalogBuild): void {
        const keyArn = c.args.analyticsKeyArn;
        new aws.glue.DataCatalogEncryptionSettings(
            `${c.name}-encryption`,
            {
                dataCatalogEncryptionSettings: {
                    encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: keyArn },
                    connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: keyArn },
                },
            },
            { parent: this },
        );
    }

    private database(c: CatalogBuild, zone: CatalogZone): aws.glue.CatalogDatabase {
        return new aws.glue.CatalogDatabase(
            `${c.name}-${zone.name}-database`,
            { name: this.databaseNames[zone.name], description: `Data lake zone ${zone.name}`, locationUri: pulumi.interpolate`s3://${zone.bucketName}/` },
            { parent: this },
        );
    }

    /** The zone's crawler with its own role (its bucket, key, database and, in event mode, queue); its name. */
    private crawler(c: CatalogBuild, zone: CatalogZone, securityConfiguration: aws.glue.SecurityConfiguration, streamTables: string[]): pulumi.Output<string> {
        const { context, analyticsKeyArn } = c.args;
        const catalog = c.settings;
        const eventMode = catalog.recrawl === "events";
        const database = this.databaseNames[zone.name];
        const crawlerName = glueName(pulumi.getProject(), pulumi.getStack(), zone.name, "crawler");
        const queueArns = zone.eventQueue ? [zone.eventQueue.queueArn, zone.eventQueue.dlqArn] : [];
        const { role, policy } = roleWithPolicy(
            `${c.name}-${zone.name}-crawler`,
            {
                role: { service: "glue.amazonaws.com", description: `Glue crawler of zone ${zone.name}` },
                policy: jsonOf(
                    {
                        scope: context.scope,
                        bucketArn: zone.bucketArn,
                        bucketKeyArn: zone.keyArn,
                        database,
                        analyticsKeyArn,
                        eventQueueArns: eventMode ? pulumi.all(queueArns) : undefined,
                        crawlerName,
                        catalogKeyArns: pulumi.all(this.catalogKeyArns),
                    },
                    crawlerPolicy,
                ),
            },
            this,
        );
        const crawler = new aws.glue.Crawler(
            `${c.name}-${zone.name}-crawler`,
            {
                name: crawlerName,
                description: `Tables and partitions of zone ${zone.name}`,
                databaseName: this.databases[zone.name].name,
                role: role.arn,
                schedule: catalog.crawlerSchedule,
                configuration: crawlerConfiguration(),
                schemaChangePolicy: schemaChangePolicy(catalog),
                recrawlPolicy: { recrawlBehavior: recrawlBehavior(catalog.recrawl) },
                securityConfiguration: securityConfiguration.name,
                s3Targets: [
                    {
                        path: pulumi.interpolate`s3://${zone.bucketName}/`,
                        exclusions: crawlerExclusions(streamTables),
                        ...(eventMode ? { eventQueueArn: zone.eventQueue!.queueArn, dlqEventQueueArn: zone.eventQueue!.dlqArn } : {}),
                    },
                ],
            },
            { parent: this, dependsOn: [policy] },
        );
        this.crawlerRoleArns[zone.name] = role.arn;
        return crawler.name;
    }

    /** Explicit tables with partition projection over the landing zone's stream prefixes. */
    private streamTablesIn(c: CatalogBuild, database: aws.glue.CatalogDatabase, landing: CatalogZone): void {
        const since = c.settings.streamsSince;
        for (const streamName of this.streamTables) {
            const stream = c.streams.find((s) => s.name === streamName)!;
            const columns = STREAM_COLUMNS[streamName];
            new aws.glue.CatalogTable(
                `${c.name}-${streamName}-table`,
                {
                    name: glueName(streamName),
                    databaseName: database.name,
                    description: `Firehose stream ${streamName}: ${stream.compression} JSON lines, partition projection on ${STREAM_PARTITION_KEY} (the year=/month=/day=/hour= prefix) since ${since}`,
                    tableType: "EXTERNAL_TABLE",
                    parameters: pulumi.output(landing.bucketName).apply((bucket) => streamTableParameters(bucket, streamName, stream.compression, since)),
                    partitionKeys: [{ name: STREAM_PARTITION_KEY, type: "string", comment: "year=YYYY/month=MM/day=DD/hour=HH (UTC), as Firehose writes it" }],
                    storageDescriptor: {
                        location: pulumi.output(landing.bucketName).apply((bucket) => streamLocation(bucket, streamName)),
                        inputFormat: TEXT_INPUT_FORMAT,
                        outputFormat: TEXT_OUTPUT_FORMAT,
                        compressed: stream.compression !== "UNCOMPRESSED",
                        serDeInfo: { name: "json", serializationLibrary: JSON_SERDE, parameters: jsonSerdeParameters(columns) },
                        columns: columns.map((c) => ({ name: c.name, type: c.type, ...(c.comment ? { comment: c.comment } : {}) })),
                    },
                },
                { parent: this },
            );
        }
    }
}

/**
 * Streaming ingest into the drop zone: one DeliveryStream per configured stream and, when
 * enabled, the HTTP ingest API whose routes write into them.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AccountScope } from "../../lib/account-scope";
import type { IngestApiConfig, StreamConfig } from "../../lib/config";
import { DeliveryStream } from "./delivery-stream";
import { IngestApi, ReadRoute } from "./ingest-api";
import { ownedBy } from "../../lib/ownership";

/** What ingest needs of the drop zone (a `Zone` satisfies it). */
export interface DropZone {
    bucketArn: pulumi.Input<string>;
    keyArn: pulumi.Input<string>;
}

export interface IngestArgs {
    /** Configured streams (lib/config `streams`, defaults applied there). Required. */
    streams: StreamConfig[];
    /** HTTP ingest API config (lib/config `ingestApi`); no API when `enabled` is false. Required. */
    api: IngestApiConfig;
    /** The landing zone streams deliver into. Required. */
    dropZone: DropZone;
    /** Account, partition and region of the stack. Required. */
    scope: pulumi.Input<AccountScope>;
    /** Retention (days) of every ingest log group. Required. */
    logRetentionDays: number;
    /** The logs CMK every ingest log group is encrypted with. Required. */
    logsKeyArn: pulumi.Input<string>;
    /** Keep Kinesis streams and their keys on stack removal (prod). Default false. */
    retainData?: boolean;
    /** Read routes the API also serves (the traffic endpoint). Default none. */
    readRoutes?: ReadRoute[];
}

export class Ingest extends pulumi.ComponentResource {
    /** Delivery streams by configured stream name. */
    readonly streams: Record<string, DeliveryStream>;
    readonly api?: IngestApi;
    /** Firehose delivery stream names by configured stream name. */
    readonly deliveryStreamNames: Record<string, pulumi.Output<string>>;
    /** Kinesis source stream names, for streams fed by one. */
    readonly kinesisStreamNames: Record<string, pulumi.Output<string>>;
    /** The API's base URL (routes below it), when enabled. */
    readonly apiUrl?: pulumi.Output<string>;
    /** The API key's id (auth `apiKey`). */
    readonly apiKeyId?: pulumi.Output<string>;

    constructor(name: string, args: IngestArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:ingest:Ingest", name, {}, ownedBy("ingest", opts));
        const child = { parent: this };
        const streams = args.streams.map(
            (stream) =>
                new DeliveryStream(
                    `${name}-${stream.name}`,
                    {
                        stream,
                        bucketArn: args.dropZone.bucketArn,
                        keyArn: args.dropZone.keyArn,
                        scope: args.scope,
                        logRetentionDays: args.logRetentionDays,
                        logsKeyArn: args.logsKeyArn,
                        retainData: args.retainData,
                    },
                    child,
                ),
        );
        this.streams = Object.fromEntries(args.streams.map((s, i) => [s.name, streams[i]]));
        if (args.api.enabled) {
            this.api = new IngestApi(
                `${name}-http`,
                {
                    api: args.api,
                    streams: this.streams,
                    scope: args.scope,
                    logRetentionDays: args.logRetentionDays,
                    logsKeyArn: args.logsKeyArn,
                    readRoutes: args.readRoutes,
                },
                child,
            );
        }

        this.deliveryStreamNames = Object.fromEntries(args.streams.map((s, i) => [s.name, streams[i].deliveryStreamName]));
        this.kinesisStreamNames = Object.fromEntries(
            args.streams.flatMap((s, i) => {
                const kinesis = streams[i].kinesisStreamName;
                return kinesis ? [[s.name, kinesis]] : [];
            }),
        );
        this.apiUrl = this.api?.url;
        this.apiKeyId = this.api?.apiKeyId;
        this.registerOutputs({
            deliveryStreamNames: this.deliveryStreamNames,
            kinesisStreamNames: this.kinesisStreamNames,
            apiUrl: this.apiUrl,
            apiKeyId: this.apiKeyId,
        });
    }
}

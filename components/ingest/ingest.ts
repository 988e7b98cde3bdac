/**
 * Streaming ingest into the drop zone: one DeliveryStream per configured stream and, when
 * enabled, the HTTP ingest API whose routes write into them.
 *
 * Usable without `DataLake`: `new Ingest("in", { landingZone: { bucketArn, keyArn }, context: { scope,
 * logsKeyArn } })` is complete, every other prop taking the area's defaults (./defaults.ts);
 * examples/ingest does this into an existing bucket.
 */
import * as pulumi from "@pulumi/pulumi";
import type { LakeContext } from "../../lib/lake-context";
import { withIngestDefaults, type IngestAreaProps } from "./defaults";
import { DeliveryStream } from "./delivery-stream";
import { IngestApi, ReadRoute } from "./ingest-api";
import { ownedBy } from "../../lib/ownership";

/** What ingest needs of the landing zone (a `Zone` satisfies it, or any bucket and its SSE-KMS key). */
export interface DropZone {
    bucketArn: pulumi.Input<string>;
    keyArn: pulumi.Input<string>;
}

export interface IngestArgs extends IngestAreaProps {
    /** The landing zone the streams deliver into. Required. */
    landingZone: DropZone;
    /**
     * Scope; `logsKeyArn` (required) and `logRetentionDays` for every ingest log group;
     * `retainData` keeps Kinesis streams and their keys on stack removal.
     */
    context: LakeContext;
    /** Read routes the API also serves (the traffic endpoint). @default [] */
    readRoutes?: ReadRoute[];
}

/** A delivery stream's outputs (its `DeliveryStream`'s): what producers, the API and real-time counting use. */
export interface IngestStream {
    /** Firehose delivery stream name. */
    deliveryStreamName: pulumi.Output<string>;
    deliveryStreamArn: pulumi.Output<string>;
    /** The Kinesis source, when the stream has one. */
    kinesisStreamName?: pulumi.Output<string>;
    kinesisStreamArn?: pulumi.Output<string>;
    kinesisKeyArn?: pulumi.Output<string>;
}

export class Ingest extends pulumi.ComponentResource {
    /** Delivery streams by configured stream name. */
    readonly streams: Record<string, IngestStream>;
    /** Firehose delivery stream names by configured stream name. */
    readonly deliveryStreamNames: Record<string, pulumi.Output<string>>;
    /** Kinesis source stream names, for streams fed by one. */
    readonly kinesisStreamNames: Record<string, pulumi.Output<string>>;
    /** The API's base URL (routes below it), when enabled. */
    readonly apiUrl?: pulumi.Output<string>;
    /** The API key's id (auth `apiKey`). */
    readonly apiKeyId?: pulumi.Output<string>;
    /** The API's OpenAPI 3.1 document (JSON), when enabled; also served at `GET <apiUrl>/openapi.json`. */
    readonly apiOpenApiDocument?: pulumi.Output<string>;

    constructor(name: string, args: IngestArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:ingest:Ingest", name, {}, ownedBy("ingest", opts));
        const child = { parent: this };
        const resolved = withIngestDefaults(args);
        const streams = resolved.streams.map(
            (stream) =>
                new DeliveryStream(
                    `${name}-${stream.name}`,
                    {
                        stream,
                        bucketArn: args.landingZone.bucketArn,
                        keyArn: args.landingZone.keyArn,
                        context: args.context,
                    },
                    child,
                ),
        );
        // Plain outputs, not the DeliveryStream components: the package's schema can describe only these.
        this.streams = Object.fromEntries(
            resolved.streams.map((s, i) => {
                const { deliveryStreamName, deliveryStreamArn, kinesisStreamName, kinesisStreamArn, kinesisKeyArn } = streams[i];
                return [s.name, { deliveryStreamName, deliveryStreamArn, kinesisStreamName, kinesisStreamArn, kinesisKeyArn }];
            }),
        );
        let api: IngestApi | undefined;
        if (resolved.api) {
            api = new IngestApi(
                `${name}-http`,
                {
                    api: resolved.api,
                    streams: this.streams,
                    context: args.context,
                    readRoutes: args.readRoutes,
                },
                child,
            );
        }

        this.deliveryStreamNames = Object.fromEntries(resolved.streams.map((s, i) => [s.name, streams[i].deliveryStreamName]));
        this.kinesisStreamNames = Object.fromEntries(
            resolved.streams.flatMap((s, i) => {
                const kinesis = streams[i].kinesisStreamName;
                return kinesis ? [[s.name, kinesis]] : [];
            }),
        );
        this.apiUrl = api?.url;
        this.apiKeyId = api?.apiKeyId;
        this.apiOpenApiDocument = api?.openApiDocument;
        this.registerOutputs({
            apiOpenApiDocument: this.apiOpenApiDocument,
            deliveryStreamNames: this.deliveryStreamNames,
            kinesisStreamNames: this.kinesisStreamNames,
            apiUrl: this.apiUrl,
            apiKeyId: this.apiKeyId,
        });
    }
}

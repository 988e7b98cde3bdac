/**
 * The rules that read more than one key of the stack config (each issue names the key to change),
 * and `configSchema`: the schema with them and the optional parts' rules (lib/config-optional.ts). Pure.
 */
import { INGEST_ROUTES } from "../contract";
import { optionalIssues } from "../config-optional";
import { contractIssues } from "../dataset-contract";
import { DEFAULT_ROUTES } from "../../components/ingest/defaults";
import { DEFAULT_ZONES, resolveStreamSources } from "../../components/data-lake-args";
import { DEFAULT_STREAMS, configObject, type ParsedConfig } from "./schema";

export const configSchema = configObject
    .refine((c) => !c.zones || new Set(c.zones.map((z) => z.name)).size === c.zones.length, {
        message: "zone names must be unique",
        path: ["zones"],
    })
    .refine((c) => !c.streams || new Set(c.streams.map((s) => s.name)).size === c.streams.length, {
        message: "stream names must be unique",
        path: ["streams"],
    })
    .superRefine((c, ctx) => {
        for (const issue of [...crossKeyIssues(c), ...optionalIssues(c)]) ctx.addIssue({ code: "custom", ...issue });
    });

/** A rule across keys that failed: the key it names and why. */
interface Issue {
    path: (string | number)[];
    message: string;
}

type Parsed = ParsedConfig;
type DeclaredStream = { name: string; source?: "direct" | "kinesis"; shards?: number };

/** Rules that read more than one key (each issue names the key to change). */
function crossKeyIssues(c: Parsed): Issue[] {
    const streams: DeclaredStream[] = c.streams ?? DEFAULT_STREAMS;
    return [
        ...archiveIssues(c),
        ...realtimeIssues(c, streams),
        ...shardIssues(c, streams),
        ...servingIssues(c),
        ...routeIssues(c, streams),
        ...domainIssues(c),
        ...contractIssues(c.contracts, c.curation),
    ];
}

/**
 * The curate job reads the second zone's objects it has not consumed (every one after a rollback),
 * EMR's views read all of it; Spark fails such reads on objects in GLACIER or DEEP_ARCHIVE ("The operation is not valid
 * for the object's storage class"):
 * https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-storage-classes.html
 */
function archiveIssues(c: Parsed): Issue[] {
    const read = c.zones && c.zones.length >= 3 ? c.zones[1] : undefined;
    const tier = read?.lifecycle?.glacierDays ? read.lifecycle.archiveStorageClass : undefined;
    if (!tier || tier === "GLACIER_IR") return [];
    return [
        {
            path: ["zones", 1, "lifecycle", "archiveStorageClass"],
            message: `zone "${read!.name}" is read by Spark (the curate job: any object it has not consumed, every one after a rollback; EMR views), which cannot read ${tier} objects without a restore: use GLACIER_IR (instantly readable) or drop glacierDays`,
        },
    ];
}

const streamList = (streams: DeclaredStream[]) => `names no configured stream (streams: ${streams.map((s) => s.name).join(", ")})`;

/** Real-time counting reads configured streams, from Kinesis. */
function realtimeIssues(c: Parsed, streams: DeclaredStream[]): Issue[] {
    if (!c.realtime.enabled) return [];
    return Object.entries(c.realtime.streams).flatMap(([type, stream]): Issue[] => {
        const found = streams.find((s) => s.name === stream);
        if (!found) return [{ path: ["realtime", "streams", type], message: streamList(streams) }];
        if (found.source !== "direct") return [];
        return [
            {
                path: ["streams", streams.indexOf(found), "source"],
                message: `real-time counting (realtime.streams.${type}) reads stream "${stream}" from Kinesis: set its source to kinesis or leave it unset`,
            },
        ];
    });
}

/** Shards size a Kinesis stream: a stream that ends up direct has none. */
function shardIssues(c: Parsed, streams: DeclaredStream[]): Issue[] {
    return resolveStreamSources(streams, c.realtime).flatMap((s, i): Issue[] =>
        s.source !== "kinesis" && s.shards !== undefined ? [{ path: ["streams", i, "shards"], message: "shards applies only to source 'kinesis'" }] : [],
    );
}

/** The traffic API is a route of the ingest API and reads the curated zone. */
function servingIssues(c: Parsed): Issue[] {
    if (!c.serving.enabled) return [];
    return [
        ...(c.ingestApi.enabled
            ? []
            : [
                  {
                      path: ["serving", "enabled"],
                      message: "the traffic endpoint is a route of the ingest API: set ingestApi.enabled true (or serving.enabled false)",
                  },
              ]),
        ...((c.zones?.length ?? DEFAULT_ZONES.length) < 3
            ? [{ path: ["serving", "enabled"], message: "the traffic job reads the advertising view of the third (curated) zone: configure at least 3 zones" }]
            : []),
    ];
}

/** A custom domain fronts the API: without one, it would be left out silently. */
function domainIssues(c: Parsed): Issue[] {
    return c.ingestApi.domain && !c.ingestApi.enabled
        ? [{ path: ["ingestApi", "domain"], message: "a custom domain fronts the ingest API: set ingestApi.enabled true (or leave the domain out)" }]
        : [];
}

/** Routes the ingest function validates, each to a configured stream (only when the API exists). */
function routeIssues(c: Parsed, streams: DeclaredStream[]): Issue[] {
    if (!c.ingestApi.enabled) return [];
    return Object.entries(c.ingestApi.routes ?? DEFAULT_ROUTES).flatMap(([route, stream]): Issue[] => [
        ...((INGEST_ROUTES as readonly string[]).includes(route)
            ? []
            : [{ path: ["ingestApi", "routes", route], message: `is not a route the ingest function validates (routes: ${INGEST_ROUTES.join(", ")})` }]),
        ...(streams.some((s) => s.name === stream) ? [] : [{ path: ["ingestApi", "routes", route], message: streamList(streams) }]),
    ]);
}

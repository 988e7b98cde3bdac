/**
 * The ingest area's own props and their defaults, applied inside the components (`withIngestDefaults`
 * and its parts). Pure, unit-tested directly. lib/config validates the stack config and takes its
 * ingest defaults from here, so each default is written once.
 */

// Each set of allowed strings is an `as const` object and the union of its values: TypeScript callers
// pass the strings, and the component package's schema (components/plugin.ts) lists them as an enum.

/** What the drop processor reads (functions/drop-to-raw/convert.ts): gzip or plain objects. */
export const StreamCompression = { GZIP: "GZIP", UNCOMPRESSED: "UNCOMPRESSED" } as const;
export type StreamCompression = (typeof StreamCompression)[keyof typeof StreamCompression];

/** How the ingest API authenticates callers. */
export const IngestAuth = { apiKey: "apiKey", iam: "iam", none: "none" } as const;
export type IngestAuth = (typeof IngestAuth)[keyof typeof IngestAuth];

/** What feeds a delivery stream: Direct PUT into Firehose, or a Kinesis Data Stream of its own. */
export const StreamSource = { direct: "direct", kinesis: "kinesis" } as const;
export type StreamSource = (typeof StreamSource)[keyof typeof StreamSource];

/** One delivery stream into the landing zone. */
export interface StreamProps {
    /** Stream name, also its prefix in the landing zone: `streams/<name>/`. Required. */
    name: string;
    /**
     * `direct` (Direct PUT into Firehose) or `kinesis` (a Kinesis Data Stream of its own feeds Firehose).
     * @default "direct"
     */
    source?: StreamSource;
    /** Kinesis only: shards of a provisioned stream. @default undefined (on-demand) */
    shards?: number;
    /** Kinesis only: retention hours (24-8760). @default 24 */
    retentionHours?: number;
    /** Firehose buffer size (MiB, 1-128). @default 64 */
    bufferSizeMb?: number;
    /** Firehose buffer interval (s, 0-900). @default 300 */
    bufferIntervalSeconds?: number;
    /** Compression of delivered objects. @default "GZIP" */
    compression?: StreamCompression;
}

/** A stream with its defaults applied (`shards` stays optional: none means on-demand). */
export type Stream = Required<Omit<StreamProps, "shards">> & Pick<StreamProps, "shards">;

/** AWS WAF on the API stage: the AWS managed common rule set and a per-IP rate limit. */
export interface WafProps {
    /** Attach a web ACL to the stage. @default false (the lake's stack config turns it on in prod) */
    enabled?: boolean;
    /** Requests one client IP may make in any 5-minute window before WAF blocks it. @default 2000 */
    ipRateLimit?: number;
}

/**
 * A custom domain for the API: a Regional API Gateway domain name (TLS 1.2 minimum) with an ACM
 * certificate validated by DNS in `hostedZoneId`, the stage mapped at `basePath`, and an alias
 * record for the name in the same zone.
 */
export interface ApiDomainProps {
    /** Fully qualified name, e.g. `ingest.example.com` (no wildcard). Required. */
    name: string;
    /** The Route 53 public hosted zone that holds `name` (certificate validation and the alias record). Required. */
    hostedZoneId: string;
    /** One path segment the API is mapped at (`https://<name>/<basePath>/track`). @default undefined (the domain root) */
    basePath?: string;
}

/** The HTTP ingest API's settings. */
export interface IngestApiProps {
    /** `apiKey` (usage plan + key), `iam` (SigV4) or `none`. @default "apiKey" */
    auth?: IngestAuth;
    /** Steady-state requests per second across the stage. @default 100 */
    rateLimit?: number;
    /** Burst requests. @default 200 */
    burstLimit?: number;
    /** Largest accepted body (bytes); larger answers 413. @default 1048576 (1 MiB) */
    maxBodyBytes?: number;
    /**
     * Route path -> stream name; every stream named must be one of the area's streams.
     * @default DEFAULT_ROUTES (/track, /alias, /profile -> events; /impressions, /clicks -> their streams)
     */
    routes?: Record<string, string>;
    /** X-Ray active tracing on the stage and the function. @default false */
    tracing?: boolean;
    /**
     * Set the account's API Gateway CloudWatch Logs role (stage access logs need it). One setting
     * per account and region: keep it in one stack, false in the others. @default true
     */
    manageAccountLogRole?: boolean;
    /** AWS WAF on the stage. @default { enabled: false, ipRateLimit: 2000 } */
    waf?: WafProps;
    /** The stage's name, the first path segment of the execute-api URL. @default "v1" */
    stageName?: string;
    /** A custom domain for the API. @default undefined (the execute-api hostname only) */
    domain?: ApiDomainProps;
}

/** API settings with their defaults applied (`domain` stays optional: none means no custom domain). */
export type IngestApiSettings = Required<Omit<IngestApiProps, "waf" | "domain">> & { waf: Required<WafProps>; domain?: ApiDomainProps };

/** The HTTP ingest API's settings, and whether there is one. */
export interface OptionalIngestApiProps extends IngestApiProps {
    /** Build the API. @default true */
    enabled?: boolean;
}

/** The area's props: the streams and, unless `enabled` is false, the API over them. */
export interface IngestAreaProps {
    /** Delivery streams into the landing zone. @default DEFAULT_STREAM_NAMES, each with the stream defaults */
    streams?: StreamProps[];
    /** The HTTP ingest API; `enabled: false` leaves it out. @default enabled, with the API defaults */
    api?: OptionalIngestApiProps;
}

export interface ResolvedIngestArea {
    streams: Stream[];
    /** Absent when the API is disabled. */
    api?: IngestApiSettings;
}

export const STREAM_DEFAULTS = {
    source: "direct",
    retentionHours: 24,
    bufferSizeMb: 64,
    bufferIntervalSeconds: 300,
    compression: "GZIP",
} as const satisfies Omit<Stream, "name">;

export const WAF_DEFAULTS = { enabled: false, ipRateLimit: 2000 } as const satisfies Required<WafProps>;

export const INGEST_API_DEFAULTS = {
    auth: "apiKey",
    rateLimit: 100,
    burstLimit: 200,
    maxBodyBytes: 1024 * 1024,
    tracing: false,
    manageAccountLogRole: true,
    stageName: "v1",
} as const satisfies Omit<IngestApiSettings, "routes" | "waf" | "domain">;

/** The ingest function's memory (MB; Lambda CPU scales with it) and POWERTOOLS_LOG_LEVEL. */
export const INGEST_FUNCTION_DEFAULTS = { memoryMb: 512, logLevel: "INFO" } as const;

/** Whether the area builds the API when `api.enabled` is left out. */
export const INGEST_API_ENABLED = true;

export const DEFAULT_STREAM_NAMES = ["events", "impressions", "clicks"] as const;

export const DEFAULT_ROUTES: Readonly<Record<string, string>> = {
    "/track": "events",
    "/alias": "events",
    "/profile": "events",
    "/impressions": "impressions",
    "/clicks": "clicks",
};

/** Leaves out the keys whose value is undefined, so spreading props never erases a default. */
function defined<T extends object>(props: T): Partial<T> {
    return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Firehose buffering limits (S3 destination): 1-128 MiB, 0-900 s. */
export const FIREHOSE_LIMITS = { bufferSizeMb: [1, 128], bufferIntervalSeconds: [0, 900] } as const;

/** The stream with its defaults; throws on buffering Firehose refuses, so a program fails before deploying. */
export function withStreamDefaults(stream: StreamProps): Stream {
    const resolved = { ...STREAM_DEFAULTS, ...defined(stream) } as Stream;
    for (const key of ["bufferSizeMb", "bufferIntervalSeconds"] as const) {
        const [min, max] = FIREHOSE_LIMITS[key];
        const value = resolved[key];
        if (!(value >= min && value <= max)) throw new Error(`stream ${resolved.name}: ${key} ${value} is outside Firehose's ${min}-${max}`);
    }
    return resolved;
}

/**
 * API Gateway's and ACM's grammar for what the API's settings name, so a program fails before
 * deploying rather than half way through it:
 * - stage: "Stage names can only contain alphanumeric characters, hyphens, and underscores.
 *   Maximum length is 128 characters." (API Gateway API reference, Stage);
 * - domain: RFC 1035 labels of at most 63 octets (API Gateway custom domain names), at most 253
 *   characters with ACM's DomainName pattern (no wildcard here: the alias record needs one name);
 * - base path: one segment of letters, digits and `$-_.+!*'()` (BasePathMapping; multi-level paths
 *   need the v2 API mappings);
 * - hosted zone: Route 53 ids are `Z` and up to 31 more upper-case letters or digits.
 */
export const API_GATEWAY_GRAMMAR = {
    stageName: /^[A-Za-z0-9_-]{1,128}$/,
    domainName: /^(?=.{1,253}$)(((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9])\.)+((?!-)[A-Za-z0-9-]{1,62}[A-Za-z0-9])$/,
    basePath: /^[A-Za-z0-9$_.+!*'()-]+$/,
    hostedZoneId: /^Z[A-Z0-9]{1,31}$/,
} as const;

/** What each grammar allows, for the error messages (config and component alike). */
export const API_GATEWAY_GRAMMAR_TEXT: Record<keyof typeof API_GATEWAY_GRAMMAR, string> = {
    stageName: "1-128 letters, digits, '-' or '_'",
    domainName: "a fully qualified name of at most 253 characters, labels of letters, digits and inner hyphens (at most 63 each), no wildcard",
    basePath: "one path segment of letters, digits and $-_.+!*'()",
    hostedZoneId: "a Route 53 hosted zone id, Z followed by up to 31 upper-case letters or digits",
};

/** Problems of the stage name and domain, each naming the setting, its value and what is allowed. */
export function apiNameIssues(api: Pick<IngestApiProps, "stageName" | "domain">): { setting: string; message: string }[] {
    const checks: [string, keyof typeof API_GATEWAY_GRAMMAR, string | undefined][] = [
        ["stageName", "stageName", api.stageName],
        ["domain.name", "domainName", api.domain?.name],
        ["domain.hostedZoneId", "hostedZoneId", api.domain?.hostedZoneId],
        ["domain.basePath", "basePath", api.domain?.basePath],
    ];
    return checks
        .filter(([, grammar, value]) => value !== undefined && !API_GATEWAY_GRAMMAR[grammar].test(value))
        .map(([setting, grammar, value]) => ({ setting, message: `${setting} ${JSON.stringify(value)} is not allowed: ${API_GATEWAY_GRAMMAR_TEXT[grammar]}` }));
}

/** The API settings with their defaults; throws on a stage name or domain API Gateway would refuse. */
export function withApiDefaults(api: IngestApiProps = {}): IngestApiSettings {
    const { waf, routes, domain, ...rest } = api;
    const issues = apiNameIssues(api);
    if (issues.length > 0) throw new Error(`ingest API: ${issues.map((i) => i.message).join("; ")}`);
    return {
        ...INGEST_API_DEFAULTS,
        ...defined(rest),
        routes: { ...(routes ?? DEFAULT_ROUTES) },
        waf: { ...WAF_DEFAULTS, ...defined(waf ?? {}) },
        ...(domain ? { domain: { ...domain } } : {}),
    };
}

/** The area's props with every default applied: the default streams, and the API unless disabled. */
export function withIngestDefaults(props: IngestAreaProps = {}): ResolvedIngestArea {
    const streams = (props.streams ?? DEFAULT_STREAM_NAMES.map((name) => ({ name }))).map(withStreamDefaults);
    const { enabled = INGEST_API_ENABLED, ...api } = props.api ?? {};
    return enabled ? { streams, api: withApiDefaults(api) } : { streams };
}

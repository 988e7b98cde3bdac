/**
 * Stack configuration: one typed, validated schema with every default applied here and nowhere
 * else. `parseConfig` is pure (tested directly); `loadConfig` reads the `datalake:*` keys of the
 * current Pulumi stack. Bad values fail with the key, the value and what is allowed.
 */
import { z } from "zod";
import { CURATION_CAST_TYPES } from "./contract";

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const zoneName = z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,19}$/, "a lowercase name of 2-20 characters: letters, digits, '-', starting with a letter");

const days = z.number().int().min(1).max(3650);

const lifecycleSchema = z
    .object({
        /** Current objects expire after this many days (drop zone default: 30). */
        expireDays: days.optional(),
        /** Transition to STANDARD_IA after this many days (>= 30, S3's minimum). */
        infrequentAccessDays: z.number().int().min(30).max(3650).optional(),
        /** Transition to GLACIER (Flexible Retrieval) after this many days. */
        glacierDays: days.optional(),
        /** Noncurrent versions expire after this many days. Default 30. */
        noncurrentExpireDays: days.default(30),
        /** Incomplete multipart uploads are aborted after this many days. Default 7. */
        abortMultipartDays: days.default(7),
    })
    .strict()
    .refine((l) => !(l.infrequentAccessDays && l.glacierDays) || l.glacierDays >= l.infrequentAccessDays + 30, {
        message: "glacierDays must be at least infrequentAccessDays + 30 (S3 keeps objects 30 days in STANDARD_IA)",
        path: ["glacierDays"],
    })
    .refine((l) => !l.expireDays || [l.infrequentAccessDays, l.glacierDays].every((t) => !t || l.expireDays! > t), {
        message: "expireDays must be later than every transition",
        path: ["expireDays"],
    });

const zoneSchema = z
    .object({
        name: zoneName,
        lifecycle: lifecycleSchema.optional(),
    })
    .strict();

const columnName = z.string().regex(/^[a-z_][a-z0-9_]*$/, "a normalised column name (snake_case)");

const curationSchema = z
    .object({
        keyColumns: z.array(columnName).min(1).optional(),
        casts: z.record(columnName, z.enum(CURATION_CAST_TYPES)).optional(),
        renames: z.record(columnName, columnName).optional(),
        dropColumns: z.array(columnName).optional(),
    })
    .strict();

const processorSchema = z
    .object({
        /** Lambda memory (MB). Default 2048: DuckDB converts faster with more CPU. */
        memoryMb: z.number().int().min(512).max(10240).default(2048),
        /** Lambda timeout (s). Default 300. The queue's visibility timeout is 6x this. */
        timeoutSeconds: z.number().int().min(30).max(900).default(300),
        /** /tmp size (MB) for the downloaded source and the Parquet output. Default 4096. */
        ephemeralStorageMb: z.number().int().min(512).max(10240).default(4096),
        /** SQS messages per invocation. Default 5. */
        batchSize: z.number().int().min(1).max(10000).default(5),
        /** Seconds the event source waits to fill a batch. Default 0. */
        maxBatchingWindowSeconds: z.number().int().min(0).max(300).default(0),
        /** Receives before a message moves to the DLQ. Default 5. */
        maxReceiveCount: z.number().int().min(1).max(1000).default(5),
        /** Largest source object converted (bytes); larger ones are quarantined. Default 2 GiB. */
        maxObjectBytes: z.number().int().positive().default(2 * 1024 ** 3),
        /** Largest decompressed size of a gzip source (bomb guard). Default 8 GiB. */
        maxDecompressedBytes: z.number().int().positive().default(8 * 1024 ** 3),
    })
    .strict()
    .refine((p) => 6 * p.timeoutSeconds <= 43200, {
        message: "timeoutSeconds * 6 (the queue's visibility timeout) must not exceed SQS's 43200 s",
        path: ["timeoutSeconds"],
    })
    .refine((p) => p.batchSize <= 10 || p.maxBatchingWindowSeconds >= 1, {
        message: "a batchSize above 10 needs maxBatchingWindowSeconds >= 1 (an SQS rule)",
        path: ["batchSize"],
    });

export const configSchema = z
    .object({
        /** `dev` or `prod`. prod retains data buckets and keys on stack removal. Default dev. */
        environment: z.enum(["dev", "prod"]).default("dev"),
        /** Zones in promotion order. Default drop, raw, curated. */
        zones: z.array(zoneSchema).min(2).max(8).optional(),
        /** Log group retention (days). Default: 14 in dev, 365 in prod. */
        logRetentionDays: z
            .number()
            .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
                message: `one of ${LOG_RETENTION_DAYS.join(", ")}`,
            })
            .optional(),
        /** Zone processor Lambda and queue settings. */
        processor: processorSchema.default(processorSchema.parse({})),
        /** Curation per dataset (raw -> curated); datasets with none are copied as they are. */
        curation: z.record(z.string().regex(/^[a-z0-9_-]+$/, "a dataset name"), curationSchema).default({}),
        /** E-mail subscribed to the alarm topic (optional). */
        alarmEmail: z.email().optional(),
    })
    .strict()
    .refine((c) => !c.zones || new Set(c.zones.map((z) => z.name)).size === c.zones.length, {
        message: "zone names must be unique",
        path: ["zones"],
    });

export type RawConfig = z.input<typeof configSchema>;
export type ProcessorConfig = z.output<typeof processorSchema>;
export type Lifecycle = z.output<typeof lifecycleSchema>;

export interface ZoneConfig {
    name: string;
    lifecycle: Lifecycle;
}

/** The validated configuration, with every default resolved. */
export interface LakeConfig {
    environment: "dev" | "prod";
    /** prod: buckets and keys survive `pulumi destroy`; dev: everything is destroyable. */
    retainData: boolean;
    zones: ZoneConfig[];
    logRetentionDays: number;
    processor: ProcessorConfig;
    curation: Record<string, import("./contract").CurationRule>;
    alarmEmail?: string;
}

/** Lifecycle defaults by position: the first zone (landing) expires, the second tiers down. */
function defaultLifecycle(index: number): z.input<typeof lifecycleSchema> {
    if (index === 0) return { expireDays: 30 };
    if (index === 1) return { infrequentAccessDays: 30, glacierDays: 90 };
    return { infrequentAccessDays: 90 };
}

const DEFAULT_ZONES = ["drop", "raw", "curated"];

/** Config keys as they appear in Pulumi.<stack>.yaml (namespace `datalake`). */
export const CONFIG_KEYS = Object.keys(configSchema.shape) as (keyof RawConfig)[];
export const CONFIG_NAMESPACE = "datalake";

export class ConfigError extends Error {}

/** Validates raw stack config and applies every default. Throws ConfigError naming key, value, rule. */
export function parseConfig(raw: unknown): LakeConfig {
    const result = configSchema.safeParse(raw ?? {});
    if (!result.success) {
        const lines = result.error.issues.map((issue) => {
            const key = `${CONFIG_NAMESPACE}:${issue.path.map(String).join(".")}`;
            const value = valueAt(raw, issue.path as PropertyKey[]);
            const shown = value === undefined ? "(missing)" : JSON.stringify(value);
            return `  ${key} = ${shown}: ${issue.message}`;
        });
        throw new ConfigError(`Invalid stack configuration:\n${lines.join("\n")}`);
    }
    const c = result.data;
    const prod = c.environment === "prod";
    const zones = (c.zones ?? DEFAULT_ZONES.map((name) => ({ name }))).map((z, i) => ({
        name: z.name,
        lifecycle: lifecycleSchema.parse({ ...defaultLifecycle(i), ...z.lifecycle }),
    }));
    return {
        environment: c.environment,
        retainData: prod,
        zones,
        logRetentionDays: c.logRetentionDays ?? (prod ? 365 : 14),
        processor: c.processor,
        curation: c.curation,
        alarmEmail: c.alarmEmail,
    };
}

function valueAt(raw: unknown, path: PropertyKey[]): unknown {
    let v: any = raw;
    for (const p of path) {
        if (v === null || typeof v !== "object") return undefined;
        v = v[p as any];
    }
    return v;
}

/** Reads the `datalake:*` keys of the current stack (objects are structured YAML values). */
export function loadConfig(): LakeConfig {
    // Imported lazily so the pure parts of this module load without the Pulumi runtime.
    const pulumi: typeof import("@pulumi/pulumi") = require("@pulumi/pulumi");
    const cfg = new pulumi.Config(CONFIG_NAMESPACE);
    const raw: Record<string, unknown> = {};
    for (const key of CONFIG_KEYS) {
        const text = cfg.get(key);
        if (text === undefined) continue;
        try {
            raw[key] = JSON.parse(text);
        } catch {
            raw[key] = text; // plain strings (environment, alarmEmail) are not JSON
        }
    }
    return parseConfig(raw);
}

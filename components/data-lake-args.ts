/**
 * DataLake's own args: each area's settings, typed by the area's own args, every field optional
 * with its `@default`, applied inside DataLake (`dataLakeWithDefaults`) by the areas' own
 * `...WithDefaults`. The lake-level defaults live here too: the zones and their lifecycles by role,
 * the streams real-time counting makes Kinesis-fed, when the lake has a VPC. Pure, so lib/config
 * maps the validated stack config onto these args (`lakeArgsFromConfig`) and takes the lake-level
 * defaults from here.
 */
import { refuse } from "../lib/defaults";
import { contractSettingIssues, curatedPiiColumns, piiColumns } from "../lib/dataset-contract";
import { REALTIME_EVENT_TYPES, type CurationRule, type DatasetContract, type QualityRule, type RealtimeEventType } from "../lib/contract";
import { LAKE_CONTEXT_DEFAULTS } from "../lib/lake-context";
import { DEPLOYMENT_DEFAULTS, type DeploymentSettings } from "../lib/live-function";
import { catalogWithDefaults, type CatalogSettings, type ResolvedCatalogSettings } from "./catalog/crawler-settings";
import {
    emrClusterWithDefaults,
    emrServerlessWithDefaults,
    type EmrClusterProps,
    type EmrServerlessProps,
    type ResolvedEmrClusterProps,
    type ResolvedEmrServerlessProps,
} from "./emr/args";
import { etlWithDefaults, type EtlSettings, type ResolvedEtlSettings } from "./etl/args";
import { governanceWithDefaults, type GovernanceSettings, type ResolvedGovernanceSettings } from "./governance/args";
import { withDefaults } from "../lib/defaults";
import { MACIE_DEFAULTS, type MacieSettings } from "./governance/macie-args";
import {
    DEFAULT_STREAM_NAMES,
    INGEST_API_ENABLED,
    STREAM_DEFAULTS,
    withApiDefaults,
    withStreamDefaults,
    type OptionalIngestApiProps,
    type IngestApiSettings,
    type Stream,
    type StreamProps,
} from "./ingest/defaults";
import { NETWORK_DEFAULTS, REDSHIFT_SERVERLESS_AZS, networkWithDefaults, type NetworkSettings, type ResolvedNetworkSettings } from "./network/args";
import { operationsWithDefaults, type OperationsSettings, type ResolvedOperationsSettings } from "./operations/args";
import {
    curationStarterWithDefaults,
    processingWithDefaults,
    type CurationStarterSettings,
    type ProcessingSettings,
    type ResolvedCurationStarterSettings,
    type ResolvedProcessingSettings,
} from "./processing/args";
import { athenaWithDefaults, type AthenaSettings, type ResolvedAthenaSettings } from "./query/workgroup-settings";
import type { RealtimeArgs } from "./realtime/args";
import type { TrafficArgs } from "./traffic/args";
import { zoneLifecycle, type ResolvedZoneLifecycle, type ZoneLifecycle } from "./storage/args";
import { warehouseWithDefaults, type ResolvedWarehouseSettings, type WarehouseSettings } from "./warehouse/args";

/** A zone of the lake: its name and lifecycle (the rest of a `Zone`'s args DataLake wires). */
export interface LakeZone {
    /** The zone's name (a `Zone`'s `name`). Required. */
    name: string;
    /**
     * Expiry and tiering, over the defaults of the zone's role (`ROLE_LIFECYCLES`) and a `Zone`'s own.
     * @default the role's lifecycle
     */
    lifecycle?: ZoneLifecycle;
}

/**
 * The zones by role, the one place that maps promotion order to meaning: the first zone is the
 * landing zone (files, Firehose streams and the API ingest job write there; drop -> raw reads it),
 * the second the raw zone (validated Parquet), the third, when there is one, the curated zone
 * (raw -> curated writes it, the named queries read it). Later zones receive copies.
 */
export interface ZoneRoles {
    landing: string;
    raw: string;
    /** Absent with two zones: no raw -> curated step. */
    curated?: string;
}

export function zoneRoles(zones: { name: string }[]): ZoneRoles {
    const [landing, raw, curated] = zones.map((z) => z.name);
    return { landing, raw, ...(curated ? { curated } : {}) };
}

/** The zones when none are given, in promotion order. */
export const DEFAULT_ZONES = ["drop", "raw", "curated"] as const;

/** Lifecycle defaults by role: the landing zone expires, the raw zone tiers down to Glacier, later zones to IA. */
export const ROLE_LIFECYCLES: Record<keyof ZoneRoles | "later", ZoneLifecycle> = {
    landing: { expireDays: 30 },
    raw: { infrequentAccessDays: 30, glacierDays: 90 },
    curated: { infrequentAccessDays: 90 },
    later: { infrequentAccessDays: 90 },
};

function roleOf(zone: string, roles: ZoneRoles): keyof typeof ROLE_LIFECYCLES {
    return (Object.keys(roles) as (keyof ZoneRoles)[]).find((r) => roles[r] === zone) ?? "later";
}

/** A zone with its lifecycle resolved. */
export interface ResolvedLakeZone {
    name: string;
    lifecycle: ResolvedZoneLifecycle;
}

/** `zones` (default `DEFAULT_ZONES`) with each lifecycle over its role's defaults and a `Zone`'s own. */
export function lakeZones(zones: LakeZone[] = DEFAULT_ZONES.map((name) => ({ name }))): ResolvedLakeZone[] {
    const roles = zoneRoles(zones);
    return zones.map((z) => ({ name: z.name, lifecycle: zoneLifecycle({ ...ROLE_LIFECYCLES[roleOf(z.name, roles)], ...z.lifecycle }) }));
}

/** Real-time counting over the beacon streams: whether it runs, which streams, and its `Realtime` batching. */
export interface LakeRealtimeSettings extends Pick<RealtimeArgs, "batchSize" | "maxBatchingWindowSeconds" | "maxRetryAttempts"> {
    /**
     * Per-minute counts of the beacon streams; turning it on makes their streams Kinesis-fed.
     * @default false
     */
    enabled?: boolean;
    /**
     * Event type -> the lake's stream carrying it.
     * @default each event type's own name (impressions -> impressions, clicks -> clicks)
     */
    streams?: Record<RealtimeEventType, string>;
}

/** The traffic API: whether it runs, and its `Traffic` schedule and range. */
export interface LakeServingSettings extends Pick<TrafficArgs, "schedule" | "maxRangeDays"> {
    /**
     * The traffic table, its daily job and `GET /traffic/{adId}` on the ingest API (needs the API and a curated zone).
     * @default false
     */
    enabled?: boolean;
}

/** The VPC's settings and what runs in it besides the warehouse and EMR. */
export interface LakeNetworkSettings extends NetworkSettings {
    /**
     * Run the zone processors, the real-time and the serving functions in the VPC's subnets (the ingest API's stays out).
     * @default false
     */
    lambdasInVpc?: boolean;
}

/** The Redshift warehouse, or none. */
export type LakeWarehouseSettings = { mode?: "off" } | WarehouseSettings;

/** EMR Serverless or an EMR cluster over raw and curated, or none. */
export type LakeEmrSettings =
    | { mode?: "off" }
    | { mode: "serverless"; releaseLabel?: string; serverless?: Omit<EmrServerlessProps, "releaseLabel"> }
    | { mode: "cluster"; releaseLabel?: string; cluster?: Omit<EmrClusterProps, "releaseLabel"> };

export interface DataLakeArgs {
    /**
     * Keep data (buckets, keys, tables) on stack removal and protect it from deletion (every area's `context.retainData`).
     * @default false
     */
    retainData?: boolean;
    /**
     * Retention (days) of every log group the lake declares (every area's `context.logRetentionDays`).
     * @default 14
     */
    logRetentionDays?: number;
    /**
     * Safe deploys: how every function's `live` alias takes new versions (every area's `context.deployment`).
     * @default { strategy: "AllAtOnce" }
     */
    deploy?: DeploymentSettings;
    /**
     * Storage: the zones in promotion order (at least two; the first three play the roles of `ZoneRoles`).
     * @default drop, raw, curated, each with its role's lifecycle
     */
    zones?: LakeZone[];
    /**
     * Processing: the zone processors, the zone queues' receives and the reconciliations.
     * @default the processing area's (`processingWithDefaults`)
     */
    processor?: ProcessingSettings;
    /**
     * Curation per dataset on the raw -> curated hop; datasets with none are copied as they are.
     * @default {}
     */
    curation?: Record<string, CurationRule>;
    /**
     * Data quality rules per dataset: a Glue Data Quality ruleset on its curated table, evaluated by
     * the curate job before each commit (row-level failures quarantined, table-level ones stop the
     * dataset's batch), scores as metrics with an alarm per dataset.
     * @default {}
     */
    quality?: Record<string, QualityRule>;
    /**
     * Dataset contracts (lib/contract DatasetContract, validated by lib/dataset-contract.ts):
     * drop -> raw records each object's breaks in its metadata, the curate job masks the pii
     * columns, the data scientist does not read the pii datasets before the curated zone.
     * @default {}
     */
    contracts?: Record<string, DatasetContract>;
    /**
     * E-mail subscribed to the alarm topic.
     * @default none
     */
    alarmEmail?: string;
    /**
     * Ingest: Firehose delivery streams into the landing zone. A stream without `source` is
     * Kinesis-fed when real-time counting reads it, else the ingest area's default.
     * @default DEFAULT_STREAM_NAMES, each with the ingest area's stream defaults
     */
    streams?: StreamProps[];
    /**
     * Ingest: the HTTP ingest API (`enabled: false` leaves it out). Its `tracing` is the lake's one
     * tracing setting: X-Ray on the API and every Lambda function of the lake.
     * @default enabled, with the ingest area's API defaults
     */
    ingestApi?: OptionalIngestApiProps;
    /**
     * Catalog: the Glue crawlers.
     * @default the catalog's (`catalogWithDefaults`)
     */
    catalog?: CatalogSettings;
    /**
     * Query: the Athena workgroup.
     * @default Athena's (`athenaWithDefaults`)
     */
    athena?: AthenaSettings;
    /**
     * ETL: the Glue jobs.
     * @default the ETL area's (`etlWithDefaults`)
     */
    etl?: EtlSettings;
    /**
     * How raw arrivals start the curate job: the curation starter's SQS batching (one run per batch).
     * @default the starter's (`curationStarterWithDefaults`: a 300 s window, 1000 messages)
     */
    curateTrigger?: CurationStarterSettings;
    /** Real-time counting. @default off */
    realtime?: LakeRealtimeSettings;
    /** The traffic API. @default off */
    serving?: LakeServingSettings;
    /**
     * Operations: alarm thresholds and Glue's account-level log groups.
     * @default the operations area's (`operationsWithDefaults`)
     */
    operations?: OperationsSettings;
    /**
     * Governance: CloudTrail, persona roles, sandbox.
     * @default Governance's (`governanceWithDefaults`)
     */
    governance?: GovernanceSettings;
    /**
     * Macie: sensitive data discovery over the zone buckets, findings to the alarm topic (billed: README "Cost").
     * @default { enabled: false }
     */
    macie?: MacieSettings;
    /**
     * Network: the VPC, built only when the warehouse, EMR or VPC-attached functions need it.
     * @default no functions in the VPC; the network area's VPC (`networkWithDefaults`), 3 AZs under a serverless warehouse
     */
    network?: LakeNetworkSettings;
    /**
     * Warehouse: a Redshift cluster or serverless workgroup over the curated zone.
     * @default { mode: "off" }
     */
    redshift?: LakeWarehouseSettings;
    /**
     * EMR over the raw and curated zones.
     * @default { mode: "off" }
     */
    emr?: LakeEmrSettings;
}

/** The network with its defaults: whether the lake has one and why (`vpcUsers`). */
export interface ResolvedLakeNetwork extends ResolvedNetworkSettings {
    needed: boolean;
    users: string[];
    lambdasInVpc: boolean;
}

export type ResolvedLakeWarehouse = { mode: "off" } | ResolvedWarehouseSettings;

export type ResolvedLakeEmr =
    | { mode: "off" }
    | { mode: "serverless"; releaseLabel: string; serverless: Omit<ResolvedEmrServerlessProps, "releaseLabel"> }
    | { mode: "cluster"; releaseLabel: string; cluster: Omit<ResolvedEmrClusterProps, "releaseLabel"> };

/** DataLake's args with every default applied; real-time's and serving's tunables stay optional (their components apply them). */
export interface ResolvedDataLakeArgs {
    retainData: boolean;
    logRetentionDays: number;
    deploy: DeploymentSettings & { strategy: string };
    zones: ResolvedLakeZone[];
    zoneRoles: ZoneRoles;
    processor: ResolvedProcessingSettings;
    curation: Record<string, CurationRule>;
    quality: Record<string, QualityRule>;
    contracts: Record<string, DatasetContract>;
    alarmEmail?: string;
    streams: Stream[];
    ingestApi: IngestApiSettings & { enabled: boolean };
    catalog: ResolvedCatalogSettings;
    athena: ResolvedAthenaSettings;
    etl: ResolvedEtlSettings;
    curateTrigger: ResolvedCurationStarterSettings;
    realtime: LakeRealtimeSettings & Required<Pick<LakeRealtimeSettings, "enabled" | "streams">>;
    serving: LakeServingSettings & Required<Pick<LakeServingSettings, "enabled">>;
    operations: ResolvedOperationsSettings;
    governance: ResolvedGovernanceSettings;
    macie: Required<MacieSettings>;
    network: ResolvedLakeNetwork;
    redshift: ResolvedLakeWarehouse;
    emr: ResolvedLakeEmr;
}

/** Each event type counted from the stream of its own name. */
export const DEFAULT_REALTIME_STREAMS = Object.fromEntries(REALTIME_EVENT_TYPES.map((t) => [t, t])) as Record<RealtimeEventType, string>;

/**
 * Streams with their source resolved: as given, else kinesis for the streams real-time counting
 * reads (when it is on), else the ingest area's default. The one place that default is applied.
 */
export function resolveStreamSources<S extends { name: string; source?: "direct" | "kinesis" }>(
    streams: S[],
    realtime: { enabled?: boolean; streams?: Record<string, string> },
): (S & { source: "direct" | "kinesis" })[] {
    const realtimeStreams = new Set(realtime.enabled ? Object.values(realtime.streams ?? DEFAULT_REALTIME_STREAMS) : []);
    return streams.map((s) => ({ ...s, source: s.source ?? (realtimeStreams.has(s.name) ? "kinesis" : STREAM_DEFAULTS.source) }));
}

/** Why the lake needs a VPC, each naming its setting (empty: it needs none); the VPC's `datalake:vpc-users` tag lists them. */
export function vpcUsers(a: { network?: { lambdasInVpc?: boolean }; redshift?: { mode?: string }; emr?: { mode?: string } }): string[] {
    const on = (mode: string | undefined): mode is string => mode !== undefined && mode !== "off";
    return [
        ...(on(a.redshift?.mode) ? [`redshift.mode ${a.redshift.mode}`] : []),
        ...(on(a.emr?.mode) ? [`emr.mode ${a.emr.mode}`] : []),
        ...(a.network?.lambdasInVpc ? ["network.lambdasInVpc"] : []),
    ];
}

/** The VPC's availability zones when none are given: 3 under a Redshift Serverless workgroup (it needs three), else the network's default. */
export function lakeAvailabilityZones(warehouseMode: string | undefined): number {
    return warehouseMode === "serverless" ? REDSHIFT_SERVERLESS_AZS : NETWORK_DEFAULTS.availabilityZones;
}

/** The lake's VPC settings with their defaults, and whether it has a VPC at all (`vpcUsers`). */
export function lakeNetwork(a: { network?: LakeNetworkSettings; redshift?: { mode?: string }; emr?: { mode?: string } }): ResolvedLakeNetwork {
    const network = a.network ?? {};
    const users = vpcUsers(a);
    return {
        needed: users.length > 0,
        users,
        lambdasInVpc: network.lambdasInVpc ?? false,
        ...networkWithDefaults({ ...network, availabilityZones: network.availabilityZones ?? lakeAvailabilityZones(a.redshift?.mode) }),
    };
}

/** The warehouse's settings with the warehouse area's defaults, or off. */
export function lakeWarehouse(redshift: LakeWarehouseSettings): ResolvedLakeWarehouse {
    return redshift.mode === "provisioned" || redshift.mode === "serverless" ? warehouseWithDefaults(redshift) : { mode: "off" };
}

/** The EMR mode's settings with the EMR area's defaults, its release beside them, or off. */
export function lakeEmr(emr: LakeEmrSettings): ResolvedLakeEmr {
    if (emr.mode === "serverless") {
        const { releaseLabel, ...serverless } = emrServerlessWithDefaults({ ...emr.serverless, releaseLabel: emr.releaseLabel });
        return { mode: "serverless", releaseLabel, serverless };
    }
    if (emr.mode === "cluster") {
        const { releaseLabel, ...cluster } = emrClusterWithDefaults({ ...emr.cluster, releaseLabel: emr.releaseLabel });
        return { mode: "cluster", releaseLabel, cluster };
    }
    return { mode: "off" };
}

/** `args` with the defaults of what it leaves out, each from the area that owns it. */
export function dataLakeWithDefaults(args: DataLakeArgs): ResolvedDataLakeArgs {
    const zones = lakeZones(args.zones);
    const realtime = { ...args.realtime, enabled: args.realtime?.enabled ?? false, streams: args.realtime?.streams ?? DEFAULT_REALTIME_STREAMS };
    const streams = args.streams ?? DEFAULT_STREAM_NAMES.map((name) => ({ name }));
    const { enabled = INGEST_API_ENABLED, ...api } = args.ingestApi ?? {};
    return {
        retainData: args.retainData ?? LAKE_CONTEXT_DEFAULTS.retainData,
        logRetentionDays: args.logRetentionDays ?? LAKE_CONTEXT_DEFAULTS.logRetentionDays,
        deploy: { ...args.deploy, strategy: args.deploy?.strategy ?? DEPLOYMENT_DEFAULTS.strategy },
        zones,
        zoneRoles: zoneRoles(zones),
        processor: processingWithDefaults(args.processor),
        curation: args.curation ?? {},
        quality: args.quality ?? {},
        contracts: contractsChecked(args.contracts ?? {}, args.curation ?? {}),
        ...(args.alarmEmail !== undefined && { alarmEmail: args.alarmEmail }),
        streams: resolveStreamSources(streams, realtime).map(withStreamDefaults),
        ingestApi: { ...withApiDefaults(api), enabled },
        catalog: catalogWithDefaults(args.catalog ?? {}),
        athena: athenaWithDefaults(args.athena ?? {}),
        etl: etlWithDefaults(args.etl ?? {}),
        curateTrigger: curationStarterWithDefaults(args.curateTrigger),
        realtime,
        serving: { ...args.serving, enabled: args.serving?.enabled ?? false },
        operations: operationsWithDefaults(args.operations),
        governance: governanceWithDefaults(withContractPii(args.governance ?? {}, curatedPiiColumns(piiColumns(args.contracts ?? {}), args.curation ?? {}))),
        macie: withDefaults(args.macie ?? {}, MACIE_DEFAULTS),
        network: lakeNetwork(args),
        redshift: lakeWarehouse(args.redshift ?? {}),
        emr: lakeEmr(args.emr ?? {}),
    };
}

/** The contracts, refused (naming the setting) when lib/dataset-contract.ts's rules fail. */
function contractsChecked(contracts: Record<string, DatasetContract>, curation: Record<string, CurationRule>): Record<string, DatasetContract> {
    refuse("DataLake", contractSettingIssues(contracts, curation));
    return contracts;
}

/**
 * Governance settings whose Lake Formation datasets carry the contracts' pii columns (curated
 * names) too: one declaration of a dataset's personal data (its contract) masks it in curated and
 * tags it `pii`.
 */
function withContractPii(governance: GovernanceSettings, pii: Record<string, string[]>): GovernanceSettings {
    if (Object.keys(pii).length === 0) return governance;
    const datasets = { ...governance.lakeFormation?.datasets };
    for (const [dataset, columns] of Object.entries(pii)) {
        datasets[dataset] = { ...datasets[dataset], pii: [...new Set([...(datasets[dataset]?.pii ?? []), ...columns])] };
    }
    return { ...governance, lakeFormation: { ...governance.lakeFormation, datasets } };
}

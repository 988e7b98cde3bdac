/**
 * The validated stack config resolved (`resolveConfig`: the environment's choices, then every
 * default from the lake and its areas) and mapped onto DataLake's args (`lakeArgsFromConfig`).
 * No default is written here but the environment's: prod retains data, keeps logs a year, turns WAF
 * on and keeps trail logs 7 years. Pure.
 */
import type { z } from "zod";
import type { CurationRule, DatasetContract, QualityRule } from "../contract";
import { LAKE_CONTEXT_DEFAULTS } from "../lake-context";
import { DEPLOYMENT_DEFAULTS, type DeploymentSettings, type DeployStrategy } from "../live-function";
import { resolveOptional, type EmrConfig, type NetworkConfig, type RedshiftConfig } from "../config-optional";
import { lakeZones, resolveStreamSources, zoneRoles, type DataLakeArgs, type ZoneRoles } from "../../components/data-lake-args";
import {
    DEFAULT_STREAM_NAMES,
    WAF_DEFAULTS,
    withApiDefaults,
    withStreamDefaults,
    type IngestApiSettings,
    type Stream,
    type StreamProps,
} from "../../components/ingest/defaults";
import type { ResolvedEtlSettings } from "../../components/etl/args";
import type { ResolvedCurationStarterSettings } from "../../components/processing/args";
import { governanceWithDefaults, type ResolvedGovernanceSettings } from "../../components/governance/args";
import { MACIE_DEFAULTS, type MacieSettings } from "../../components/governance/macie-args";
import { withDefaults } from "../defaults";
import type { ResolvedZoneLifecycle } from "../../components/storage/args";
import {
    lifecycleSchema,
    type athenaSchema,
    type catalogSchema,
    type operationsSchema,
    type ParsedConfig,
    type processorSchema,
    type realtimeSchema,
    type servingSchema,
} from "./schema";

export type ProcessorConfig = z.output<typeof processorSchema>;
export type Lifecycle = ResolvedZoneLifecycle;
/** A stream as the ingest components resolve it. */
export type StreamConfig = Stream;
/** The API settings as the ingest components resolve them, and whether the lake builds the API. */
export type IngestApiConfig = IngestApiSettings & { enabled: boolean };
export type CatalogConfig = z.output<typeof catalogSchema>;
export type AthenaConfig = z.output<typeof athenaSchema>;
/** The ETL settings as Etl resolves them, and how raw arrivals start the curate job (the CurationStarter's batching). */
export type EtlConfig = ResolvedEtlSettings & { curateTrigger: ResolvedCurationStarterSettings };
export type RealtimeConfig = z.output<typeof realtimeSchema>;
export type ServingConfig = z.output<typeof servingSchema>;
export type OperationsConfig = z.output<typeof operationsSchema>;
/** The governance settings as Governance resolves them. */
export type GovernanceConfig = ResolvedGovernanceSettings;
export type { ZoneRoles };

export interface ZoneConfig {
    name: string;
    lifecycle: Lifecycle;
}

/** The validated configuration, with every default resolved. */
export interface LakeConfig {
    environment: "dev" | "prod";
    /** prod: buckets and keys survive `pulumi destroy`; dev: everything is destroyable. */
    retainData: boolean;
    /** Zones in promotion order. */
    zones: ZoneConfig[];
    /** Which zone plays which role (the first three zones, in order). */
    zoneRoles: ZoneRoles;
    logRetentionDays: number;
    /** How functions take new versions; the strategy resolved. */
    deploy: DeploymentSettings & { strategy: DeployStrategy };
    processor: ProcessorConfig;
    curation: Record<string, CurationRule>;
    quality: Record<string, QualityRule>;
    /** Dataset contracts (lib/dataset-contract.ts). */
    contracts: Record<string, DatasetContract>;
    alarmEmail?: string;
    streams: StreamConfig[];
    ingestApi: IngestApiConfig;
    catalog: CatalogConfig;
    athena: AthenaConfig;
    etl: EtlConfig;
    realtime: RealtimeConfig;
    serving: ServingConfig;
    operations: OperationsConfig;
    governance: GovernanceConfig;
    macie: Required<MacieSettings>;
    network: NetworkConfig;
    redshift: RedshiftConfig;
    emr: EmrConfig;
}

/** Trail log files of a prod stack are audit evidence: kept 7 years (Governance's own default is shorter). */
export const PROD_TRAIL_RETENTION_DAYS = 2557;

/** A prod stack's new function versions take a tenth of the traffic for 5 minutes first (a dev stack keeps the helper's AllAtOnce). */
export const PROD_DEPLOY_STRATEGY: DeployStrategy = "Canary10Percent5Minutes";

/** Log retention (days) of a prod stack: a year (a dev stack keeps the context's default). */
const PROD_LOG_RETENTION_DAYS = 365;

/** The validated config (schema and rules passed) with the environment's choices and every default applied. */
export function resolveConfig(c: ParsedConfig): LakeConfig {
    const prod = c.environment === "prod";
    const zones = lakeZones(c.zones);
    // The role defaults under a zone's own lifecycle must still make a valid lifecycle (a ZodError otherwise).
    for (const z of zones) lifecycleSchema.parse(z.lifecycle);
    return {
        environment: c.environment,
        retainData: prod,
        zones,
        zoneRoles: zoneRoles(zones),
        logRetentionDays: c.logRetentionDays ?? (prod ? PROD_LOG_RETENTION_DAYS : LAKE_CONTEXT_DEFAULTS.logRetentionDays),
        deploy: { ...c.deploy, strategy: c.deploy.strategy ?? (prod ? PROD_DEPLOY_STRATEGY : DEPLOYMENT_DEFAULTS.strategy) },
        processor: c.processor,
        curation: c.curation,
        quality: c.quality,
        contracts: c.contracts,
        alarmEmail: c.alarmEmail,
        streams: resolveStreamSources<StreamProps>(c.streams ?? DEFAULT_STREAM_NAMES.map((name) => ({ name })), c.realtime).map(withStreamDefaults),
        ingestApi: {
            ...withApiDefaults({ ...c.ingestApi, waf: { ...c.ingestApi.waf, enabled: c.ingestApi.waf.enabled ?? (prod || WAF_DEFAULTS.enabled) } }),
            enabled: c.ingestApi.enabled,
        },
        catalog: c.catalog,
        athena: c.athena,
        etl: c.etl,
        realtime: c.realtime,
        serving: c.serving,
        operations: c.operations,
        governance: governanceWithDefaults({
            ...c.governance,
            trail: { ...c.governance.trail, retentionDays: c.governance.trail?.retentionDays ?? (prod ? PROD_TRAIL_RETENTION_DAYS : undefined) },
        }),
        macie: withDefaults(c.macie, MACIE_DEFAULTS),
        ...resolveOptional(c),
    };
}

/** The resolved config as DataLake's args: the same settings, less what DataLake derives itself (zone roles, whether it needs a VPC). */
export function lakeArgsFromConfig(c: LakeConfig): DataLakeArgs {
    const { needed: _needed, users: _users, ...network } = c.network;
    const { curateTrigger, ...etl } = c.etl;
    return {
        retainData: c.retainData,
        logRetentionDays: c.logRetentionDays,
        deploy: c.deploy,
        zones: c.zones,
        processor: c.processor,
        curation: c.curation,
        quality: c.quality,
        contracts: c.contracts,
        alarmEmail: c.alarmEmail,
        streams: c.streams,
        ingestApi: c.ingestApi,
        catalog: c.catalog,
        athena: c.athena,
        etl,
        curateTrigger,
        realtime: c.realtime,
        serving: c.serving,
        operations: c.operations,
        governance: c.governance,
        macie: c.macie,
        network,
        redshift: c.redshift,
        emr: c.emr,
    };
}

/**
 * Stack configuration: the schema of every `datalake:*` key (schema.ts), the rules across keys
 * (rules.ts), the resolution of the validated config and its mapping onto DataLake's args
 * (to-args.ts), parsing and loading (load.ts). Bad values fail with the key, the value and what is
 * allowed. The defaults are the components' own; only the environment's choices are made here.
 */
export { CONFIG_KEYS, CONFIG_NAMESPACE, LOG_RETENTION_DAYS, retrySpanSeconds, type RawConfig } from "./schema";
export { configSchema } from "./rules";
export {
    lakeArgsFromConfig,
    resolveConfig,
    type AthenaConfig,
    type CatalogConfig,
    type EtlConfig,
    type GovernanceConfig,
    type IngestApiConfig,
    type LakeConfig,
    type Lifecycle,
    type OperationsConfig,
    type ProcessorConfig,
    type RealtimeConfig,
    type ServingConfig,
    type StreamConfig,
    type ZoneConfig,
    type ZoneRoles,
} from "./to-args";
export { ConfigError, loadConfig, parseConfig } from "./load";
export { zoneRoles } from "../../components/data-lake-args";

/**
 * The components served to other languages as a Pulumi component package (PulumiPlugin.yaml runs
 * provider.ts; `pulumi package add <path or git url>` generates an SDK from its schema, committed
 * as schema/schema.json by scripts/package-schema.ts). The SDK's analyzer infers that schema from
 * each component's TypeScript args and members; it takes plain values, `Input<T>`, interfaces,
 * arrays, maps, resource classes of Pulumi packages and named enums (`as const` objects), refuses
 * unions, intersections, anonymous object types, read-only arrays and our own components, and reads
 * every field, private ones too, as an output. So the package lists the components it can describe
 * (the components keep their resolved args in locals for that); every other public component is
 * left out, with the analyzer's reason in schema/left-out.json (the test checks both lists against
 * the analyzer). Their type token in another language is `datalake:index:<Class>`.
 */
import { AlarmTopic } from "./operations";
import { AnalyticsKey, LogsKey } from "./keys";
import { AccessLogsBucket, AnalyticsBucket, Zone } from "./storage";
import { Catalog, CrawlerEventQueue } from "./catalog";
import { DuckDbLayer, Reconciler, ZoneProcessor } from "./processing";
import { CuratedTables } from "./etl";
import { DeliveryStream, Ingest, IngestApi } from "./ingest";
import { Athena } from "./query";
import { Governance, LakeFormation, Macie } from "./governance";
import { Realtime } from "./realtime";
import { Traffic } from "./traffic";
import { Warehouse } from "./warehouse";
import { EmrCluster, EmrServerless } from "./emr";
import { Network } from "./network";

/** The package's name: the SDK's module name and the first part of its type tokens. */
export const PLUGIN_NAME = "datalake";

/** The components the package serves. */
export const PLUGIN_COMPONENTS = [
    AccessLogsBucket,
    AnalyticsBucket,
    Zone,
    AnalyticsKey,
    LogsKey,
    AlarmTopic,
    CrawlerEventQueue,
    Catalog,
    ZoneProcessor,
    Reconciler,
    DuckDbLayer,
    CuratedTables,
    Ingest,
    DeliveryStream,
    IngestApi,
    Athena,
    Governance,
    LakeFormation,
    Macie,
    Realtime,
    Traffic,
    Warehouse,
    EmrServerless,
    EmrCluster,
    Network,
];

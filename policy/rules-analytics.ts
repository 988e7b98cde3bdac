/**
 * The lake's rules for its catalog, query and ETL resources, in the order they are reported; each
 * lives in its service's file under ./rules (glue.ts, athena.ts). The pack's entry lists
 * `analyticsPolicies` next to `policies`.
 */
import { Policies } from "@pulumi/policy";
import { athenaWorkgroupEnforced } from "./rules/athena";
import {
    glueCatalogEncryption,
    glueCrawlerSecurityConfiguration,
    glueIcebergJobFormats,
    glueIcebergTableOptimizers,
    glueJobSecurityConfiguration,
    glueSecurityConfigurationEncrypted,
} from "./rules/glue";

/** Every analytics rule, in the order they are reported. */
export const analyticsPolicies: Policies = [
    glueSecurityConfigurationEncrypted(),
    glueJobSecurityConfiguration(),
    glueCrawlerSecurityConfiguration(),
    athenaWorkgroupEnforced(),
    glueCatalogEncryption(),
    glueIcebergTableOptimizers(),
    glueIcebergJobFormats(),
];

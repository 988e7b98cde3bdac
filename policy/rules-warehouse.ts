/**
 * The rules of the optional warehouse, EMR and network, in the order they are reported; each lives
 * in its service's file under ./rules (redshift.ts, emr.ts, vpc.ts, lambda.ts). The pack lists
 * `warehousePolicies` next to the others.
 */
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { emrClusterSecurityConfiguration, emrPrivateClusterGroupRules, emrSecurityConfigurationEncrypted } from "./rules/emr";
import { lambdaVpcPlacement } from "./rules/lambda";
import { warehouseAuditLogging, warehouseEncrypted, warehouseNotPublic, warehousePortNotOpen, warehouseRequiresSsl } from "./rules/redshift";
import { noNatInDev, vpcDefaultSecurityGroupClosed } from "./rules/vpc";

/** Every warehouse, EMR and network rule, in the order they are reported. */
export const warehousePolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    warehouseNotPublic(),
    warehousePortNotOpen(),
    warehouseEncrypted(),
    warehouseRequiresSsl(),
    warehouseAuditLogging(),
    emrSecurityConfigurationEncrypted(),
    emrClusterSecurityConfiguration(),
    emrPrivateClusterGroupRules(),
    noNatInDev(),
    vpcDefaultSecurityGroupClosed(),
    lambdaVpcPlacement(),
];

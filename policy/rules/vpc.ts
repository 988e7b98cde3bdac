/** VPC rules: no NAT gateway in dev unless asked for, the default security group closed. */
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { ENVIRONMENT_SCHEMA, EnvironmentConfig, Props, isProd, resourceRule, stackRule } from "../define";
import { WarehouseTypes, known } from "../resources";

/** Policy config of the NAT rule: `allowNat` says a dev stack asked for NAT on purpose. */
export interface NatConfig extends EnvironmentConfig {
    allowNat?: boolean;
}

/** awsx defaults to one NAT gateway per AZ when there are private and public subnets. */
function vpcHasNat(props: Props): boolean {
    const strategy = known(known(props, "natGateways"), "strategy");
    if (strategy !== undefined) return strategy !== "None";
    const types = ((known(props, "subnetSpecs") as Props[] | undefined) ?? []).map((s) => s.type);
    return types.length === 0 || (types.includes("Private") && types.includes("Public"));
}

/** A NAT gateway costs ~$32/month plus data: dev stacks have none unless the policy config allows it. */
export function noNatInDev(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "no-nat-in-dev",
            description: "Dev stacks create no NAT gateway (awsx Vpc natGateways None, no aws.ec2.NatGateway) unless policy config allowNat is true.",
            configSchema: { properties: { ...ENVIRONMENT_SCHEMA, allowNat: { type: "boolean" } } },
            conditions: { "nat-in-dev": "a dev stack has no NAT gateway unless policy config allowNat is true" },
        },
        [...WarehouseTypes.awsxVpc, ...WarehouseTypes.natGateway],
        (props, args, flag) => {
            const config = args.getConfig<NatConfig>();
            if (isProd(config, args.urn) || config.allowNat === true) args.notApplicable("prod, or NAT allowed by policy config");
            if (WarehouseTypes.natGateway.includes(args.type as never) || vpcHasNat(props)) {
                flag(
                    "nat-in-dev",
                    "a NAT gateway in a dev stack (~$32/month each, plus data): use natGateways 'none' (isolated subnets with endpoints), or set policy config allowNat true",
                );
            }
        },
    );
}

/** The VPC's id as a DefaultSecurityGroup's `vpcId` names it (awsx's output, or the aws.ec2.Vpc's id). */
const vpcIdOf = (vpc: PolicyResource) => known(vpc.props, WarehouseTypes.awsxVpc.includes(vpc.type as never) ? "vpcId" : "id");

/** A DefaultSecurityGroup adopts this VPC's group: by id when both are known, else by dependency (preview). */
function adopts(group: PolicyResource, vpc: PolicyResource): boolean {
    const [vpcId, groupVpcId] = [vpcIdOf(vpc), known(group.props, "vpcId")];
    if (typeof vpcId === "string" && typeof groupVpcId === "string") return vpcId === groupVpcId;
    return [...(group.propertyDependencies?.vpcId ?? []), ...group.dependencies].includes(vpc);
}

/**
 * Every VPC's default security group is adopted with no rule: AWS creates it open to itself and
 * to all egress, and anything launched without a group lands in it (Security Hub EC2.2,
 * CKV2_AWS_12). An aws.ec2.Vpc inside an awsx Vpc is judged through the awsx one.
 */
export function vpcDefaultSecurityGroupClosed(): StackValidationPolicy {
    return stackRule(
        {
            name: "vpc-default-security-group-closed",
            description: "Every VPC's default security group is adopted by an aws.ec2.DefaultSecurityGroup with no ingress and no egress rule.",
            conditions: {
                unmanaged: "every VPC (awsx Vpc, or an aws.ec2.Vpc outside one) has an aws.ec2.DefaultSecurityGroup adopting its default group",
                "default-rules": "a DefaultSecurityGroup has no ingress and no egress rule",
            },
        },
        [...WarehouseTypes.awsxVpc, ...WarehouseTypes.vpc, ...WarehouseTypes.defaultSecurityGroup],
        (r, all, flag) => {
            if (WarehouseTypes.defaultSecurityGroup.includes(r.type as never)) {
                const open = ["ingress", "egress"].filter((k) => ((known(r.props, k) as unknown[] | undefined) ?? []).length > 0);
                if (open.length) flag("default-rules", `the default security group keeps ${open.join(" and ")} rules: adopt it with none`);
                return;
            }
            if (r.parent && WarehouseTypes.awsxVpc.includes(r.parent.type as never)) return;
            const groups = all.filter((g) => WarehouseTypes.defaultSecurityGroup.includes(g.type as never));
            if (!groups.some((g) => adopts(g, r))) {
                flag(
                    "unmanaged",
                    "the VPC's default security group allows all traffic within itself and out: adopt it with an aws.ec2.DefaultSecurityGroup with no rules",
                );
            }
        },
    );
}

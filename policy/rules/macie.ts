/** Macie rules: a discovery job names the buckets it inspects, and its findings reach someone. */
import { StackValidationPolicy } from "@pulumi/policy";
import { Props, stackRule } from "../define";
import { LakeFormationTypes, known } from "../resources";

/** Whether an EventBridge rule's pattern matches Macie's findings. */
function matchesMacieFindings(props: Props): boolean {
    const pattern = known(props, "eventPattern");
    if (typeof pattern !== "string") return false;
    try {
        const p = JSON.parse(pattern);
        return [p.source].flat().includes("aws.macie");
    } catch {
        return false;
    }
}

export function macieDiscoveryScoped(): StackValidationPolicy {
    return stackRule(
        {
            name: "macie-discovery-scoped",
            description:
                "A Macie discovery job names the buckets it inspects (bucketDefinitions: it is billed per GB inspected, and criteria match every bucket of the account that fits), and the stack routes Macie's findings somewhere (an EventBridge rule on source aws.macie).",
            conditions: {
                "unscoped-job": "s3JobDefinition.bucketDefinitions names the buckets (no bucketCriteria)",
                "no-findings-rule": "an EventBridge rule of the stack matches source aws.macie",
            },
        },
        LakeFormationTypes.macieJob,
        (job, all, flag) => {
            const definition = known(job.props, "s3JobDefinition") ?? {};
            if (!definition.bucketDefinitions?.length || definition.bucketCriteria) {
                flag("unscoped-job", `Macie job '${job.name}' does not name its buckets: list them in s3JobDefinition.bucketDefinitions`);
            }
            if (!all.some((r) => LakeFormationTypes.eventRule.includes(r.type as never) && matchesMacieFindings(r.props))) {
                flag(
                    "no-findings-rule",
                    `Macie job '${job.name}' has findings nobody is told of: add an EventBridge rule on source aws.macie to the alarm topic`,
                );
            }
        },
    );
}

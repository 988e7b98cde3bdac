/** Tagging rules: every taggable resource carries the cost allocation tags. */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { COST_TAGS } from "../../lib/ownership";
import { taggableTypes } from "../../lib/taggable";
import { resourceRule } from "../define";
import { tag } from "../resources";

/** Tag keys every tagged lake resource carries (lib/ownership COST_TAGS). */
export const COST_TAG_KEYS = Object.values(COST_TAGS);

/**
 * Every taggable resource carries project, stack and area: the types whose args take a `tags` map
 * in the installed @pulumi/aws (lib/taggable), the same set the program tags.
 */
export function costAllocationTags(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "cost-allocation-tags",
            description: `Taggable resources carry the cost allocation tags ${COST_TAG_KEYS.join(", ")}.`,
            conditions: { "missing-cost-tags": `tags include ${COST_TAG_KEYS.join(", ")}` },
        },
        [...taggableTypes()],
        (props, _args, flag) => {
            const missing = COST_TAG_KEYS.filter((k) => !tag(props, k));
            if (missing.length) flag("missing-cost-tags", `missing cost allocation tags: ${missing.join(", ")}`);
        },
    );
}

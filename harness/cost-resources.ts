/**
 * The mocked program's resources as the cost estimator (automation/cost.ts) sees them: what the
 * driver's `cost` command collects from a preview's events, here from harness/program.ts.
 */
import { estimateCost, type CostEstimate, type CostResource, type Usage } from "../automation/cost";
import { runProgram, stackConfig, type RecordedResource } from "./program";

export function costResources(recorded: RecordedResource[]): CostResource[] {
    return recorded.map((r) => ({
        type: r.type,
        name: r.name,
        urn: r.urn,
        parent: r.parent,
        custom: r.custom,
        inputs: r.props,
        area: typeof r.props.tags?.area === "string" ? r.props.tags.area : undefined,
    }));
}

/** The estimate of `stack` (with config `overrides`) in its `aws:region`, from the mocks. */
export async function mockedEstimate(stack: "dev" | "prod", overrides: Record<string, unknown>, usage: Usage): Promise<CostEstimate> {
    const region = stackConfig(stack, overrides)["aws:region"] ?? "us-east-1";
    return estimateCost(costResources(await runProgram(stack, overrides)), region, usage);
}

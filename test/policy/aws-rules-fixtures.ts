/** Lookups into a recorded stack shared by the aws-rules canaries. */
import type { RecordedResource } from "../../harness/program";

/** The role policy of a zone's crawler. */
export function catalogCrawlerPolicy(recorded: RecordedResource[], zone: string): RecordedResource {
    const found = recorded.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name.includes(`catalog-${zone}-crawler`));
    if (found.length !== 1) throw new Error(`expected one crawler policy of zone ${zone}, found ${found.map((r) => r.name).join(", ") || "none"}`);
    return found[0];
}

/**
 * For the catalog, query and ETL component tests: builds components from hand-made args under the
 * program's mocks (harness/program.ts) and returns what they registered (type, name, inputs), with
 * zone handles shaped like the Zone component's.
 */
import { ACCOUNT_ID, recordResources } from "../../../harness/program";

export const ACCOUNT = ACCOUNT_ID;
export const REGION = "eu-west-1";

export interface Recorded {
    type: string;
    name: string;
    inputs: Record<string, any>;
}

/** Runs `build` under the program's mocks (harness/program.ts, the given stack) and returns every resource registered. */
export async function record(build: () => void, stack: "dev" | "prod" = "dev"): Promise<Recorded[]> {
    return (await recordResources(stack, build)).map((r) => ({ type: r.type, name: r.name, inputs: r.props }));
}

export function ofType(all: Recorded[], type: string): Recorded[] {
    return all.filter((r) => r.type === type);
}

/** A zone's handles as the Zone component would give them. */
export function zone(name: string) {
    const bucketName = `lake-${name}-bucket-a1b2c3d`;
    return {
        name,
        bucketName,
        bucketArn: `arn:aws:s3:::${bucketName}`,
        keyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${name}`,
    };
}

/**
 * A small mock harness for the catalog, query and ETL component tests: builds components from
 * hand-made args under Pulumi mocks and returns what they registered (type, name, inputs), with
 * realistic bucket names and ARNs. The whole program goes through harness/program.ts.
 */
import * as pulumi from "@pulumi/pulumi";

export const ACCOUNT = "123456789012";
export const REGION = "eu-west-1";

export interface Recorded {
    type: string;
    name: string;
    inputs: Record<string, any>;
}

function unwrap(v: any): any {
    if (Array.isArray(v)) return v.map(unwrap);
    if (v && typeof v === "object" && v.constructor === Object) {
        if (v[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) return unwrap(v.value);
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrap(x)]));
    }
    return v;
}

function state(type: string, name: string, inputs: Record<string, any>): { id: string; state: Record<string, any> } {
    switch (type) {
        case "aws:s3/bucket:Bucket": {
            const bucket = `${name}-a1b2c3d`;
            return { id: bucket, state: { ...inputs, bucket, arn: `arn:aws:s3:::${bucket}` } };
        }
        case "aws:kms/key:Key":
            return { id: `key-${name}`, state: { ...inputs, keyId: `key-${name}`, arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/key-${name}` } };
        case "aws:sqs/queue:Queue":
            return {
                id: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`,
                state: { ...inputs, url: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`, arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}` },
            };
        case "aws:iam/role:Role":
            return { id: name, state: { ...inputs, name, arn: `arn:aws:iam::${ACCOUNT}:role/${name}` } };
        default: {
            const id = inputs.name ?? `${name}-id`;
            return { id, state: { ...inputs, name: inputs.name ?? id, arn: `arn:aws:${type.split(":")[1]?.split("/")[0]}:${REGION}:${ACCOUNT}:${id}` } };
        }
    }
}

/** Runs `build` under fresh mocks (project `datalake`, the given stack) and returns every resource registered. */
export async function record(build: () => void, stack = "dev"): Promise<Recorded[]> {
    const recorded: Recorded[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                recorded.push({ type: args.type, name: args.name, inputs: unwrap(args.inputs) });
                return state(args.type, args.name, args.inputs);
            },
            call: (args) => args.inputs,
        },
        "datalake",
        stack,
        false,
    );
    build();
    const settings: { waitForRPCs(): Promise<void> } = require("@pulumi/pulumi/runtime/settings");
    await settings.waitForRPCs();
    return recorded;
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

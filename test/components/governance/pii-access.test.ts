/**
 * Personal data as sent (components/governance/policies.ts piiSourceObjects): with dataset contracts
 * naming pii columns, the data scientist, who reads those datasets masked in the curated zone, can
 * no longer read them in the zones before it (objects, stream deliveries, quarantine copies); the
 * other datasets and the curated tables stay readable, and the engineer still reads everything.
 * Decided by the IAM evaluation logic (simulate.ts).
 */
import { expect } from "chai";
import { type LakeScope, personaPolicy, piiSourceObjects } from "../../../components/governance";
import { decide } from "./simulate";

const bucket = (name: string) => `arn:aws:s3:::lake-${name}`;
const key = (name: string) => `arn:aws:kms:eu-west-1:123456789012:key/${name}`;
const zone = (name: string) => ({ name, bucketArn: bucket(name), keyArn: key(name), database: `lake_${name}` });
const lake: LakeScope = {
    partition: "aws",
    region: "eu-west-1",
    accountId: "123456789012",
    zones: [zone("drop"), zone("raw"), zone("curated")],
    curated: "curated",
    workgroupArn: "arn:aws:athena:eu-west-1:123456789012:workgroup/lake-analytics",
    resultsBucketArn: bucket("athena-results"),
    analyticsKeyArn: key("analytics"),
    sandboxBucketArn: bucket("sandbox"),
    gluePrefix: "datalake_dev_",
    queueArns: [],
    otherBucketArns: [],
    piiDatasets: ["customers"],
};

const object = (z: string, k: string) => `${bucket(z)}/${k}`;

describe("governance: pii datasets as sent", () => {
    it("lists each pii dataset's prefixes in every zone before the curated one", () => {
        expect(piiSourceObjects(lake)).to.deep.equal(
            ["drop", "raw"].flatMap((z) => ["customers/*", "streams/customers/*", "quarantine/customers/*"].map((p) => object(z, p))),
        );
        expect(piiSourceObjects({ ...lake, piiDatasets: [] })).to.equal(undefined);
    });

    const cases: [string, string, string, string][] = [
        ["dataScientist", "raw", "customers/ingest_date=2026-12-01/a-v1.parquet", "ExplicitlyDenied"],
        ["dataScientist", "drop", "customers/2026/export.csv", "ExplicitlyDenied"],
        ["dataScientist", "drop", "streams/customers/2026/12/01/part-1.gz", "ExplicitlyDenied"],
        ["dataScientist", "raw", "quarantine/customers/ingest_date=2026-12-01/x-v1", "ExplicitlyDenied"],
        ["dataScientist", "raw", "orders/ingest_date=2026-12-01/a-v1.parquet", "Allowed"],
        ["dataScientist", "curated", "tables/customers/data/00000-1.parquet", "Allowed"],
        ["biAnalyst", "raw", "customers/ingest_date=2026-12-01/a-v1.parquet", "ImplicitlyDenied"],
        ["biAnalyst", "curated", "tables/customers/data/00000-1.parquet", "Allowed"],
        ["dataEngineer", "raw", "customers/ingest_date=2026-12-01/a-v1.parquet", "Allowed"],
    ];
    for (const [persona, z, k, decision] of cases) {
        it(`${persona} GetObject ${z}/${k}: ${decision}`, async () => {
            const identity = personaPolicy(persona as "dataScientist", lake);
            expect(await decide("s3:GetObject", object(z, k), { identity })).to.equal(decision);
        });
    }

    it("without pii datasets the data scientist reads every zone as before", async () => {
        const identity = personaPolicy("dataScientist", { ...lake, piiDatasets: undefined });
        expect(await decide("s3:GetObject", object("raw", "customers/ingest_date=2026-12-01/a-v1.parquet"), { identity })).to.equal("Allowed");
    });
});

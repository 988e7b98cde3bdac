/**
 * The Etl component with dataset contracts (mocks): the pii masking key in Secrets Manager (encrypted
 * with the analytics key, kept in prod, its first value kept), the curate job's `--pii_columns` and
 * `--masking_secret`, its role reading that secret only, and the big-object job's `--contract_columns`.
 */
import { expect } from "chai";
import type * as pulumi from "@pulumi/pulumi";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Etl, type EtlZone } from "../../../components/etl";
import { ACCOUNT, REGION, type Recorded, ofType, record, zone } from "../catalog/harness";

const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/analytics`;
const PII = { customers: ["email", "customer_id"] };
const CONTRACTS = { customers: { customer_id: "bigint" as const, email: "string" as const } };

function etlDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "etl-masking-"));
    fs.mkdirSync(path.join(dir, "jobs"));
    fs.mkdirSync(path.join(dir, "lakeetl"));
    for (const f of ["curate_tables.py", "raw_to_curated.py", "convert_object.py"]) fs.writeFileSync(path.join(dir, "jobs", f), "# job\n");
    fs.writeFileSync(path.join(dir, "lakeetl", "__init__.py"), "");
    return dir;
}

const etlZone = (name: string): EtlZone => ({ ...zone(name), database: `datalake_dev_${name}` });

async function build(piiColumns: Record<string, string[]> | undefined, retainData = false) {
    const options: Record<string, pulumi.ResourceOptions> = {};
    const all = await record(
        () =>
            new Etl(
                "lake-etl",
                {
                    context: { scope: { accountId: ACCOUNT, partition: "aws", region: REGION }, retainData },
                    drop: etlZone("drop"),
                    raw: etlZone("raw"),
                    curated: etlZone("curated"),
                    piiColumns,
                    contractColumns: CONTRACTS,
                    analyticsKeyArn: KEY,
                    etlDir: etlDir(),
                },
                {
                    transformations: [
                        (r) => {
                            options[r.name] = r.opts;
                            return undefined;
                        },
                    ],
                },
            ),
    );
    return { all, options };
}

const job = (all: Recorded[], name: string) => ofType(all, "aws:glue/job:Job").find((j) => j.inputs.name === name)!;
const curatePolicy = (all: Recorded[]) =>
    JSON.parse(ofType(all, "aws:iam/rolePolicy:RolePolicy").find((p) => p.name.includes("curate-tables-policy"))!.inputs.policy).Statement as any[];

describe("Etl component: pii masking key and contract arguments (mocks)", () => {
    let all: Recorded[];
    let options: Record<string, pulumi.ResourceOptions>;
    before(async () => ({ all, options } = await build(PII)));

    it("keeps the masking key in a Secrets Manager secret encrypted with the analytics key, its first value kept", () => {
        const [secret] = ofType(all, "aws:secretsmanager/secret:Secret");
        expect(secret.inputs).to.include({ name: "datalake/dev/pii-masking-key", kmsKeyId: KEY, recoveryWindowInDays: 0 });
        const [version] = ofType(all, "aws:secretsmanager/secretVersion:SecretVersion");
        const value = version.inputs.secretString?.value ?? version.inputs.secretString;
        expect(Buffer.from(value, "base64")).to.have.length(32);
        // A new value on every run would be a new key: masked values would stop joining with curated ones.
        expect(options[version.name].ignoreChanges).to.deep.equal(["secretString"]);
        expect(options[secret.name].protect).to.equal(false);
    });

    it("passes the curate job the pii columns and the secret, and its role may read that secret only", () => {
        const a = job(all, "datalake_dev_curate_tables").inputs.defaultArguments;
        expect(JSON.parse(a["--pii_columns"])).to.deep.equal(PII);
        expect(a["--masking_secret"]).to.match(/^arn:aws:secretsmanager:/);
        const read = curatePolicy(all).find((s) => s.Sid === "ReadSecrets");
        expect(read).to.deep.equal({ Sid: "ReadSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [a["--masking_secret"]] });
    });

    it("passes the big-object job the contracts' columns", () => {
        expect(JSON.parse(job(all, "datalake_dev_convert_object").inputs.defaultArguments["--contract_columns"])).to.deep.equal(CONTRACTS);
    });

    it("retains and protects the key with the data in prod (a lost key unlinks every masked value)", async () => {
        const prod = await build(PII, true);
        const [secret] = ofType(prod.all, "aws:secretsmanager/secret:Secret");
        expect(secret.inputs.recoveryWindowInDays).to.equal(30);
        expect(prod.options[secret.name]).to.include({ protect: true, retainOnDelete: true });
    });

    it("has no key, no masking arguments and no secret grant when no dataset has pii columns", async () => {
        const none = await build(undefined);
        expect(ofType(none.all, "aws:secretsmanager/secret:Secret")).to.deep.equal([]);
        expect(job(none.all, "datalake_dev_curate_tables").inputs.defaultArguments).to.not.have.any.keys("--pii_columns", "--masking_secret");
        expect(curatePolicy(none.all).map((s) => s.Sid)).to.not.include("ReadSecrets");
    });
});

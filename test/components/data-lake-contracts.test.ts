/**
 * DataLake with dataset contracts (Pulumi.dev.yaml declares customers and orders): the drop -> raw
 * function gets the contracts' columns, the curate job the pii columns and the masking key's
 * secret, and the data scientist's role is denied the pii datasets before the curated zone.
 */
import { expect } from "chai";
import { MASKING_SECRET_ARGUMENT, PII_COLUMNS_ARGUMENT, ProcessorEnv } from "../../lib/contract";
import { type Statement } from "../../lib/iam";
import { Resources, runProgram } from "../../harness/program";
import { json, T } from "./helpers";

describe("DataLake: dataset contracts (dev stack)", function () {
    this.timeout(180_000);
    let res: Resources;
    before(async () => {
        const scientist = { principals: ["arn:aws:iam::123456789012:role/scientists"] };
        res = new Resources(await runProgram("dev", { governance: { personas: { dataScientist: scientist } } }));
    });

    it("passes the drop -> raw function the contracts' columns, and no other function", () => {
        const withContracts = res.byType(T.fn).filter((f) => f.props.environment?.variables?.[ProcessorEnv.datasetContracts] !== undefined);
        expect(withContracts.map((f) => f.props.name)).to.deep.equal(["datalake-dev-drop-to-raw"]);
        const columns = JSON.parse(withContracts[0].props.environment.variables[ProcessorEnv.datasetContracts]);
        expect(Object.keys(columns)).to.deep.equal(["customers", "orders"]);
        expect(columns.customers.customer_unique_id).to.equal("string");
    });

    it("passes the curate job the pii columns and the masking key's secret", () => {
        const job = res.byType("aws:glue/job:Job").find((j) => j.props.name === "datalake_dev_curate_tables")!;
        const args = job.props.defaultArguments;
        expect(JSON.parse(args[PII_COLUMNS_ARGUMENT])).to.deep.equal({
            customers: ["customer_id", "customer_unique_id", "customer_zip_code_prefix"],
            orders: ["customer_id"],
        });
        const secret = res.byType("aws:secretsmanager/secret:Secret");
        expect(secret).to.have.length(1);
        expect(args[MASKING_SECRET_ARGUMENT]).to.equal(secret[0].outputs.arn);
    });

    it("denies the data scientist the pii datasets as sent in the landing and raw zones", () => {
        const policy = res.byType(T.rolePolicy).find((p) => p.name.includes("data-scientist"))!;
        const deny = (json(policy.props.policy).Statement as Statement[]).find((s) => s.Sid === "DenyPiiAsSent")!;
        expect(deny.Effect).to.equal("Deny");
        const resources = ([] as string[]).concat(deny.Resource as string | string[]);
        // customers/, streams/customers/ and quarantine/customers/ (orders likewise) of the drop and raw buckets.
        const prefixes = resources.map((r) => r.replace(/^arn:aws:s3:::lake-(drop|raw)-bucket-[0-9a-f]+\//, "$1:"));
        expect(prefixes).to.have.members(
            ["drop", "raw"].flatMap((z) => ["customers", "orders"].flatMap((d) => [`${z}:${d}/*`, `${z}:streams/${d}/*`, `${z}:quarantine/${d}/*`])),
        );
    });
});

describe("DataLake: the contracts' pii columns in the curated tables and Lake Formation", function () {
    this.timeout(180_000);
    let res: Resources;
    before(async () => {
        // orders renames its pii column: the table and the tags name the curated column.
        const curation = { orders: { keyColumns: ["order_id"], renames: { customer_id: "buyer_id" } } };
        res = new Resources(await runProgram("dev", { curation, governance: { lakeFormation: { enabled: true } } }));
    });

    it("declares each pii column on its curated table as a string, by its curated name", () => {
        const table = (name: string) => res.byType("aws:glue/catalogTable:CatalogTable").find((t) => t.props.name === name)!;
        const declared = (name: string) => table(name).props.storageDescriptor.columns.map((c: { name: string; type: string }) => `${c.name}:${c.type}`);
        expect(declared("customers")).to.include.members(["customer_id:string", "customer_unique_id:string", "customer_zip_code_prefix:string"]);
        expect(declared("orders")).to.include("buyer_id:string").and.not.include("customer_id:string");
    });

    it("tags those columns pii in Lake Formation", () => {
        const tagged = res
            .byType("aws:lakeformation/resourceLfTags:ResourceLfTags")
            .filter((t) => t.props.tableWithColumns)
            .map((t) => [t.props.tableWithColumns.name, [...t.props.tableWithColumns.columnNames].sort()]);
        expect(Object.fromEntries(tagged)).to.deep.equal({
            customers: ["customer_id", "customer_unique_id", "customer_zip_code_prefix"],
            orders: ["buyer_id"],
        });
    });
});

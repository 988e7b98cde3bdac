/** lib/config's `contracts` key (lib/dataset-contract.ts): what it accepts, what it refuses (key, value, rule), and what reaches the components. */
import { expect } from "chai";
import { lakeArgsFromConfig, parseConfig } from "../../lib/config";
import { CONTRACT_COLUMNS_ENV_MAX_BYTES, contractColumns, piiColumns } from "../../lib/dataset-contract";
import type { DatasetContract } from "../../lib/contract";
import { configErrorOf } from "./config-errors";
import { dataLakeWithDefaults } from "../../components/data-lake-args";

const customers: DatasetContract = {
    columns: { customer_id: "bigint", email: "string", city: "string", signed_up: "date" },
    keyColumns: ["customer_id"],
    piiColumns: ["email", "customer_id"],
};

describe("lib/config: contracts", () => {
    it("defaults to none, and passes a contract through to DataLake's args as written", () => {
        expect(parseConfig({}).contracts).to.deep.equal({});
        const c = parseConfig({ contracts: { customers }, curation: { customers: { keyColumns: ["customer_id"] } } });
        expect(c.contracts.customers).to.deep.equal(customers);
        expect(lakeArgsFromConfig(c).contracts).to.deep.equal({ customers });
    });

    it("maps onto the function's DATASET_CONTRACTS (columns only) and the curate job's pii columns (datasets with some)", () => {
        const contracts: Record<string, DatasetContract> = { customers, orders: { columns: { order_id: "bigint" } } };
        expect(contractColumns(contracts)).to.deep.equal({ customers: customers.columns, orders: { order_id: "bigint" } });
        expect(piiColumns(contracts)).to.deep.equal({ customers: ["email", "customer_id"] });
    });

    const refused: [string, unknown, string[]][] = [
        [
            "a type outside the closed set",
            { contracts: { orders: { columns: { price: "money" } } } },
            ["datalake:contracts.orders.columns.price", '"money"', "decimal"],
        ],
        [
            "a column name drop -> raw never writes",
            { contracts: { orders: { columns: { "Order ID": "bigint" } } } },
            ["datalake:contracts.orders.columns", "snake_case"],
        ],
        ["no column", { contracts: { orders: { columns: {} } } }, ["datalake:contracts.orders.columns = {}", "at least one column"]],
        [
            "a pii column that is not a contract column",
            { contracts: { orders: { columns: { order_id: "bigint" }, piiColumns: ["email"] } } },
            ["datalake:contracts.orders.piiColumns", "'email' is not one of the contract's columns (order_id)"],
        ],
        [
            "a key column that is not a contract column",
            { contracts: { orders: { columns: { order_id: "bigint" }, keyColumns: ["id"] } } },
            ["datalake:contracts.orders.keyColumns", "'id' is not one of the contract's columns"],
        ],
        [
            "a pii column listed twice",
            { contracts: { orders: { columns: { email: "string" }, piiColumns: ["email", "email"] } } },
            ["piiColumns", "each column once"],
        ],
        ["an unknown field", { contracts: { orders: { columns: { a: "string" }, pii: ["a"] } } }, ["datalake:contracts.orders.pii"]],
        [
            "key columns that disagree with the curation rule's",
            { contracts: { customers }, curation: { customers: { keyColumns: ["email"] } } },
            ['datalake:contracts.customers.keyColumns = ["customer_id"]', 'must equal curation.customers.keyColumns (["email"])'],
        ],
    ];
    for (const [what, config, parts] of refused) {
        it(`refuses ${what}`, () => {
            const message = configErrorOf(config);
            for (const part of parts) expect(message).to.contain(part);
        });
    }

    it("refuses contracts whose columns overflow the function's share of Lambda's 4 KB environment", () => {
        const columns = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`column_number_${i}`, "string"]));
        const message = configErrorOf({ contracts: { wide: { columns } } });
        expect(message).to.contain("datalake:contracts =").and.contain(`at most ${CONTRACT_COLUMNS_ENV_MAX_BYTES}`).and.contain("DATASET_CONTRACTS");
    });
});

describe("DataLake args: contracts given without stack config", () => {
    it("refuses what the stack config refuses, naming the setting", () => {
        expect(() => dataLakeWithDefaults({ contracts: { orders: { columns: { price: "money" as never } } } })).to.throw(
            /DataLake: contracts\.orders\.columns\.price: /,
        );
        expect(() => dataLakeWithDefaults({ contracts: { customers }, curation: { customers: { keyColumns: ["email"] } } })).to.throw(
            "DataLake: contracts.customers.keyColumns: must equal curation.customers.keyColumns",
        );
        expect(dataLakeWithDefaults({ contracts: { customers } }).contracts).to.deep.equal({ customers });
    });
});

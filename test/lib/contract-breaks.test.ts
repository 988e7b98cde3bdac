/**
 * Dataset contract checks (lib/contract.ts) on the shared cases (test/fixtures/contract-breaks.json,
 * which etl/tests/test_contracts.py runs through the big-object job's port), the DuckDB type
 * families of the function (functions/drop-to-raw/contract-check.ts), and the 2 KB bound of the
 * raw object's metadata.
 */
import { expect } from "chai";
import * as fc from "fast-check";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import {
    CONTRACT_BREAKS_MAX_BYTES,
    CONTRACT_COLUMN_TYPES,
    type ContractBreak,
    type ContractColumnType,
    ObjectMeta,
    S3_USER_METADATA_MAX_BYTES,
    contractBreaks,
    contractBreaksValue,
    metadataBytes,
} from "../../lib/contract";
import { checkContract, duckdbTypeFamily } from "../../functions/drop-to-raw/contract-check";
import { lineageMetadata } from "../../functions/shared/s3";

/** A shared case: expected columns, the columns an object has, its breaks and metadata value. */
interface Case {
    name: string;
    maxBytes?: number;
    columns: Record<string, ContractColumnType>;
    found: { name: string; type: string }[];
    breaks: ContractBreak[];
    value: string;
}

const CASES: Case[] = JSON.parse(readFileSync(path.join(__dirname, "../fixtures/contract-breaks.json"), "utf8")).cases;

describe("dataset contract breaks", () => {
    for (const c of CASES) {
        it(c.name, () => {
            const breaks = contractBreaks(c.columns, c.found);
            expect(breaks).to.deep.equal(c.breaks);
            expect(contractBreaksValue(breaks, c.maxBytes)).to.equal(c.value);
        });
    }

    it("maps every DuckDB type the conversion writes onto a family", () => {
        const families: Record<string, string> = {
            VARCHAR: "string",
            BOOLEAN: "boolean",
            BIGINT: "bigint",
            INTEGER: "bigint",
            UBIGINT: "bigint",
            "DECIMAL(18,2)": "decimal",
            "DECIMAL(38,10)": "decimal",
            DOUBLE: "double",
            FLOAT: "double",
            DATE: "date",
            TIMESTAMP: "timestamp",
            "TIMESTAMP WITH TIME ZONE": "timestamp",
            TIMESTAMP_NS: "timestamp",
            BLOB: "binary",
            "STRUCT(a BIGINT, b VARCHAR)": "struct",
            "VARCHAR[]": "array",
            "STRUCT(a BIGINT)[]": "array",
            "MAP(VARCHAR, BIGINT)": "map",
            TIME: "time",
            INTERVAL: "interval",
        };
        for (const [type, family] of Object.entries(families)) expect(duckdbTypeFamily(type), type).to.equal(family);
    });

    it("checks only datasets with a contract", () => {
        const contracts = { orders: { order_id: "bigint" as const } };
        expect(checkContract(contracts, "events", [{ name: "x", type: "VARCHAR" }])).to.equal(undefined);
        expect(checkContract(contracts, "orders", [{ name: "order_id", type: "DECIMAL(18,0)" }])).to.deep.equal([
            { kind: "drift", column: "order_id", expected: "bigint", found: "decimal" },
        ]);
    });

    it("never lets the breaks push the metadata past S3's 2 KB: they take at most 512 bytes and what the other keys leave", () => {
        const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,40}$/);
        const type = fc.constantFrom(...CONTRACT_COLUMN_TYPES);
        fc.assert(
            fc.property(
                fc.dictionary(name, type, { minKeys: 10, maxKeys: 60 }),
                fc.array(fc.record({ name, type: fc.constantFrom(...CONTRACT_COLUMN_TYPES, "time") }), { maxLength: 60 }),
                // Source keys up to S3's 1024 bytes; accented ones take 6 bytes a character once URI-encoded.
                fc.tuple(fc.integer({ min: 0, max: 700 }), fc.integer({ min: 0, max: 300 })),
                (columns, found, [plain, accented]) => {
                    const key = `orders/${"k".repeat(plain)}${"é".repeat(accented)}`;
                    const source = { bucket: "b".repeat(63), key, etag: "e".repeat(34), versionId: "v".repeat(32) };
                    // Where the other keys alone pass it, S3 refuses the object whatever the breaks.
                    fc.pre(metadataBytes(lineageMetadata({ source, rowCount: 123456789 })) < S3_USER_METADATA_MAX_BYTES - 40);
                    const breaks = contractBreaks(columns, found);
                    const meta = lineageMetadata({ source, rowCount: 123456789, contractBreaks: breaks });
                    expect(metadataBytes(meta)).to.be.at.most(S3_USER_METADATA_MAX_BYTES);
                    expect(meta[ObjectMeta.contractBreaks].length).to.be.at.most(CONTRACT_BREAKS_MAX_BYTES);
                    if (breaks.length === 0) expect(meta[ObjectMeta.contractBreaks]).to.equal("none");
                    else expect(meta[ObjectMeta.contractBreaks]).to.match(/^(missing|extra|drift|more):/);
                },
            ),
            { numRuns: 200 },
        );
    });
});

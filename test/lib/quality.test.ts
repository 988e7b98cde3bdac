/**
 * Data quality rules: config validation (lib/quality.ts through the stack config) and the
 * translation to DQDL (lib/quality-dqdl.ts), compared as exact text. The same corpus of specs is
 * written to etl/tests/fixtures/quality-dqdl.json (UPDATE_SNAPSHOTS=1 regenerates it), where the
 * Python tests parse every ruleset with AWS's own DQDL parser (the dqdl jar of Maven Central) and
 * check that the curate job labels its checks with the same rule text.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import type { QualityRule } from "../../lib/contract";
import { parseConfig } from "../../lib/config";
import { dqdlNumber, dqdlRules, dqdlRuleset, dqdlString } from "../../lib/quality-dqdl";
import { configErrorOf } from "./config-errors";

const ORDERS: QualityRule = {
    completeness: { order_id: 1, customer_email: 0.95 },
    uniqueKey: ["order_id", "line"],
    ranges: { amount: { min: 0, max: 10000.5 }, discount: { max: -0.25 } },
    allowedValues: { status: ["new", "paid", 'say "hi"\\'] },
    rowCount: { min: 1, max: 1000000 },
    freshness: { column: "ordered_at", maxAgeHours: 24 },
};

/** The specs the Python side parses and evaluates (etl/tests/test_quality.py). */
export const DQDL_CORPUS: Record<string, QualityRule> = {
    orders: ORDERS,
    minimal: { rowCount: { min: 1 } },
    tiny_fraction: { completeness: { note: 0.0000005 } },
};

const FIXTURE = path.join(__dirname, "../../etl/tests/fixtures/quality-dqdl.json");

describe("data quality rules -> DQDL", () => {
    it("writes each rule form exactly, in the order the curate job evaluates them", () => {
        expect(dqdlRuleset(ORDERS)).to.equal(
            [
                "Rules = [",
                '    IsComplete "order_id",',
                '    Completeness "customer_email" >= 0.95,',
                '    IsPrimaryKey "order_id" "line",',
                '    (ColumnValues "amount" >= 0) OR (ColumnValues "amount" = NULL),',
                '    (ColumnValues "amount" <= 10000.5) OR (ColumnValues "amount" = NULL),',
                '    (ColumnValues "discount" <= -0.25) OR (ColumnValues "discount" = NULL),',
                '    ColumnValues "status" in ["new", "paid", "say \\"hi\\"\\\\", NULL],',
                "    RowCount >= 1,",
                "    RowCount <= 1000000,",
                '    DataFreshness "ordered_at" <= 24 hours',
                "]",
            ].join("\n"),
        );
    });

    it("sorts rules into row level (quarantine the row) and table level (stop the batch)", () => {
        const levels = dqdlRules(ORDERS).map((r) => `${r.level} ${r.rule.split(" ")[0]}`);
        expect(levels).to.deep.equal([
            "row IsComplete",
            "table Completeness",
            "table IsPrimaryKey",
            "row (ColumnValues",
            "row (ColumnValues",
            "row (ColumnValues",
            "row ColumnValues",
            "table RowCount",
            "table RowCount",
            "table DataFreshness",
        ]);
    });

    it("spells numbers as DQDL decimals (its lexer has no exponent) and escapes quoted strings", () => {
        expect(dqdlNumber(0.0000005)).to.equal("0.0000005");
        expect(dqdlNumber(-3)).to.equal("-3");
        expect(dqdlNumber(123456789012345)).to.equal("123456789012345");
        expect(() => dqdlNumber(1e21)).to.throw(/no literal/);
        expect(() => dqdlNumber(Number.NaN)).to.throw(/no literal/);
        expect(dqdlString('a"b\\c')).to.equal('"a\\"b\\\\c"');
    });

    it("refuses an empty ruleset", () => {
        expect(() => dqdlRuleset({})).to.throw(/at least one rule/);
    });

    it("matches the fixture the Python tests parse with the DQDL grammar", () => {
        const corpus = Object.fromEntries(Object.entries(DQDL_CORPUS).map(([d, q]) => [d, { spec: q, rules: dqdlRules(q), ruleset: dqdlRuleset(q) }]));
        const text = `${JSON.stringify(corpus, null, 2)}\n`;
        if (process.env.UPDATE_SNAPSHOTS) fs.writeFileSync(FIXTURE, text);
        expect(fs.readFileSync(FIXTURE, "utf8")).to.equal(text);
    });
});

describe("config `quality`", () => {
    it("accepts the rules and keeps them as written", () => {
        expect(parseConfig({ quality: { orders: ORDERS } }).quality.orders).to.deep.equal(ORDERS);
        expect(parseConfig({}).quality).to.deep.equal({});
    });

    it("names the key, the value and what is allowed", () => {
        expect(configErrorOf({ quality: { orders: { completeness: { order_id: 1.5 } } } }))
            .to.contain("datalake:quality.orders.completeness.order_id = 1.5")
            .and.contain("a fraction of rows in (0, 1]");
        expect(configErrorOf({ quality: { orders: { ranges: { amount: { min: 5, max: 1 } } } } }))
            .to.contain("datalake:quality.orders.ranges.amount")
            .and.contain("min must not exceed max");
        expect(configErrorOf({ quality: { orders: { ranges: { amount: {} } } } })).to.contain("give min, max or both");
        expect(configErrorOf({ quality: { orders: { rowCount: { min: 1.5 } } } })).to.contain("datalake:quality.orders.rowCount.min = 1.5");
        expect(configErrorOf({ quality: { orders: { freshness: { column: "Ordered At", maxAgeHours: 24 } } } }))
            .to.contain("datalake:quality.orders.freshness.column")
            .and.contain("snake_case");
        expect(configErrorOf({ quality: { orders: { freshness: { column: "ordered_at", maxAgeHours: 0 } } } })).to.contain(
            "datalake:quality.orders.freshness.maxAgeHours = 0",
        );
        expect(configErrorOf({ quality: { orders: { uniqueKey: ["a", "a"] } } })).to.contain("uniqueKey names 'a' twice");
        expect(configErrorOf({ quality: { orders: {} } })).to.contain("no rule");
        expect(configErrorOf({ quality: { orders: { uniqueness: ["a"] } } })).to.contain("datalake:quality.orders");
        expect(configErrorOf({ quality: { "Orders!": { rowCount: { min: 1 } } } })).to.contain("a dataset name");
    });

    it("refuses numbers DQDL cannot spell and strings it reads as dates", () => {
        expect(configErrorOf({ quality: { orders: { ranges: { amount: { max: 1e300 } } } } })).to.contain("a finite number below");
        expect(configErrorOf({ quality: { orders: { allowedValues: { day: ["2024-01-31"] } } } }))
            .to.contain("datalake:quality.orders.allowedValues.day")
            .and.contain("DQDL reads a quoted date or time as a date");
        expect(configErrorOf({ quality: { orders: { allowedValues: { kind: ["a", 1] } } } })).to.contain("datalake:quality.orders.allowedValues.kind.1 = 1");
        expect(configErrorOf({ quality: { orders: { allowedValues: { kind: [] } } } })).to.contain("datalake:quality.orders.allowedValues.kind");
    });
});

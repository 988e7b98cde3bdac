/**
 * Unknown config keys (lib/config-keys.ts): a misspelt key fails naming itself and the nearest
 * known key, at the top level (read from the stack by loadConfig), in a section, in an array item
 * and in an enum-keyed record; every object of the schema is strict, so none is ignored.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { CONFIG_KEYS, ConfigError, configSchema, loadConfig } from "../../lib/config";
import { editDistance, knownKeysAt, nearestKey, unknownKeyMessage } from "../../lib/config-keys";
import { configErrorLines, configLine } from "./config-errors";

describe("lib/config-keys: unknown keys", () => {
    describe("editDistance", () => {
        it("counts inserts, deletes and substitutions", () => {
            expect(editDistance("", "")).to.equal(0);
            expect(editDistance("abc", "")).to.equal(3);
            expect(editDistance("procesor", "processor")).to.equal(1);
            expect(editDistance("kitten", "sitting")).to.equal(3);
        });
        it("counts a swap of two neighbours as one edit", () => {
            expect(editDistance("memroyMb", "memoryMb")).to.equal(1);
            expect(editDistance("ab", "ba")).to.equal(1);
        });
        it("is symmetric and zero only for equal strings", () => {
            const words = ["streams", "stream", "zones", "etl", "serving", "sevring", ""];
            for (const a of words) {
                for (const b of words) {
                    expect(editDistance(a, b)).to.equal(editDistance(b, a));
                    expect(editDistance(a, b) === 0).to.equal(a === b);
                }
            }
        });
    });

    describe("nearestKey", () => {
        it("the known key with the fewest edits, case ignored, the first declared on a tie", () => {
            expect(nearestKey("procesor", CONFIG_KEYS)).to.equal("processor");
            expect(nearestKey("bufferSizeMB", ["bufferSizeMb", "bufferIntervalSeconds"])).to.equal("bufferSizeMb");
            expect(nearestKey("ab", ["ax", "xb"])).to.equal("ax");
            expect(nearestKey("x", [])).to.equal(undefined);
        });
        it("the message names it, or says only `unknown key` where no key is known", () => {
            expect(unknownKeyMessage("procesor", CONFIG_KEYS)).to.equal('unknown key: did you mean "processor"?');
            expect(unknownKeyMessage("x", [])).to.equal("unknown key");
        });
    });

    describe("knownKeysAt: the keys the schema declares where the unknown one was written", () => {
        it("the top level, a section, an array item, an enum-keyed record", () => {
            expect(knownKeysAt(configSchema, [])).to.deep.equal(CONFIG_KEYS);
            expect(knownKeysAt(configSchema, ["processor"])).to.include.members(["memoryMb", "maxObjectBytes"]);
            expect(knownKeysAt(configSchema, ["streams", 3])).to.include.members(["name", "compression"]);
            expect(knownKeysAt(configSchema, ["zones", 0, "lifecycle"])).to.include("expireDays");
            expect(knownKeysAt(configSchema, ["governance", "personas"])).to.deep.equal(["dataSteward", "dataEngineer", "dataScientist", "biAnalyst"]);
            expect(knownKeysAt(configSchema, ["curation", "orders"])).to.include.members(["casts", "renames"]);
        });
        it("none under free-form keys or scalars", () => {
            expect(knownKeysAt(configSchema, ["ingestApi", "routes"])).to.deep.equal([]);
            expect(knownKeysAt(configSchema, ["environment"])).to.deep.equal([]);
            expect(knownKeysAt(configSchema, ["nosuch", "key"])).to.deep.equal([]);
        });
    });

    describe("parseConfig refuses them, one line per key", () => {
        it("at the top level", () => {
            expect(configErrorLines({ procesor: { memoryMb: 1024 } })).to.deep.equal([
                configLine("procesor", { memoryMb: 1024 }, 'unknown key: did you mean "processor"?'),
            ]);
        });
        it("in a section, each of several", () => {
            expect(configErrorLines({ processor: { maxObjectByts: 5, memroyMb: 1024 } })).to.deep.equal([
                configLine("processor.maxObjectByts", 5, 'unknown key: did you mean "maxObjectBytes"?'),
                configLine("processor.memroyMb", 1024, 'unknown key: did you mean "memoryMb"?'),
            ]);
            expect(configErrorLines({ ingestApi: { waf: { enable: true } } })).to.deep.equal([
                configLine("ingestApi.waf.enable", true, 'unknown key: did you mean "enabled"?'),
            ]);
        });
        it("in an array item (streams[].x, zones[].lifecycle.x)", () => {
            const streams = [{ name: "events" }, { name: "impressions", bufferSizeMB: 8 }, { name: "clicks" }];
            expect(configErrorLines({ streams })).to.deep.equal([configLine("streams.1.bufferSizeMB", 8, 'unknown key: did you mean "bufferSizeMb"?')]);
            const zones = [{ name: "drop", lifecycle: { expiryDays: 7 } }, { name: "raw" }];
            expect(configErrorLines({ zones })).to.deep.equal([configLine("zones.0.lifecycle.expiryDays", 7, 'unknown key: did you mean "expireDays"?')]);
        });
        it("in an enum-keyed record and in a record's value", () => {
            expect(configErrorLines({ governance: { personas: { dataStewart: { principals: [] } } } })).to.deep.equal([
                configLine("governance.personas.dataStewart", { principals: [] }, 'unknown key: did you mean "dataSteward"?'),
            ]);
            expect(configErrorLines({ curation: { orders: { cast: {} } } })).to.deep.equal([
                configLine("curation.orders.cast", {}, 'unknown key: did you mean "casts"?'),
            ]);
        });
    });

    it("every object the schema declares is strict (no unknown key passes silently)", () => {
        const loose: string[] = [];
        const objects = new Set<string>();
        const walk = (schema: z.ZodType, at: string): void => {
            const def = (schema as any)._zod.def;
            const inner = [def.innerType, def.in, def.out, def.element, def.valueType, ...(def.options ?? [])].filter(Boolean);
            if (def.type === "object") {
                objects.add(at);
                if (def.catchall?._zod.def.type !== "never") loose.push(at || "(top level)");
                for (const [key, field] of Object.entries(def.shape)) walk(field as z.ZodType, at ? `${at}.${key}` : key);
            }
            for (const s of inner) walk(s, at);
        };
        walk(configSchema, "");
        expect(loose).to.deep.equal([]);
        expect([...objects]).to.include.members([
            "",
            "processor",
            "streams",
            "ingestApi.waf",
            "governance.personas",
            "curation",
            "emr.cluster",
            "zones.lifecycle",
        ]);
    });

    describe("loadConfig reads every datalake:* key of the stack, known or not", () => {
        let saved: Record<string, string>;
        beforeEach(() => (saved = pulumi.runtime.allConfig()));
        afterEach(() => pulumi.runtime.setAllConfig(saved));

        it("a misspelt top-level key fails naming it and the nearest known key", () => {
            pulumi.runtime.setAllConfig({ "datalake:procesor": JSON.stringify({ memoryMb: 1024 }), "aws:region": "eu-west-1" });
            expect(() => loadConfig()).to.throw(ConfigError, 'datalake:procesor = {"memoryMb":1024}: unknown key: did you mean "processor"?');
        });
        it("a misspelt plain-string key too", () => {
            pulumi.runtime.setAllConfig({ "datalake:enviroment": "prod" });
            expect(() => loadConfig()).to.throw(ConfigError, 'datalake:enviroment = "prod": unknown key: did you mean "environment"?');
        });
    });
});

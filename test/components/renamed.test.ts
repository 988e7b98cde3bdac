/**
 * Renamed type tokens (lib/renamed.ts) keep deployed resources: each renamed component registers
 * an alias with its previous token (its children inherit it), and no component registers a
 * previous token any more.
 */
import { expect } from "chai";
import { runProgram } from "../../harness/program";
import { PREVIOUS_TYPES } from "../../lib/renamed";

describe("renamed type tokens", () => {
    it("prod with serving: every renamed component carries an alias from its previous token", async () => {
        const resources = await runProgram("prod", { serving: { enabled: true } });
        for (const [now, before] of Object.entries(PREVIOUS_TYPES)) {
            const found = resources.filter((r) => r.type === now);
            expect(found, now).to.not.be.empty;
            for (const r of found) expect(r.aliasTypes, r.urn).to.include(before);
        }
        const previous = new Set<string>(Object.values(PREVIOUS_TYPES));
        expect(resources.filter((r) => previous.has(r.type)).map((r) => r.urn)).to.deep.equal([]);
    });
});

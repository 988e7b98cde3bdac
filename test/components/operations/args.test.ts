/** The operations area's own settings: defaults equal to the stack config's, and no dependency on lib/config. */
import { expect } from "chai";
import { OPERATIONS_DEFAULTS, operationsWithDefaults } from "../../../components/operations";
import { parseConfig } from "../../../lib/config";

describe("operations: settings", () => {
    it("resolves nothing given to the stack config's defaults", () => {
        expect(operationsWithDefaults()).to.deep.equal(parseConfig({}).operations);
        expect(operationsWithDefaults({})).to.deep.equal(OPERATIONS_DEFAULTS);
    });

    it("keeps what is given and defaults the rest, undefined included", () => {
        const resolved = operationsWithDefaults({ queueAgeAlarmSeconds: 600, apiLatencyP99Ms: undefined, manageGlueLogGroups: true });
        expect(resolved).to.deep.equal({ ...OPERATIONS_DEFAULTS, queueAgeAlarmSeconds: 600, manageGlueLogGroups: true });
    });
});

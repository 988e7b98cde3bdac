import { expect } from "chai";
import { lifecycleRules } from "../../../components/storage";

const base = { noncurrentExpireDays: 30, abortMultipartDays: 7 };

describe("storage lifecycle", () => {
    it("a landing zone expires current objects", () => {
        const [current] = lifecycleRules({ ...base, expireDays: 14 });
        expect(current).to.deep.include({ id: "current-versions", status: "Enabled", expiration: { days: 14 } });
        expect(current).not.to.have.property("transitions");
    });
    it("a raw zone tiers to STANDARD_IA then GLACIER", () => {
        const [current] = lifecycleRules({ ...base, infrequentAccessDays: 30, glacierDays: 180 });
        expect(current.transitions).to.deep.equal([
            { days: 30, storageClass: "STANDARD_IA" },
            { days: 180, storageClass: "GLACIER" },
        ]);
        expect(current).not.to.have.property("expiration");
    });
    it("always expires noncurrent versions and aborts incomplete multipart uploads", () => {
        const rules = lifecycleRules({ ...base, noncurrentExpireDays: 90, abortMultipartDays: 3 });
        expect(rules.map((r) => r.id)).to.deep.equal(["noncurrent-versions", "incomplete-multipart-uploads"]);
        expect(rules[0].noncurrentVersionExpiration).to.deep.equal({ noncurrentDays: 90 });
        expect(rules[1].abortIncompleteMultipartUpload).to.deep.equal({ daysAfterInitiation: 3 });
        expect(rules.every((r) => r.status === "Enabled" && Object.keys(r.filter).length === 0)).to.equal(true);
    });
});

import { expect } from "chai";
import { parquetCopyOptions } from "../../functions/shared/parquet";

describe("functions/shared/parquet", () => {
    it("writes zstd level 1", () => {
        expect(parquetCopyOptions()).to.contain("FORMAT parquet").and.contain("COMPRESSION zstd").and.contain("COMPRESSION_LEVEL 1");
    });
    it("splits the row-group budget across threads in whole 2,048-row vectors", () => {
        const rows = (t: number) => Number(/ROW_GROUP_SIZE (\d+)/.exec(parquetCopyOptions(t))![1]);
        expect(rows(1)).to.equal(30_720);
        expect(rows(2)).to.equal(14_336);
        expect(rows(64)).to.equal(2_048);
        for (const t of [1, 2, 3, 4, 6]) expect(rows(t) % 2_048).to.equal(0);
    });
});

/** The warehouse's pure names and SQL helpers. */
import { expect } from "chai";
import { batchExecuteTarget, clusterLogGroupName, copyStatement, finalSnapshotIdentifier, literal, warehouseIdentifier } from "../../../components/warehouse";

describe("warehouse settings", () => {
    it("identifiers: lowercase letters, digits and single hyphens, starting with a letter, at most 63 characters", () => {
        expect(warehouseIdentifier("datalake", "dev")).to.equal("datalake-dev-warehouse");
        expect(warehouseIdentifier("Data_Lake", "my..stack")).to.equal("data-lake-my-stack-warehouse");
        const long = warehouseIdentifier("datalake", "a".repeat(80));
        expect(long)
            .to.have.length.at.most(63)
            .and.match(/^[a-z][a-z0-9-]*[a-z0-9]$/);
        expect(() => warehouseIdentifier("1lake", "dev")).to.throw(/must start with a letter/);
    });

    it("log groups, final snapshot and the scheduler target follow AWS's names", () => {
        expect(clusterLogGroupName("lake-dev-warehouse", "useractivitylog")).to.equal("/aws/redshift/cluster/lake-dev-warehouse/useractivitylog");
        expect(finalSnapshotIdentifier("lake-prod-warehouse")).to.equal("lake-prod-warehouse-final");
        expect(batchExecuteTarget("aws-cn")).to.equal("arn:aws-cn:scheduler:::aws-sdk:redshiftdata:batchExecuteStatement");
    });

    it("SQL literals double their quotes, so a value cannot end the string", () => {
        expect(literal("it's")).to.equal("'it''s'");
        expect(copyStatement("t", "s3://b/x'/", "arn:r")).to.equal("COPY t FROM 's3://b/x''/' IAM_ROLE 'arn:r' FORMAT AS PARQUET");
    });
});

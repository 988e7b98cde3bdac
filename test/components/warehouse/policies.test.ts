import { expect } from "chai";
import { loadScheduleRolePolicy, warehouseKeyPolicy, warehouseRolePolicy } from "../../../components/warehouse";
import { CATALOG_READ_ACTIONS } from "../../lib/expected-iam";

const scope = { partition: "aws", region: "eu-west-1", accountId: "123456789012" };
const glue = "arn:aws:glue:eu-west-1:123456789012";

describe("warehouse documents", () => {
    it("warehouseKeyPolicy: the account administers the key (Redshift and Secrets Manager use it through grants)", () => {
        expect(warehouseKeyPolicy(scope)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                { Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
            ],
        });
    });

    it("warehouseRolePolicy (COPY, Spectrum): exactly the curated bucket, its key and its database's tables", () => {
        const bucketArn = "arn:aws:s3:::lake-curated";
        const keyArn = "arn:aws:kms:eu-west-1:123456789012:key/curated";
        expect(warehouseRolePolicy({ scope, bucketArn, keyArn, database: "lake_curated" })).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                { Sid: "ReadCuratedObjects", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::lake-curated/*" },
                { Sid: "ListCuratedBucket", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: bucketArn },
                { Sid: "DecryptCurated", Effect: "Allow", Action: "kms:Decrypt", Resource: keyArn },
                {
                    Sid: "ReadCuratedCatalog",
                    Effect: "Allow",
                    Action: [...CATALOG_READ_ACTIONS],
                    Resource: [
                        `${glue}:catalog`,
                        `${glue}:database/lake_curated`,
                        `${glue}:table/lake_curated/*`,
                        `${glue}:userDefinedFunction/lake_curated/*`,
                    ],
                },
            ],
        });
    });

    it("warehouseRolePolicy with an encrypted Data Catalog: Spectrum also uses the catalog's key", () => {
        const catalogKey = "arn:aws:kms:eu-west-1:123456789012:key/catalog";
        const bucketArn = "arn:aws:s3:::lake-curated";
        const keyArn = "arn:aws:kms:eu-west-1:123456789012:key/curated";
        const p = warehouseRolePolicy({ scope, bucketArn, keyArn, database: "lake_curated", catalogKeyArns: [catalogKey] });
        expect(p.Statement.map((x) => x.Sid)).to.deep.equal([
            "ReadCuratedObjects",
            "ListCuratedBucket",
            "DecryptCurated",
            "ReadCuratedCatalog",
            "UseCatalogKey",
        ]);
        expect(p.Statement[4]).to.deep.equal({
            Sid: "UseCatalogKey",
            Effect: "Allow",
            Action: ["kms:GenerateDataKey", "kms:Decrypt", "kms:Encrypt"],
            Resource: [catalogKey],
        });
    });

    it("loadScheduleRolePolicy: the batch on this warehouse, its admin secret, the key only through Secrets Manager", () => {
        const a = {
            warehouseArn: "arn:aws:redshift-serverless:eu-west-1:123456789012:workgroup/0c8f0a8e-lake",
            secretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:lake-warehouse-admin-AbCdEf",
            keyArn: "arn:aws:kms:eu-west-1:123456789012:key/warehouse",
            region: "eu-west-1",
        };
        expect(loadScheduleRolePolicy(a)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                { Sid: "RunLoadBatch", Effect: "Allow", Action: "redshift-data:BatchExecuteStatement", Resource: a.warehouseArn },
                { Sid: "ReadAdminSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: a.secretArn },
                {
                    Sid: "DecryptAdminSecret",
                    Effect: "Allow",
                    Action: "kms:Decrypt",
                    Resource: a.keyArn,
                    Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
                },
            ],
        });
    });
});

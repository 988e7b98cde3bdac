/**
 * The warehouse's documents: its key's policy, the policy of the role Redshift assumes for COPY
 * and Spectrum (the curated zone only: its bucket, its key, its Glue database), and that of the
 * scheduler's role that sends the daily load through the Redshift Data API. Pure.
 */
import type { AccountScope } from "../../lib/account-scope";
import { CATALOG_READ, PolicyDocument, Statement, catalogArns, catalogKeyUse, doc, keyAdministration, objectsArn } from "../../lib/iam";

/**
 * The warehouse key: the account administers it, so Redshift, Redshift Serverless and Secrets
 * Manager use it through the grants the deploying principal creates for them.
 */
export function warehouseKeyPolicy(s: AccountScope): PolicyDocument {
    return doc(keyAdministration(s.partition, s.accountId));
}

export interface CuratedAccess {
    scope: AccountScope;
    bucketArn: string;
    keyArn: string;
    database: string;
    /** Keys the account's Data Catalog is encrypted with (Catalog `catalogKeyArns`). Default none. */
    catalogKeyArns?: string[];
}

/** COPY and Spectrum: read the curated bucket with its key, read the curated database's tables (with the catalog's key). */
export function warehouseRolePolicy(c: CuratedAccess): PolicyDocument {
    return doc(
        { Sid: "ReadCuratedObjects", Effect: "Allow", Action: "s3:GetObject", Resource: objectsArn(c.bucketArn) },
        { Sid: "ListCuratedBucket", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: c.bucketArn },
        { Sid: "DecryptCurated", Effect: "Allow", Action: "kms:Decrypt", Resource: c.keyArn },
        { Sid: "ReadCuratedCatalog", Effect: "Allow", Action: CATALOG_READ, Resource: catalogArns(c.scope, [c.database]) },
        ...catalogKeyUse(c.catalogKeyArns ?? []),
    );
}

export interface LoadScheduleAccess {
    /** Cluster or workgroup ARN the batch runs on. */
    warehouseArn: string;
    /** The admin secret the Data API signs in with, and the key encrypting it. */
    secretArn: string;
    keyArn: string;
    region: string;
}

/** The scheduler: run statements on this warehouse only, with its admin secret. */
export function loadScheduleRolePolicy(a: LoadScheduleAccess): PolicyDocument {
    const statements: Statement[] = [
        { Sid: "RunLoadBatch", Effect: "Allow", Action: "redshift-data:BatchExecuteStatement", Resource: a.warehouseArn },
        { Sid: "ReadAdminSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: a.secretArn },
        {
            Sid: "DecryptAdminSecret",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: a.keyArn,
            Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${a.region}.amazonaws.com` } },
        },
    ];
    return doc(...statements);
}

import { expect } from "chai";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { CreateBucketCommand, GetObjectCommand, GetObjectTaggingCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { DuckDBInstance } from "@duckdb/node-api";
import { PROCESSED_TAG, ProcessorEnv } from "../../lib/contract";
import { createHandler } from "../../functions/drop-to-raw";
import { ConvertOptions, convertFile } from "../../functions/drop-to-raw/convert";
import { MAX_LINE_BYTES, MAX_LINE_BYTES_CAP } from "../../functions/drop-to-raw/csv-dialect";
import { MAX_GZIP_RATIO } from "../../functions/drop-to-raw/gzip";
import { normaliseColumnNames, snakeCase } from "../../functions/shared/columns";
import { EnvError, positiveIntEnv, readProcessorSettings } from "../../functions/shared/env";
import { BadInputError, classifyError } from "../../functions/shared/errors";
import { copyObjectVersion } from "../../functions/shared/s3";
import { useMoto } from "../../harness/moto";

describe("drop -> raw: column names", () => {
    it("snake_cases, strips accents and symbols, prefixes leading digits", () => {
        expect(["OrderID", "Customer Name", "unitPrice", "Prix €", "café", "2024 sales", "HTTPStatus", "a--b__c", "ÉTÉ"].map(snakeCase)).to.deep.equal([
            "order_id",
            "customer_name",
            "unit_price",
            "prix",
            "cafe",
            "col_2024_sales",
            "http_status",
            "a_b_c",
            "ete",
        ]);
    });

    it("makes names unique with _2, _3 and never empty", () => {
        expect(normaliseColumnNames(["id", "ID", "Id", "", "€", "id_2"])).to.deep.equal(["id", "id_2", "id_3", "column_4", "column_5", "id_2_2"]);
    });
});

describe("drop -> raw: error classes and settings", () => {
    const named = (name: string) => Object.assign(new Error(name), { name });

    it("classifies bad input, vanished sources, overwritten sources and transient errors", () => {
        expect(classifyError(new BadInputError("empty", "x"))).to.equal("bad-input");
        expect(["NoSuchKey", "NoSuchVersion", "NotFound"].map((n) => classifyError(named(n)))).to.deep.equal(["gone", "gone", "gone"]);
        expect(classifyError(named("PreconditionFailed"))).to.equal("changed");
        expect(["SlowDown", "ThrottlingException", "InternalError", "TimeoutError", "ECONNRESET"].map((n) => classifyError(named(n)))).to.deep.equal(
            Array(5).fill("transient"),
        );
    });

    it("names the missing or bad environment variable", () => {
        expect(() => readProcessorSettings({})).to.throw(EnvError, ProcessorEnv.targetBucket);
        expect(() => positiveIntEnv(ProcessorEnv.maxObjectBytes, { [ProcessorEnv.maxObjectBytes]: "2GB" })).to.throw(
            EnvError,
            /MAX_OBJECT_BYTES is "2GB" \(expected a positive integer\)/,
        );
        expect(() => createHandler({ s3: new S3Client({ region: "eu-west-1" }), env: {} })).to.throw(EnvError, /TARGET_BUCKET/);
    });
});

describe("drop -> raw: convertFile", function () {
    this.timeout(60_000);
    let dir: string;
    before(async () => {
        dir = await mkdtemp(path.join(tmpdir(), "convert-test-"));
    });

    async function convert(name: string, body: Buffer | string, options: Partial<ConvertOptions> = {}) {
        const input = path.join(dir, name.replace(/\//g, "_"));
        await writeFile(input, body);
        const output = `${input}.out.parquet`;
        const result = await convertFile(input, output, { sourceKey: name, maxDecompressedBytes: 1024 ** 3, ...options });
        return { result, output };
    }

    async function rejection(name: string, body: Buffer | string, options: Partial<ConvertOptions> = {}): Promise<BadInputError> {
        try {
            await convert(name, body, options);
        } catch (e) {
            expect(e).to.be.instanceOf(BadInputError);
            return e as BadInputError;
        }
        throw new Error(`${name} was converted`);
    }

    it("writes zstd Parquet and reports format, rows and columns", async () => {
        const { result, output } = await convert("d/x.csv", "a,b\n1,x\n2,y\n", { threads: 2, memoryLimitMb: 256 });
        expect(result).to.deep.equal({
            format: "csv",
            encoding: "utf-8",
            compressed: false,
            rowCount: 2,
            columns: [
                { name: "a", type: "BIGINT" },
                { name: "b", type: "VARCHAR" },
            ],
        });
        const db = await DuckDBInstance.create(":memory:");
        const con = await db.connect();
        const meta = await con.runAndReadAll(`SELECT DISTINCT compression FROM parquet_metadata('${output}')`);
        expect(meta.getRowObjectsJS().map((r) => r.compression)).to.deep.equal(["ZSTD"]);
        con.closeSync();
        db.closeSync();
    });

    it("writes UUID-looking text as text: Spark (the curate job, Glue) cannot read Parquet's UUID type", async () => {
        const id = "0f8fad5b-d9cb-469f-a165-70867728950e";
        const { result, output } = await convert(
            "d/x.ndjson",
            [JSON.stringify({ request_id: id, nested: { id, n: 1 }, ids: [id] }), JSON.stringify({ request_id: id, nested: { id, n: 2 }, ids: [] })].join("\n"),
        );
        expect(result.columns).to.deep.equal([
            { name: "request_id", type: "VARCHAR" },
            { name: "nested", type: "STRUCT(id VARCHAR, n BIGINT)" },
            { name: "ids", type: "VARCHAR[]" },
        ]);
        const db = await DuckDBInstance.create(":memory:");
        const con = await db.connect();
        const logical = await con.runAndReadAll(`SELECT DISTINCT logical_type FROM parquet_schema('${output}') WHERE logical_type IS NOT NULL`);
        expect(JSON.stringify(logical.getRowObjectsJS())).to.not.match(/UUID/i);
        con.closeSync();
        db.closeSync();
    });

    it("sniffs content when the key has no extension, and tabs in a .txt", async () => {
        expect((await convert("d/firehose-object", "a,b\n1,2\n")).result.format).to.equal("csv");
        expect((await convert("d/x.txt", "a\tb\n1\t2\n")).result.format).to.equal("tsv");
        expect((await convert("d/x.jsonl", '{"a":1}\n{"a":2}\n')).result).to.include({ format: "json", rowCount: 2 });
        expect((await convert("d/x.json.gz", gzipSync('[{"a":1}]'))).result).to.include({ format: "json", compressed: true, rowCount: 1 });
    });

    it("types a JSON field from every record when a late one does not fit the sample's type", async () => {
        const lines = Array.from({ length: 30000 }, (_, i) => JSON.stringify({ id: i }));
        const { result } = await convert("d/late.ndjson", [...lines, JSON.stringify({ id: "A-1" })].join("\n"));
        expect(result.rowCount).to.equal(30001);
        // DuckDB widens mixed JSON scalars to its JSON type (a string column in Parquet).
        expect(result.columns).to.deep.equal([{ name: "id", type: "JSON" }]);
    });

    it("stops a gzip bomb by ratio even under the size cap", async () => {
        // 100 gzip members of 1 MiB of zeros (a valid multi-member gzip): ~100 KB in, 100 MiB out.
        const bomb = Buffer.concat(Array(100).fill(gzipSync(Buffer.alloc(1024 ** 2, "0"))));
        const err = await rejection("d/bomb.csv.gz", bomb, { maxDecompressedBytes: 1024 ** 3 });
        expect(err.reason).to.equal("decompression-limit");
        expect(err.message).to.include(`${MAX_GZIP_RATIO}:1`);
    });

    it("rejects Parquet that does not open, and names the format", async () => {
        const err = await rejection("d/x.parquet", Buffer.concat([Buffer.from("PAR1"), Buffer.alloc(100, 1)]));
        expect(err).to.include({ reason: "malformed-parquet", format: "parquet" });
    });

    it("passes valid Parquet with normalised names through byte for byte", async () => {
        const src = path.join(dir, "src.parquet");
        const db = await DuckDBInstance.create(":memory:");
        const con = await db.connect();
        await con.run(`COPY (SELECT 1 AS a) TO '${src}' (FORMAT parquet)`);
        con.closeSync();
        db.closeSync();
        const { result, output } = await convert("d/p.parquet", await readFile(src));
        expect(result.rowCount).to.equal(1);
        expect((await readFile(output)).equals(await readFile(src))).to.equal(true);
    });

    it("reads lines up to MAX_LINE_BYTES_CAP and quarantines longer ones as line-too-long, never as an engine error", async () => {
        const long = await convert("d/long.csv", "a,b\n1," + "x".repeat(MAX_LINE_BYTES + 1) + "\n");
        expect(long.result.rowCount).to.equal(1);
        // Past the cap, after 9 MB of short lines (DuckDB's first buffer): still line-too-long.
        const err = await rejection("d/too-long.csv", "a,b\n" + "1,abcdefgh\n".repeat(900_000) + "2," + "x".repeat(MAX_LINE_BYTES_CAP + 10) + "\n");
        expect({ reason: err.reason, line: err.location.line, format: err.format }).to.deep.equal({ reason: "line-too-long", line: 900_002, format: "csv" });
        expect(err.message).to.equal(`line 900002 is ${MAX_LINE_BYTES_CAP + 12} bytes; the limit is ${MAX_LINE_BYTES_CAP}`);
        // A quoted record longer than any of its lines: found by DuckDB on the first read, read again.
        const quoted = await convert("d/quoted.csv", 'a,b\n1,"' + "xxxxxxxxx\n".repeat(300_000) + '"\n2,y\n');
        expect(quoted.result.rowCount).to.equal(2);
    });

    it("does not leak row content into error messages", async () => {
        const err = await rejection("d/r.csv", "a,b\n1,2\nsecret-value,4,5\n");
        expect(err.location.line).to.equal(3);
        expect(err.message).to.not.include("secret-value");
    });
});

describe("drop -> raw: S3 copy above the single-copy limit", function () {
    const moto = useMoto();
    it("copies in parts and keeps the bytes", async () => {
        const s3 = new S3Client(moto().clientConfig);
        await s3.send(new CreateBucketCommand({ Bucket: "copy", CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
        const body = Buffer.alloc(11 * 1024 ** 2, "abc");
        await s3.send(new PutObjectCommand({ Bucket: "copy", Key: "src/a b.csv", Body: body }));
        await copyObjectVersion(
            s3,
            { bucket: "copy", key: "src/a b.csv" },
            { bucket: "copy", key: "quarantine/a" },
            {
                kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k",
                size: body.length,
                multipartAboveBytes: 1024,
                partBytes: 5 * 1024 ** 2,
            },
        );
        const out = await s3.send(new GetObjectCommand({ Bucket: "copy", Key: "quarantine/a" }));
        expect(Buffer.from(await out.Body!.transformToByteArray()).equals(body)).to.equal(true);
        expect(out.ServerSideEncryption).to.equal("aws:kms");
    });

    it("never carries the source's tags, whether copied in one request or in parts", async () => {
        const s3 = new S3Client(moto().clientConfig);
        await s3.send(new CreateBucketCommand({ Bucket: "copy-tags", CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
        const body = Buffer.alloc(6 * 1024 ** 2, "x");
        await s3.send(
            new PutObjectCommand({ Bucket: "copy-tags", Key: "src.csv", Body: body, Tagging: `${PROCESSED_TAG.key}=${PROCESSED_TAG.quarantined}&owner=a` }),
        );
        const kmsKeyArn = "arn:aws:kms:eu-west-1:123456789012:key/k";
        for (const [key, multipartAboveBytes] of [
            ["quarantine/single", undefined],
            ["quarantine/parts", 1024],
        ] as const) {
            await copyObjectVersion(
                s3,
                { bucket: "copy-tags", key: "src.csv" },
                { bucket: "copy-tags", key },
                { kmsKeyArn, size: body.length, multipartAboveBytes, partBytes: 5 * 1024 ** 2 },
            );
            const { TagSet } = await s3.send(new GetObjectTaggingCommand({ Bucket: "copy-tags", Key: key }));
            expect(TagSet, key).to.deep.equal([]);
        }
    });
});

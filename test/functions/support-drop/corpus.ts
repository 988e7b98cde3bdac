/**
 * Input files for the drop -> raw suite, generated in code (small, deterministic), each with the
 * outcome it must have: promoted to raw (with the rows and types expected) or quarantined (with
 * the reason and, where DuckDB or the sniffer can tell, the line).
 */
import { gzipSync } from "node:zlib";
import type { SourceEncoding } from "../../../lib/contract";
import type { BadInputReason } from "../../../functions/shared/errors";

export type Expected =
    | {
          promoted: {
              rows: number;
              columns?: Record<string, string>;
              /** ObjectMeta.sourceEncoding; default `utf-8` for text, none for Parquet. */
              encoding?: SourceEncoding;
              /** The first row as read back from the Parquet output (JSON-safe values). */
              firstRow?: Record<string, unknown>;
          };
      }
    | { quarantined: { reason: BadInputReason; line?: number } };

export interface Case {
    name: string;
    key: string;
    body: Buffer;
    expected: Expected;
}

/** Deterministic pseudo-random bytes (so gzip cannot shrink them away). */
function noise(n: number, seed = 7): Buffer {
    const out = Buffer.alloc(n);
    let x = seed;
    for (let i = 0; i < n; i++) {
        x = (x * 1103515245 + 12345) & 0x7fffffff;
        out[i] = x >> 16;
    }
    return out;
}

const ordersCsv = (n: number) =>
    "Order ID,Customer Name,Unit Price,Order Date,isGift\n" +
    Array.from(
        { length: n },
        (_, i) => `${i + 1},"Doe, Jane ${i}",${(i * 1.25).toFixed(2)},2026-11-${String((i % 28) + 1).padStart(2, "0")},${i % 2 === 0}`,
    ).join("\n") +
    "\n";

const ndjson = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ eventId: i, userId: `u${i % 3}`, props: { page: "/p" } })).join("\n") + "\n";

/** 1,000 lines of random hex: ~64 KB of incompressible-enough CSV for a real truncation. */
const hexCsv = "a,b\n" + Array.from({ length: 1000 }, (_, i) => `${i},${noise(24, i).toString("hex")}`).join("\n") + "\n";

export function buildCorpus(limits: { maxObjectBytes: number; maxDecompressedBytes: number }): Case[] {
    const gzHex = gzipSync(hexCsv);
    return [
        // ---- promoted
        {
            name: "CSV with quoted commas, mixed-case headers",
            key: "orders/2026/11/orders.csv",
            body: Buffer.from(ordersCsv(50)),
            expected: {
                promoted: {
                    rows: 50,
                    columns: { order_id: "BIGINT", customer_name: "VARCHAR", unit_price: "DECIMAL(18,2)", order_date: "DATE", is_gift: "BOOLEAN" },
                },
            },
        },
        {
            name: "gzip CSV",
            key: "orders/2026/11/orders-2.csv.gz",
            body: gzipSync(ordersCsv(20)),
            expected: { promoted: { rows: 20, columns: { order_id: "BIGINT" } } },
        },
        {
            name: "TSV",
            key: "events/a.tsv",
            body: Buffer.from("Event Type\tCount\nclick\t3\nview\t5\n"),
            expected: { promoted: { rows: 2, columns: { event_type: "VARCHAR", count: "BIGINT" } } },
        },
        {
            name: "semicolon CSV",
            key: "events/semi.csv",
            body: Buffer.from("a;b\n1;x\n2;y\n"),
            expected: { promoted: { rows: 2, columns: { a: "BIGINT", b: "VARCHAR" } } },
        },
        {
            name: "JSON array",
            key: "events/arr.json",
            body: Buffer.from(
                JSON.stringify([
                    { userId: 1, tags: ["a"] },
                    { userId: 2, tags: [] },
                ]),
            ),
            expected: { promoted: { rows: 2, columns: { user_id: "BIGINT", tags: "VARCHAR[]" } } },
        },
        {
            name: "NDJSON",
            key: "events/nd.ndjson",
            body: Buffer.from(ndjson(30)),
            expected: { promoted: { rows: 30, columns: { event_id: "BIGINT", user_id: "VARCHAR", props: "STRUCT(page VARCHAR)" } } },
        },
        {
            name: "Firehose object: concatenated JSON, no newlines, no extension",
            key: "streams/clicks/year=2026/month=11/day=23/hour=01/clicks-1-2026-11-23-01-00-00-abc",
            body: Buffer.from(Array.from({ length: 10 }, (_, i) => JSON.stringify({ id: i, ok: true })).join("")),
            expected: { promoted: { rows: 10, columns: { id: "BIGINT", ok: "BOOLEAN" } } },
        },
        {
            name: "Firehose object, gzip",
            key: "streams/clicks/year=2026/month=11/day=23/hour=02/clicks-2.gz",
            body: gzipSync(ndjson(12)),
            expected: { promoted: { rows: 12 } },
        },
        {
            name: "key with spaces and a plus sign",
            key: "orders/Q4 report+final (1).csv",
            body: Buffer.from("a,b\n1,2\n"),
            expected: { promoted: { rows: 1, columns: { a: "BIGINT" } } },
        },
        {
            name: "duplicate and empty column names",
            key: "orders/dups.csv",
            body: Buffer.from("id,ID,Id,,Name\n1,2,3,4,x\n"),
            expected: { promoted: { rows: 1, columns: { id: "BIGINT", id_2: "BIGINT", id_3: "BIGINT", column_4: "BIGINT", name: "VARCHAR" } } },
        },
        {
            name: "a value past the type sniffer's sample widens the column",
            key: "orders/late-string.csv",
            body: Buffer.from("code,n\n" + Array.from({ length: 30000 }, (_, i) => `${i},${i}`).join("\n") + "\nA-1,1\n"),
            expected: { promoted: { rows: 30001, columns: { code: "VARCHAR", n: "BIGINT" } } },
        },
        {
            name: "a single huge line of JSON (one array)",
            key: "events/one-line.json",
            body: Buffer.from(JSON.stringify(Array.from({ length: 20000 }, (_, i) => ({ i, s: "x".repeat(50) })))),
            expected: { promoted: { rows: 20000, columns: { i: "BIGINT", s: "VARCHAR" } } },
        },
        {
            name: "UTF-8 BOM and accents",
            key: "customers/bom.csv",
            body: Buffer.from("\uFEFFNom,Café\nÉlise,crème\n"),
            expected: { promoted: { rows: 1, columns: { nom: "VARCHAR", cafe: "VARCHAR" } } },
        },
        {
            name: "CRLF line endings and quoted values with newlines and quotes",
            key: "support/tickets.csv",
            body: Buffer.from('id,comment\r\n1,"line one\r\nline two"\r\n2,"say ""hi"""\r\n'),
            expected: { promoted: { rows: 2, columns: { id: "BIGINT", comment: "VARCHAR" } } },
        },
        {
            name: "a line over DuckDB's 2 MB default, read again with the long-line limit",
            key: "orders/huge-line.csv",
            body: Buffer.from("a,b\n1," + "x".repeat(2_100_000) + "\n2,y\n"),
            expected: { promoted: { rows: 2, columns: { a: "BIGINT", b: "VARCHAR" } } },
        },
        {
            // DuckDB fails this one with "Not implemented" (a line past its 8 MB read buffer).
            name: "a 9 MB line after 8 MB of short lines (gzip)",
            key: "orders/late-long-line.csv.gz",
            body: gzipSync("a,b\n" + "1,abcdefgh\n".repeat(800_000) + "2," + "x".repeat(9_000_000) + "\n3,z\n"),
            expected: { promoted: { rows: 800_002, columns: { a: "BIGINT", b: "VARCHAR" } } },
        },
        {
            // DuckDB alone drops this line without an error (the last line, past its read buffer).
            name: "a 9 MB last line after 8 MB of short lines (gzip)",
            key: "orders/late-long-last-line.csv.gz",
            body: gzipSync("a,b\n" + "1,abcdefgh\n".repeat(800_000) + "2," + "x".repeat(9_000_000) + "\n"),
            expected: { promoted: { rows: 800_001, columns: { a: "BIGINT", b: "VARCHAR" } } },
        },
        {
            name: "a header line longer than 2 MB",
            key: "orders/huge-header.csv",
            body: Buffer.from("a," + "h".repeat(2_100_000) + "\n1,2\n"),
            expected: { promoted: { rows: 1, columns: { a: "BIGINT" } } },
        },
        {
            name: "JSON nested 200 levels deep: typed to 64 levels, deeper kept as JSON text",
            key: "events/nested.ndjson",
            body: Buffer.from('{"id":1,"n":' + '{"a":'.repeat(200) + "1" + "}".repeat(200) + '}\n{"id":2,"n":null,"s":"[[[[{{{{"}\n'),
            expected: { promoted: { rows: 2, columns: { id: "BIGINT", s: "VARCHAR" } } },
        },
        // ---- encodings other than UTF-8, and decimal commas
        {
            name: "Latin-1 in the first bytes",
            key: "customers/latin1.csv",
            body: Buffer.from("nom,ville\nx,caf\xe9\n", "latin1"),
            expected: { promoted: { rows: 1, encoding: "windows-1252", firstRow: { nom: "x", ville: "café" } } },
        },
        {
            name: "Latin-1 far into the file (found by DuckDB past the sniffed head)",
            key: "customers/latin1-late.csv",
            body: Buffer.concat([Buffer.from("a,b\n" + "1,abcdefgh\n".repeat(8000)), Buffer.from("2,caf\xe9\n", "latin1")]),
            expected: { promoted: { rows: 8001, encoding: "windows-1252", columns: { a: "BIGINT", b: "VARCHAR" } } },
        },
        {
            name: "Windows-1252 punctuation (euro sign, curly quotes, en dash)",
            key: "customers/cp1252.csv",
            body: Buffer.from("id,note\n1,\x80 5 \x93caro\x94 \x96 sim\n", "latin1"),
            expected: { promoted: { rows: 1, encoding: "windows-1252", firstRow: { id: "1", note: "€ 5 “caro” – sim" } } },
        },
        {
            name: "UTF-16 LE with BOM",
            key: "customers/utf16.csv",
            body: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("a,b\n1,São Paulo\n", "utf16le")]),
            expected: { promoted: { rows: 1, encoding: "utf-16le", firstRow: { a: "1", b: "São Paulo" } } },
        },
        {
            name: "UTF-16 BE with BOM",
            key: "customers/utf16be.tsv",
            body: Buffer.from(Buffer.from("\uFEFFa\tb\n1\tMünchen\n", "utf16le").swap16()),
            expected: { promoted: { rows: 1, encoding: "utf-16be", firstRow: { a: "1", b: "München" } } },
        },
        {
            name: "NDJSON in Windows-1252",
            key: "events/latin1.ndjson",
            body: Buffer.from('{"city":"Bras\xedlia"}\n{"city":"Bel\xe9m"}\n', "latin1"),
            expected: { promoted: { rows: 2, encoding: "windows-1252", firstRow: { city: "Brasília" } } },
        },
        {
            name: "semicolon CSV with decimal commas and thousands dots (pt-BR, Olist-style export), Windows-1252",
            key: "olist/order_items.csv",
            body: Buffer.from("order_id;preço;frete;qtd;obs\n1;1.234,56;12,5;3;pão\n2;99,90;0,5;1;\n3;-7,25;1.000,0;2;x\n", "latin1"),
            expected: {
                promoted: {
                    rows: 3,
                    encoding: "windows-1252",
                    columns: { order_id: "BIGINT", preco: "DECIMAL(18,2)", frete: "DECIMAL(18,1)", qtd: "BIGINT", obs: "VARCHAR" },
                    firstRow: { order_id: "1", preco: "1234.56", frete: "12.5", qtd: "3", obs: "pão" },
                },
            },
        },
        {
            name: "semicolon CSV: dot decimals stay numbers, a column with one non-number stays text",
            key: "olist/mixed.csv",
            body: Buffer.from("a;b;c\n1;3.25;12,5\n2;4.5;n/a\n"),
            expected: { promoted: { rows: 2, columns: { a: "BIGINT", b: "DECIMAL(18,2)", c: "VARCHAR" }, firstRow: { a: "1", b: "3.25", c: "12,5" } } },
        },
        {
            name: "rows starting with '#' are data, not comments",
            key: "orders/hash.csv",
            body: Buffer.from("tag,n\n#a,1\n#b,2\nc,3\n"),
            expected: { promoted: { rows: 3, columns: { tag: "VARCHAR", n: "BIGINT" } } },
        },
        // ---- quarantined
        {
            name: "a ragged last row (the sniffer must not take it as the header)",
            key: "orders/ragged-tail.csv",
            body: Buffer.from("a,b\n1,2\nx,4,5\n"),
            expected: { quarantined: { reason: "malformed-csv", line: 3 } },
        },
        {
            name: "ragged row",
            key: "orders/ragged.csv",
            body: Buffer.from("a,b\n1,2\n3,4,5\n6,7\n"),
            expected: { quarantined: { reason: "malformed-csv", line: 3 } },
        },
        {
            name: "missing column",
            key: "orders/short.csv",
            body: Buffer.from("a,b\n1,2\n3\n"),
            expected: { quarantined: { reason: "malformed-csv", line: 3 } },
        },
        {
            name: "unterminated quote",
            key: "orders/unterminated.csv",
            body: Buffer.from('a,b\n1,"x\n2,3\n'),
            expected: { quarantined: { reason: "malformed-csv", line: 2 } },
        },
        {
            name: "ragged row past the sniffer's sample",
            key: "orders/ragged-late.csv",
            body: Buffer.from("a,b\n" + Array.from({ length: 30000 }, (_, i) => `${i},${i}`).join("\n") + "\n1,2,3\n"),
            expected: { quarantined: { reason: "malformed-csv", line: 30002 } },
        },
        {
            // DuckDB's JSON reader crashes the process (SIGSEGV) on this: it must never see it.
            name: "JSON nested 20,000 levels deep",
            key: "events/deep.ndjson",
            body: Buffer.from('{"id":1,"n":' + '{"a":'.repeat(20_000) + "1" + "}".repeat(20_000) + '}\n{"id":2,"n":null}\n'),
            expected: { quarantined: { reason: "too-deep" } },
        },
        // ---- encodings that are not UTF-8: quarantined only when no supported reading explains them
        {
            name: "UTF-8 and Latin-1 mixed in one file",
            key: "customers/mixed.csv",
            body: Buffer.concat([Buffer.from("a,b\n1,café\n"), Buffer.from("2,caf\xe9\n", "latin1")]),
            expected: { quarantined: { reason: "encoding" } },
        },
        {
            name: "not UTF-8, and a byte Windows-1252 leaves undefined",
            key: "customers/undefined-1252.csv",
            body: Buffer.from("a,b\n1,caf\xe9\n2,x\x81y\n", "latin1"),
            expected: { quarantined: { reason: "encoding", line: 3 } },
        },
        {
            name: "not UTF-8, and a control character",
            key: "customers/control.csv",
            body: Buffer.from("a,b\n1,\xe9\x01\n", "latin1"),
            expected: { quarantined: { reason: "encoding", line: 2 } },
        },
        {
            name: "UTF-16 with a BOM and an unpaired surrogate",
            key: "customers/utf16-surrogate.csv",
            body: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("a,b\n1,", "utf16le"), Buffer.from([0x00, 0xd8]), Buffer.from("x\n", "utf16le")]),
            expected: { quarantined: { reason: "encoding" } },
        },
        {
            name: "UTF-16 without a BOM (NUL bytes)",
            key: "customers/utf16-nobom.csv",
            body: Buffer.from("a,b\n1,2\n", "utf16le"),
            expected: { quarantined: { reason: "binary", line: undefined } },
        },
        { name: "empty file", key: "orders/empty.csv", body: Buffer.alloc(0), expected: { quarantined: { reason: "empty" } } },
        { name: "header only", key: "orders/header-only.csv", body: Buffer.from("a,b,c\n"), expected: { quarantined: { reason: "empty" } } },
        { name: "header only, no line break", key: "orders/header-no-newline.csv", body: Buffer.from("a,b,c"), expected: { quarantined: { reason: "empty" } } },
        { name: "empty JSON array", key: "events/empty.json", body: Buffer.from("[]"), expected: { quarantined: { reason: "empty" } } },
        {
            name: "JSON whose values are not objects",
            key: "events/scalars.json",
            body: Buffer.from("[1, 2, 3]"),
            expected: { quarantined: { reason: "malformed-json" } },
        },
        {
            name: "gzip inside gzip",
            key: "events/double.json.gz",
            body: gzipSync(gzipSync(ndjson(3))),
            expected: { quarantined: { reason: "unsupported-format" } },
        },
        { name: "JSON syntax error", key: "events/bad.json", body: Buffer.from('{"a":1}\n{"a":2,\n'), expected: { quarantined: { reason: "malformed-json" } } },
        {
            name: "truncated gzip",
            key: "orders/truncated.csv.gz",
            body: gzHex.subarray(0, Math.floor(gzHex.length / 2)),
            expected: { quarantined: { reason: "truncated-gzip" } },
        },
        {
            name: "gzip bomb (decompressed size over the cap)",
            key: "orders/bomb.csv.gz",
            body: gzipSync(Buffer.concat([Buffer.from("a\n"), Buffer.alloc(limits.maxDecompressedBytes + 1024, "1\n")])),
            expected: { quarantined: { reason: "decompression-limit" } },
        },
        { name: ".gz that is not gzip", key: "orders/fake.csv.gz", body: Buffer.from("a,b\n1,2\n"), expected: { quarantined: { reason: "corrupt-gzip" } } },
        {
            name: "unknown extension",
            key: "orders/report.xlsx",
            body: Buffer.from("PK\x03\x04 not really a spreadsheet"),
            expected: { quarantined: { reason: "unsupported-format" } },
        },
        { name: "binary garbage without extension", key: "misc/blob", body: noise(4096), expected: { quarantined: { reason: "binary" } } },
        {
            name: ".parquet that is not Parquet",
            key: "sales/broken.parquet",
            body: Buffer.from("a,b\n1,2\n"),
            expected: { quarantined: { reason: "malformed-parquet" } },
        },
        {
            name: "object over MAX_OBJECT_BYTES",
            key: "orders/too-big.csv",
            body: Buffer.from("a\n" + "1\n".repeat(limits.maxObjectBytes / 2 + 1)),
            expected: { quarantined: { reason: "too-large" } },
        },
    ];
}

/**
 * SQS message bodies that are not S3 events (a queue takes anything SendMessage sends): each must
 * fail only its own message (retried, then kept in the DLQ), never crash the batch or stop it.
 */
export const BAD_MESSAGE_BODIES: { name: string; body: string }[] = [
    { name: "null", body: "null" },
    { name: "a number", body: "42" },
    { name: "a string", body: '"a string"' },
    { name: "true", body: "true" },
    { name: "an empty array", body: "[]" },
    { name: "an array of objects", body: "[{}]" },
    { name: "an empty object", body: "{}" },
    { name: "Records null", body: '{"Records":null}' },
    { name: "Records an object", body: '{"Records":{}}' },
    { name: "Records of null and scalars", body: '{"Records":[null,7,"x",[]]}' },
    { name: "a record without a key", body: '{"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"size":1}}}]}' },
    { name: "a record without a bucket", body: '{"Records":[{"eventName":"ObjectCreated:Put","s3":{"object":{"key":"a/b.csv"}}}]}' },
    { name: "a record without eventName", body: '{"Records":[{"s3":{"bucket":{"name":"b"},"object":{"key":"a/b.csv"}}}]}' },
    { name: "a key that is not URL-encoded", body: '{"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"%E0%A4%A"}}}]}' },
    {
        name: "an eventTime that is not a date",
        body: '{"Records":[{"eventName":"ObjectCreated:Put","eventTime":"yesterday","s3":{"bucket":{"name":"b"},"object":{"key":"a/b.csv"}}}]}',
    },
    { name: "not JSON", body: "not an S3 event" },
    { name: "truncated JSON", body: '{"Records":[' },
    { name: "100,000 nested arrays", body: "[".repeat(100_000) + "]".repeat(100_000) },
];

/**
 * drop -> raw text encodings (encoding.ts) and decimal commas (exact-numbers.ts), unit level: which
 * encoding a head says, what the transcoded UTF-8 is, where a non-text byte is reported, and
 * which semicolon-file values count as decimal-comma numbers.
 */
import { expect } from "chai";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { convertFile } from "../../functions/drop-to-raw/convert";
import { DECIMAL_COMMA_NUMBER } from "../../functions/drop-to-raw/exact-numbers";
import { sniffEncoding, transcodeToUtf8 } from "../../functions/drop-to-raw/encoding";
import { BadInputError } from "../../functions/shared/errors";

describe("drop -> raw: encodings", () => {
    let dir: string;
    before(async () => {
        dir = await mkdtemp(path.join(tmpdir(), "encoding-test-"));
    });

    it("sniffs UTF-16 by its BOM, UTF-8 when it decodes, Windows-1252 otherwise", () => {
        const cases: [Buffer, string][] = [
            [Buffer.from([0xff, 0xfe, 0x61, 0x00]), "utf-16le"],
            [Buffer.from([0xfe, 0xff, 0x00, 0x61]), "utf-16be"],
            [Buffer.from("\uFEFFa,é\n"), "utf-8"],
            [Buffer.from("plain ascii"), "utf-8"],
            [Buffer.alloc(0), "utf-8"],
            // A character cut by the end of the sample is still UTF-8.
            [Buffer.from("café").subarray(0, 4), "utf-8"],
            [Buffer.from("caf\xe9!", "latin1"), "windows-1252"],
            // A lead byte at the very end may be a character cut by the sample: UTF-8 for now
            // (DuckDB reports the file if it is not, and it is read again as Windows-1252).
            [Buffer.from("caf\xe9", "latin1"), "utf-8"],
            [Buffer.from([0xff]), "windows-1252"],
            [Buffer.from([0xfe]), "windows-1252"],
            // NUL without a BOM: left to the format check, which calls it binary.
            [Buffer.from([0x61, 0x00, 0xe9]), "utf-8"],
        ];
        expect(cases.map(([head]) => sniffEncoding(head))).to.deep.equal(cases.map(([, e]) => e));
    });

    async function transcode(body: Buffer, encoding: "utf-16le" | "utf-16be" | "windows-1252"): Promise<string> {
        const src = path.join(dir, "src");
        const dst = path.join(dir, "dst");
        await writeFile(src, body);
        await transcodeToUtf8(src, dst, encoding);
        return readFile(dst, "utf8");
    }

    async function transcodeError(body: Buffer, encoding: "utf-16le" | "utf-16be" | "windows-1252"): Promise<BadInputError> {
        try {
            await transcode(body, encoding);
        } catch (e) {
            expect(e).to.be.instanceOf(BadInputError);
            return e as BadInputError;
        }
        throw new Error("transcoded");
    }

    it("transcodes to UTF-8 without the BOM", async () => {
        expect(await transcode(Buffer.from("\uFEFFa,ç\n", "utf16le"), "utf-16le")).to.equal("a,ç\n");
        expect(await transcode(Buffer.from("\uFEFFx😀\n", "utf16le").swap16(), "utf-16be")).to.equal("x😀\n");
        expect(await transcode(Buffer.from("\x80\x93\x94\x96\xe9\xff\t\r\n", "latin1"), "windows-1252")).to.equal("€“”–éÿ\t\r\n");
    });

    it("keeps characters cut by the 1 MiB read chunks", async () => {
        const body = Buffer.from("é".repeat(700_000), "utf16le");
        expect(await transcode(Buffer.concat([Buffer.from([0xff, 0xfe]), body]), "utf-16le")).to.equal("é".repeat(700_000));
    });

    it("rejects what is not the encoding's text, naming the line", async () => {
        const undefinedByte = await transcodeError(Buffer.from("a\nb\nc\x81\n", "latin1"), "windows-1252");
        expect({ reason: undefinedByte.reason, location: undefinedByte.location, message: undefinedByte.message }).to.deep.equal({
            reason: "encoding",
            location: { line: 3, offset: 0 },
            message: "neither UTF-8 nor Windows-1252 text (U+0081 on line 3)",
        });
        for (const control of [0x00, 0x01, 0x08, 0x0b, 0x0c, 0x0e, 0x1f]) {
            expect((await transcodeError(Buffer.from([0x61, 0xe9, control]), "windows-1252")).message, String(control)).to.match(
                /^neither UTF-8 nor Windows-1252/,
            );
        }
        for (const undef of [0x81, 0x8d, 0x8f, 0x90, 0x9d]) {
            expect((await transcodeError(Buffer.from([0xe9, undef]), "windows-1252")).reason, String(undef)).to.equal("encoding");
        }
        const mixed = await transcodeError(Buffer.concat([Buffer.from("é\n"), Buffer.from("\xe9\n", "latin1")]), "windows-1252");
        expect(mixed.message).to.match(/^mixed encodings/);
        const surrogate = await transcodeError(Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x00, 0xd8, 0x62, 0x00]), "utf-16le");
        expect(surrogate.message).to.match(/^not valid UTF-16LE/);
        const odd = await transcodeError(Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x62]), "utf-16le");
        expect(odd.message).to.equal("not valid UTF-16LE: the file ends inside a character");
    });

    it("convertFile records the encoding it read", async () => {
        const run = async (name: string, body: Buffer) => {
            const input = path.join(dir, name);
            await writeFile(input, body);
            return convertFile(input, `${input}.parquet`, { sourceKey: `d/${name}`, maxDecompressedBytes: 1024 ** 3 });
        };
        expect((await run("u.csv", Buffer.from("a\n1\n"))).encoding).to.equal("utf-8");
        expect((await run("w.csv", Buffer.from("a\n\xe9\n", "latin1"))).encoding).to.equal("windows-1252");
        expect((await run("l.csv", Buffer.from("\uFEFFa\nb\n", "utf16le"))).encoding).to.equal("utf-16le");
        // Invalid UTF-8 past the 64 KiB head, in NDJSON: found by DuckDB, then read as Windows-1252.
        const lines = Array.from({ length: 8000 }, (_, i) => JSON.stringify({ i, s: "abcdefgh" })).join("\n");
        const late = await run("late.ndjson", Buffer.concat([Buffer.from(lines + "\n"), Buffer.from('{"i":-1,"s":"caf\xe9"}\n', "latin1")]));
        expect({ encoding: late.encoding, rows: late.rowCount }).to.deep.equal({ encoding: "windows-1252", rows: 8001 });
    });
});

describe("drop -> raw: decimal commas", () => {
    const number = new RegExp(`^(?:${DECIMAL_COMMA_NUMBER.replace(/\\\\/g, "\\")})$`);

    it("matches decimal-comma numbers with optional thousands dots, and nothing else", () => {
        const yes = ["0", "7", "-7", "+7", "12,5", "1234,5", "1.234", "1.234,56", "12.345.678,9", "-1.000,0", "0,001", "999.999"];
        const no = ["", ",5", "12,", "1.23,4", "1.2345", "1..234", "1,234,5", "12.5,0", "1.234.5", "1 234,5", "1e5", "abc", "--1", "1,2.3", ".5", "1.", "١٢"];
        expect(
            yes.filter((v) => !number.test(v)),
            "should match",
        ).to.deep.equal([]);
        expect(
            no.filter((v) => number.test(v)),
            "should not match",
        ).to.deep.equal([]);
    });

    it("only semicolon files, only columns with a decimal comma in some value, blanks and NULLs allowed", async () => {
        const dir = await mkdtemp(path.join(tmpdir(), "decimal-test-"));
        const run = async (name: string, body: string) => {
            const input = path.join(dir, name);
            await writeFile(input, body);
            const result = await convertFile(input, `${input}.parquet`, { sourceKey: `d/${name}`, maxDecompressedBytes: 1024 ** 3 });
            return Object.fromEntries(result.columns.map((c) => [c.name, c.type]));
        };
        expect(await run("s.csv", "a;b;c;d\n 1,5 ;1.234;x;\n2;5.678;y;3,25\n;9.999;z;\n")).to.deep.equal({
            // Exact decimals with the scale seen (exact-numbers.ts), never DOUBLE.
            a: "DECIMAL(18,1)",
            b: "DECIMAL(18,3)",
            c: "VARCHAR",
            d: "DECIMAL(18,2)",
        });
        // The same values comma- or tab-separated: a quoted "1,5" is text there (1,5 may mean 15 in en-US).
        expect(await run("c.csv", 'a,b\n"1,5",x\n"2,5",y\n')).to.deep.equal({ a: "VARCHAR", b: "VARCHAR" });
        expect(await run("t.tsv", "a\tb\n1,5\tx\n")).to.deep.equal({ a: "VARCHAR", b: "VARCHAR" });
        // Grouped thousands without any decimal comma: maybe an id, kept as text.
        expect(await run("ids.csv", "id;n\n1.234.567;1\n2.345.678;2\n")).to.deep.equal({ id: "VARCHAR", n: "BIGINT" });
    });
});

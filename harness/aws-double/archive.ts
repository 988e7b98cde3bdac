/**
 * Pulumi assets and archives as the provider receives them (plain JSON with the SDK's signature
 * keys), turned into what an AWS API takes: a file's bytes (S3 PutObject) or a .zip (Lambda
 * CreateFunction / PublishLayerVersion). The zip writer is the format's minimum (deflated entries,
 * no zip64): Lambda's own limits (50 MB zipped through the API) stay far below zip64's.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { crc32, deflateRawSync } from "node:zlib";

/** The SDK's special signature key and the values that mark an asset or an archive. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";

type Serialized = Record<string, any>;

/** Whether a provider input is a serialized asset (`kind` asset) or archive. */
export function assetKind(v: unknown): "asset" | "archive" | undefined {
    const sig = v && typeof v === "object" ? (v as Serialized)[SIG_KEY] : undefined;
    return sig === ASSET_SIG ? "asset" : sig === ARCHIVE_SIG ? "archive" : undefined;
}

/** The bytes of a serialized FileAsset or StringAsset. */
export function assetBytes(asset: Serialized): Buffer {
    if (typeof asset.text === "string") return Buffer.from(asset.text, "utf8");
    if (typeof asset.path === "string") return fs.readFileSync(asset.path);
    throw new Error(`asset without text or path (remote assets are not supported): ${JSON.stringify(asset).slice(0, 200)}`);
}

/** Every file of a serialized archive, by its path inside the archive. */
export function archiveFiles(archive: Serialized, prefix = ""): Map<string, () => Buffer> {
    const files = new Map<string, () => Buffer>();
    const addDir = (dir: string, under: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            const name = `${under}${entry.name}`;
            if (entry.isDirectory()) addDir(full, `${name}/`);
            else if (entry.isFile()) files.set(name, () => fs.readFileSync(full));
        }
    };
    if (archive.assets) {
        for (const [name, member] of Object.entries(archive.assets as Record<string, Serialized>)) {
            if (assetKind(member) === "archive") for (const [n, read] of archiveFiles(member, `${prefix}${name}/`)) files.set(n, read);
            else files.set(`${prefix}${name}`, () => assetBytes(member));
        }
    } else if (typeof archive.path === "string" && fs.statSync(archive.path).isDirectory()) {
        addDir(archive.path, prefix);
    } else {
        throw new Error(`archive kind not supported here (only asset maps and folders): ${JSON.stringify(archive).slice(0, 200)}`);
    }
    return files;
}

/** A .zip of the files (sorted, fixed timestamps: the same archive gives the same bytes). */
export function zip(files: Map<string, () => Buffer>): Buffer {
    const local: Buffer[] = [];
    const central: Buffer[] = [];
    let offset = 0;
    const dosDate = ((1980 - 1980) << 9) | (1 << 5) | 1;
    for (const name of [...files.keys()].sort()) {
        const data = files.get(name)!();
        const packed = deflateRawSync(data, { level: 1 });
        const nameBytes = Buffer.from(name, "utf8");
        const crc = crc32(data);
        // The fields a local header repeats in its central directory entry: version needed .. name length.
        const writeShared = (b: Buffer, at: number) => {
            b.writeUInt16LE(20, at); // version needed
            b.writeUInt16LE(0x0800, at + 2); // UTF-8 names
            b.writeUInt16LE(8, at + 4); // deflate
            b.writeUInt16LE(0, at + 6); // time 00:00
            b.writeUInt16LE(dosDate, at + 8);
            b.writeUInt32LE(crc, at + 10);
            b.writeUInt32LE(packed.length, at + 14);
            b.writeUInt32LE(data.length, at + 18);
            b.writeUInt16LE(nameBytes.length, at + 22);
        };
        const header = Buffer.alloc(30); // extra field length (28) stays 0
        header.writeUInt32LE(0x04034b50, 0);
        writeShared(header, 4);
        local.push(header, nameBytes, packed);
        const entry = Buffer.alloc(46);
        entry.writeUInt32LE(0x02014b50, 0);
        entry.writeUInt16LE(0x031e, 4); // made by: unix, 3.0
        writeShared(entry, 6);
        entry.writeUInt32LE((0o100644 << 16) >>> 0, 38); // -rw-r--r--
        entry.writeUInt32LE(offset, 42);
        central.push(entry, nameBytes);
        offset += header.length + nameBytes.length + packed.length;
    }
    const centralSize = central.reduce((n, b) => n + b.length, 0);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(files.size, 8);
    end.writeUInt16LE(files.size, 10);
    end.writeUInt32LE(centralSize, 12);
    end.writeUInt32LE(offset, 16);
    return Buffer.concat([...local, ...central, end]);
}

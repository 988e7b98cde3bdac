/**
 * A minimal client for AWS services that speak the JSON 1.1 protocol (KMS, Glue), for the local
 * lake only: the project installs no @aws-sdk/client-kms or client-glue (package.json is shared and
 * pinned), so requests are signed with the SDK's own SigV4 signer (@smithy/signature-v4, already
 * in node_modules as a dependency of every SDK client) and sent with fetch. The emulator reads the
 * region from the signature's credential scope, so signing is what puts resources in the right region.
 */
import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";

export interface JsonServiceConfig {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

const bytes = (d: SourceData): string | Buffer =>
    typeof d === "string" ? d : ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d);

/** SigV4's hash constructor (`new Sha256(secret?)`: HMAC when given a secret) over node:crypto. */
class Sha256 {
    private readonly hash;
    constructor(secret?: SourceData) {
        this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
    }
    update(data: SourceData): void {
        this.hash.update(bytes(data));
    }
    async digest(): Promise<Uint8Array> {
        return new Uint8Array(this.hash.digest());
    }
}

export class AwsJsonError extends Error {
    constructor(readonly service: string, readonly action: string, readonly code: string, message: string) {
        super(`${service}.${action}: ${code}: ${message}`);
    }
}

/** Calls `action` of a JSON 1.1 service: `target` is the X-Amz-Target prefix, e.g. `TrentService`. */
export function jsonService(config: JsonServiceConfig, signingName: string, target: string) {
    const signer = new SignatureV4({ service: signingName, region: config.region, credentials: config.credentials, sha256: Sha256 });
    const url = new URL(config.endpoint);
    return async function call<T = Record<string, any>>(action: string, input: object): Promise<T> {
        const body = JSON.stringify(input);
        const signed = await signer.sign({
            method: "POST",
            protocol: url.protocol,
            hostname: url.hostname,
            port: url.port ? Number(url.port) : undefined,
            path: "/",
            headers: {
                host: url.host,
                "content-type": "application/x-amz-json-1.1",
                "x-amz-target": `${target}.${action}`,
            },
            body,
        });
        const res = await fetch(new URL("/", url), { method: "POST", headers: signed.headers, body });
        const text = await res.text();
        const parsed = text ? JSON.parse(text) : {};
        if (!res.ok) {
            const code = String(parsed.__type ?? res.status).split("#").pop()!;
            throw new AwsJsonError(signingName, action, code, parsed.message ?? parsed.Message ?? text);
        }
        return parsed as T;
    };
}

export const kmsClient = (config: JsonServiceConfig) => jsonService(config, "kms", "TrentService");
export const glueClient = (config: JsonServiceConfig) => jsonService(config, "glue", "AWSGlue");

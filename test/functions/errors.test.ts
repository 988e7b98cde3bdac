/**
 * functions/shared/errors: what is retried (an allowlist of transient and infrastructure errors),
 * what is acked, and what is quarantined with which reason. Errors are built in the shapes the
 * AWS SDK v3, Node sockets and DuckDB really throw.
 */
import { expect } from "chai";
import { S3ServiceException } from "@aws-sdk/client-s3";
import { BadInputError, ErrorClass, asBadInput, classifyError, isTransient } from "../../functions/shared/errors";

/** An S3 service error as the SDK deserialises it. */
const aws = (name: string, status: number, fault: "client" | "server" = status >= 500 ? "server" : "client") =>
    new S3ServiceException({ name, $fault: fault, $metadata: { httpStatusCode: status }, message: `${name} happened` });
const named = (name: string) => Object.assign(new Error(`${name} happened`), { name });
const coded = (code: string) => Object.assign(new Error(`socket: ${code}`), { code });

describe("functions/shared/errors: classifyError", () => {
    const table: [string, unknown, ErrorClass][] = [
        ["BadInputError", new BadInputError("empty", "x"), "bad-input"],
        ["NoSuchKey", aws("NoSuchKey", 404), "gone"],
        ["NoSuchVersion", aws("NoSuchVersion", 404), "gone"],
        ["NotFound (HeadObject)", aws("NotFound", 404), "gone"],
        ["PreconditionFailed (IfMatch)", aws("PreconditionFailed", 412), "changed"],
        ["SlowDown 503", aws("SlowDown", 503), "transient"],
        ["ThrottlingException 400", aws("ThrottlingException", 400), "transient"],
        ["TooManyRequestsException", aws("TooManyRequestsException", 400), "transient"],
        ["429 of any name", aws("Whatever", 429), "transient"],
        ["InternalError 500", aws("InternalError", 500), "transient"],
        ["502", aws("BadGateway", 502), "transient"],
        ["599 is still 5xx", aws("Odd", 599, "client"), "transient"],
        ["server fault without a status", Object.assign(new Error("x"), { name: "Weird", $fault: "server", $metadata: {} }), "transient"],
        ["$retryable", Object.assign(new Error("x"), { name: "Weird", $retryable: {} }), "transient"],
        ["SDK TimeoutError", named("TimeoutError"), "transient"],
        ["RequestTimeout", aws("RequestTimeout", 400), "transient"],
        ["InternalError without metadata", named("InternalError"), "transient"],
        ["ServiceUnavailable", named("ServiceUnavailable"), "transient"],
        ["KMSInternalException", named("KMSInternalException"), "transient"],
        ["ECONNRESET", coded("ECONNRESET"), "transient"],
        ["ETIMEDOUT", coded("ETIMEDOUT"), "transient"],
        ["EPIPE", coded("EPIPE"), "transient"],
        ["ECONNABORTED", coded("ECONNABORTED"), "transient"],
        ["EAI_AGAIN", coded("EAI_AGAIN"), "transient"],
        ["premature close of a body stream", coded("ERR_STREAM_PREMATURE_CLOSE"), "transient"],
        ["transient cause", Object.assign(new Error("wrapped"), { cause: coded("ECONNRESET") }), "transient"],
        ["AccessDenied 403", aws("AccessDenied", 403), "infrastructure"],
        ["AccessDeniedException", aws("AccessDeniedException", 400), "infrastructure"],
        ["NoSuchBucket", aws("NoSuchBucket", 404), "infrastructure"],
        ["KMS.DisabledException", aws("KMS.DisabledException", 400), "infrastructure"],
        ["InvalidAccessKeyId", aws("InvalidAccessKeyId", 403), "infrastructure"],
        ["ExpiredToken", aws("ExpiredToken", 400), "infrastructure"],
        ["CredentialsProviderError", named("CredentialsProviderError"), "infrastructure"],
        [
            "DuckDB Not implemented",
            new Error("Not implemented Error: The Parallel CSV Reader currently does not support a full read on this file."),
            "deterministic",
        ],
        ["DuckDB INTERNAL", new Error("INTERNAL Error: Attempted to access index 3 within vector of size 3"), "deterministic"],
        ["DuckDB Out of Memory", new Error("Out of Memory Error: could not allocate block of size 256 KiB (1.2 GiB/1.2 GiB used)"), "deterministic"],
        ["ENOSPC", Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" }), "deterministic"],
        ["TypeError", new TypeError("Cannot read properties of undefined (reading 'x')"), "deterministic"],
        ["RangeError", new RangeError("Invalid time value"), "deterministic"],
        ["other client error", aws("InvalidArgument", 400), "deterministic"],
        ["AbortError is not transient", named("AbortError"), "deterministic"],
        ["a thrown string", "boom", "deterministic"],
        ["null", null, "deterministic"],
        ["undefined", undefined, "deterministic"],
    ];
    // Every name and code of the allowlists, as the SDK or Node would set it.
    for (const name of [
        "InternalError",
        "InternalFailure",
        "InternalServerError",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "KMSInternalException",
    ]) {
        table.push([`${name} (name only)`, named(name), "transient"]);
    }
    for (const code of [
        "ECONNRESET",
        "ECONNREFUSED",
        "ECONNABORTED",
        "EPIPE",
        "ETIMEDOUT",
        "EAI_AGAIN",
        "ENOTFOUND",
        "EHOSTUNREACH",
        "ENETUNREACH",
        "ERR_STREAM_PREMATURE_CLOSE",
    ]) {
        table.push([`code ${code}`, coded(code), "transient"], [`name ${code}`, named(code), "transient"]);
    }
    for (const name of [
        "AccessDenied",
        "AccessDeniedException",
        "AllAccessDisabled",
        "InvalidAccessKeyId",
        "SignatureDoesNotMatch",
        "ExpiredToken",
        "ExpiredTokenException",
        "CredentialsProviderError",
        "NoSuchBucket",
        "InvalidBucketState",
        "KMS.NotFoundException",
    ]) {
        table.push([`${name} (name only)`, named(name), "infrastructure"]);
    }
    table.push(
        ["500 with a client fault", aws("Odd", 500, "client"), "transient"],
        ["429 with a client fault", aws("Odd", 429, "client"), "transient"],
        ["a name that only contains KMS.", named("NotKMS.Thing"), "deterministic"],
        ["an error named undefined", named("undefined"), "deterministic"],
    );
    for (const [name, err, expected] of table) {
        it(`${name} -> ${expected}`, () => expect(classifyError(err)).to.equal(expected));
    }

    it("isTransient is false for non-objects and plain errors", () => {
        expect([undefined, null, "ECONNRESET", 503, new Error("ECONNRESET")].map(isTransient)).to.deep.equal([false, false, false, false, false]);
        expect(isTransient(aws("X", 500))).to.equal(true);
        expect(isTransient(aws("X", 499, "client"))).to.equal(false);
        expect(isTransient(aws("X", 600, "client"))).to.equal(false);
        expect(isTransient(aws("X", 428, "client"))).to.equal(false);
        expect(isTransient(aws("X", 430, "client"))).to.equal(false);
    });
});

describe("functions/shared/errors: asBadInput", () => {
    it("returns a BadInputError as it is", () => {
        const err = new BadInputError("encoding", "x", { line: 2 }, "csv");
        expect(asBadInput(err)).to.equal(err);
    });

    it("is undefined for what is retried or acked", () => {
        for (const err of [aws("SlowDown", 503), aws("AccessDenied", 403), aws("NoSuchKey", 404), aws("PreconditionFailed", 412), coded("ECONNRESET")]) {
            expect(asBadInput(err), String(err)).to.equal(undefined);
        }
    });

    it("names DuckDB errors engine-error with their first line", () => {
        const bad = asBadInput(new Error("INTERNAL Error: Attempted to access index 3\nThis error signals an assertion failure within DuckDB."))!;
        expect(bad).to.be.instanceOf(BadInputError);
        expect({ reason: bad.reason, message: bad.message, location: bad.location }).to.deep.equal({
            reason: "engine-error",
            message: "INTERNAL Error: Attempted to access index 3",
            location: {},
        });
        expect(asBadInput(new Error("Not implemented Error: x"))!.reason).to.equal("engine-error");
        expect(asBadInput(new Error("Parser Error: syntax error at or near"))!.reason).to.equal("engine-error");
    });

    it("names memory and disk exhaustion resource-limit", () => {
        expect(asBadInput(new Error("Out of Memory Error: failed to allocate"))!.reason).to.equal("resource-limit");
        expect(asBadInput(Object.assign(new Error("write failed"), { code: "ENOSPC" }))!.reason).to.equal("resource-limit");
        expect(asBadInput(new Error("IO Error: No space left on device"))!.reason).to.equal("resource-limit");
    });

    it("BadInputError keeps its name, reason, location and format", () => {
        const err = new BadInputError("encoding", "bad bytes", { line: 3, offset: 9 }, "csv");
        expect({ name: err.name, reason: err.reason, location: err.location, format: err.format, message: err.message }).to.deep.equal({
            name: "BadInputError",
            reason: "encoding",
            location: { line: 3, offset: 9 },
            format: "csv",
            message: "bad bytes",
        });
        expect(new BadInputError("empty", "x").location).to.deep.equal({});
    });

    it("a DuckDB error type counts only at the start of the message", () => {
        expect(asBadInput(new Error("wrapped: Not implemented Error: x"))!.reason).to.equal("processing-error");
        expect(asBadInput(new Error("Not implemented Error x"))!.reason).to.equal("processing-error");
    });

    it("does not repeat a name the message already starts with", () => {
        expect(asBadInput(new TypeError("TypeError: already named"))!.message).to.equal("TypeError: already named");
        expect(asBadInput(new TypeError("ends with TypeError:"))!.message).to.equal("TypeError: ends with TypeError:");
    });

    it("names anything else processing-error, keeping the error's name", () => {
        expect(asBadInput(new TypeError("x is not a function"))).to.deep.include({ reason: "processing-error", message: "TypeError: x is not a function" });
        expect(asBadInput(new Error("plain"))).to.deep.include({ reason: "processing-error", message: "plain" });
        expect(asBadInput("boom")).to.deep.include({ reason: "processing-error", message: "boom" });
        expect(asBadInput(aws("InvalidArgument", 400))).to.deep.include({ reason: "processing-error", message: "InvalidArgument: InvalidArgument happened" });
    });

    it("cuts long messages to 500 characters", () => {
        expect(asBadInput(new Error("x".repeat(2000)))!.message).to.have.length(500);
    });
});

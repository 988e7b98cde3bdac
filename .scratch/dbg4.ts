import { S3ServiceException } from "@aws-sdk/client-s3";
import { isThrottlingError, isTransientError } from "@smithy/core/retry";
const e = new S3ServiceException({ name: "Odd", $fault: "client", $metadata: { httpStatusCode: 599 }, message: "x" });
console.log(isThrottlingError(e as never), isTransientError(e as never), (e as any).$retryable, e.$metadata);
const f = Object.assign(new Error("x"), { name: "Weird", $fault: "server", $metadata: {} });
console.log(isThrottlingError(f as never), isTransientError(f as never));

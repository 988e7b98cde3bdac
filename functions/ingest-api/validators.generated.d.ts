// Types of validators.generated.js (written by build-validators.ts).
import type { ErrorObject } from "ajv";
import type { IngestRoute } from "../../lib/contract";

export interface ValidateFunction {
    /** `instancePath` prefixes every error path (used for items of a batch). */
    (data: unknown, options?: { instancePath?: string }): boolean;
    errors?: ErrorObject[] | null;
}

declare const validators: Record<IngestRoute, ValidateFunction>;
export = validators;

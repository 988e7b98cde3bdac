/** The local lake resolves the function an event source names, bare or through its alias (local/graph.ts). */
import { expect } from "chai";
import type { RecordedResource } from "../../harness/program";
import { functionNamed } from "../../local/graph";

const ARN = "arn:aws:lambda:eu-west-1:123456789012:function:datalake-dev-drop-to-raw";
const fn = {
    type: "aws:lambda/function:Function",
    name: "lake-drop-to-raw-function",
    urn: "urn:fn",
    props: {},
    outputs: { name: "datalake-dev-drop-to-raw", arn: ARN },
} as unknown as RecordedResource;
const other = { ...fn, urn: "urn:other", outputs: { name: "datalake-dev-drop-to-raw-2", arn: `${ARN}-2` } } as RecordedResource;

describe("local lake: which function an event source invokes", () => {
    it("reads names, ARNs, alias and version ARNs, and invoke ARNs", () => {
        for (const ref of [
            "datalake-dev-drop-to-raw",
            "datalake-dev-drop-to-raw:live",
            ARN,
            `${ARN}:live`,
            `${ARN}:3`,
            `${ARN}:$LATEST`,
            `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${ARN}:live/invocations`,
        ]) {
            expect(functionNamed(ref, [other, fn])?.urn, ref).to.equal("urn:fn");
        }
    });
    it("nothing for another service's ARN, an unknown function or no reference", () => {
        expect(functionNamed("arn:aws:sqs:eu-west-1:123456789012:q", [fn])).to.equal(undefined);
        expect(functionNamed(`${ARN}-9:live`, [fn])).to.equal(undefined);
        expect(functionNamed(undefined, [fn])).to.equal(undefined);
    });
});

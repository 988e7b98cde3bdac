/** policy/iam-grammar.ts on small documents: which conditions each shape breaks, per document kind. */
import { expect } from "chai";
import { DocumentKind, grammarIssues } from "../../policy/iam-grammar";

const ROLE_POLICY = { Sid: "ReadDrop", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::lake-drop/*" };
const TRUST = { Sid: "LambdaAssumeRole", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" };
const KEY_POLICY = { Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" };
const GOOD: Record<DocumentKind, object> = { identity: ROLE_POLICY, trust: TRUST, resource: KEY_POLICY };

const conditions = (kind: DocumentKind, ...Statement: object[]) =>
    grammarIssues({ Version: "2012-10-17", Statement }, kind)
        .map((i) => i.condition)
        .sort();

describe("policy/iam-grammar: grammarIssues", () => {
    for (const [kind, statement] of Object.entries(GOOD) as [DocumentKind, object][]) {
        it(`a well-formed ${kind} policy has no issue, its Statement a list or one object`, () => {
            expect(conditions(kind, statement)).to.deep.equal([]);
            expect(grammarIssues({ Version: "2012-10-17", Statement: statement }, kind)).to.deep.equal([]);
        });
    }

    it("Version 2012-10-17 and a non-empty Statement of objects", () => {
        expect(grammarIssues({ Statement: [ROLE_POLICY] }, "identity").map((i) => i.condition)).to.deep.equal(["version"]);
        expect(grammarIssues({ Version: "2008-10-17", Statement: [ROLE_POLICY] }, "identity").map((i) => i.condition)).to.deep.equal(["version"]);
        expect(conditions("identity")).to.deep.equal(["statement"]);
        expect(conditions("identity", "ReadDrop" as unknown as object)).to.deep.equal(["statement"]);
        expect(grammarIssues({ Version: "2012-10-17" }, "identity").map((i) => i.condition)).to.deep.equal(["statement"]);
    });

    it("Sids: letters and digits only, unique within the document; absent or empty is fine", () => {
        for (const sid of ["Vpc-flow-logsAssumeRole", "Read zone", "a_b", 7])
            expect(conditions("identity", { ...ROLE_POLICY, Sid: sid }), String(sid)).to.deep.equal(["sid-characters"]);
        expect(conditions("identity", { ...ROLE_POLICY, Sid: "" }, { ...ROLE_POLICY, Sid: "" })).to.deep.equal([]);
        expect(conditions("identity", ROLE_POLICY, { ...ROLE_POLICY, Action: "s3:PutObject" })).to.deep.equal(["sid-unique"]);
        const { Sid: _, ...noSid } = ROLE_POLICY;
        expect(conditions("identity", noSid, noSid)).to.deep.equal([]);
    });

    it("Effect Allow or Deny, exactly", () => {
        for (const effect of ["allow", "Permit", undefined])
            expect(conditions("identity", { ...ROLE_POLICY, Effect: effect }), String(effect)).to.deep.equal(["effect"]);
    });

    it("exactly one of Action and NotAction, each entry * or service:Action", () => {
        expect(conditions("identity", { ...ROLE_POLICY, Action: ["*", "s3:Get*", "execute-api:Invoke", "s3:?etObject"] })).to.deep.equal([]);
        for (const action of ["GetObject", "s3:", "s3:Get Object", [], [7]]) {
            expect(conditions("identity", { ...ROLE_POLICY, Action: action }), JSON.stringify(action)).to.deep.equal(["action-form"]);
        }
        expect(conditions("identity", { ...ROLE_POLICY, NotAction: "iam:*" })).to.deep.equal(["action-form"]);
        const { Action: _, ...noAction } = ROLE_POLICY;
        expect(conditions("identity", noAction)).to.deep.equal(["action-form"]);
        expect(conditions("identity", { ...noAction, NotAction: "iam:*" })).to.deep.equal([]);
    });

    it("principals: * or a map of AWS, Service, Federated, CanonicalUser to strings; only outside identity policies, and there required", () => {
        for (const principal of [
            "*",
            { AWS: "*" },
            { AWS: ["a", "b"], Service: "s3.amazonaws.com" },
            { Federated: "cognito-identity.amazonaws.com" },
            { CanonicalUser: "79a5" },
        ]) {
            expect(conditions("resource", { ...KEY_POLICY, Principal: principal }), JSON.stringify(principal)).to.deep.equal([]);
        }
        for (const principal of ["lambda.amazonaws.com", { IAM: "x" }, { AWS: 123 }, { AWS: [] }, {}, ["*"]]) {
            expect(conditions("resource", { ...KEY_POLICY, Principal: principal }), JSON.stringify(principal)).to.deep.equal(["principal-form"]);
        }
        expect(conditions("identity", { ...ROLE_POLICY, Principal: "*" })).to.deep.equal(["principal-placement"]);
        const { Principal: _, ...noPrincipal } = TRUST;
        expect(conditions("trust", noPrincipal)).to.deep.equal(["principal-placement"]);
        expect(conditions("trust", { ...noPrincipal, NotPrincipal: { AWS: "x" } })).to.deep.equal([]);
        expect(conditions("resource", { ...KEY_POLICY, NotPrincipal: { AWS: "x" } })).to.deep.equal(["principal-placement"]);
    });

    it("resources: none in a trust policy, exactly one of Resource and NotResource elsewhere", () => {
        expect(conditions("trust", { ...TRUST, Resource: "*" })).to.deep.equal(["resource-placement"]);
        const { Resource: _, ...noResource } = ROLE_POLICY;
        expect(conditions("identity", noResource)).to.deep.equal(["resource-placement"]);
        expect(conditions("identity", { ...noResource, NotResource: "arn:aws:s3:::x" })).to.deep.equal([]);
        expect(conditions("resource", { ...KEY_POLICY, NotResource: "arn:aws:kms:eu-west-1:123456789012:key/x" })).to.deep.equal(["resource-placement"]);
    });

    it("names the statement by its Sid, or by its index when the Sid is missing or invalid", () => {
        expect(grammarIssues({ Version: "2012-10-17", Statement: [{ ...ROLE_POLICY, Effect: "allow" }] }, "identity")[0].message).to.match(
            /^statement 'ReadDrop' /,
        );
        expect(grammarIssues({ Version: "2012-10-17", Statement: [ROLE_POLICY, { ...ROLE_POLICY, Sid: "a-b" }] }, "identity")[0].message).to.match(
            /^statement 1 has Sid "a-b"/,
        );
    });
});

/**
 * Canaries of iam-policy-grammar (policy/iam-grammar.ts): each breaks the grammar of one document
 * of the fixture lake (a role policy, a trust policy, a key, bucket, queue or topic policy) in one
 * way, so exactly that condition fires on that resource. pack.test.ts runs them with the others.
 */
import { BadCanary, Canary } from "./canaries";
import { Lake } from "./fixtures";

type Doc = { Version?: unknown; Statement: any[] };

/** Edits the JSON document in `prop` (default `policy`) of `name`. */
const editDocument = (lake: Lake, name: string, fn: (doc: Doc) => void, prop = "policy") => {
    const doc = JSON.parse(lake.props(name)[prop]);
    fn(doc);
    lake.props(name)[prop] = JSON.stringify(doc);
};

const canary = (condition: string, change: string, flags: string, edit: (doc: Doc) => void, prop?: string): BadCanary => ({
    rule: "iam-policy-grammar",
    condition,
    case: change,
    flags,
    change: (l) => editDocument(l, flags, edit, prop),
});

export const grammarCanaries: BadCanary[] = [
    canary(
        "sid-characters",
        "a trust policy Sid named after a hyphenated service (Vpc-flow-logsAssumeRole)",
        "drop-processor-role",
        (d) => (d.Statement[0].Sid = "Vpc-flow-logsAssumeRole"),
        "assumeRolePolicy",
    ),
    canary("sid-characters", "a role policy Sid with a space", "drop-processor-policy", (d) => (d.Statement[0].Sid = "Read zone")),
    canary("sid-unique", "two key policy statements with one Sid", "drop-key", (d) => (d.Statement[1].Sid = d.Statement[0].Sid)),
    canary("version", "a bucket policy of the 2008 language", "drop-bucket-policy", (d) => (d.Version = "2008-10-17")),
    canary("version", "a role policy without a Version", "drop-processor-policy", (d) => delete d.Version),
    canary("statement", "a queue policy with an empty Statement", "drop-queue-policy", (d) => (d.Statement = [])),
    canary("effect", "a topic policy statement with Effect allow (lower case)", "alarms-policy", (d) => (d.Statement[0].Effect = "allow")),
    canary("action-form", "a role policy action without its service prefix", "drop-processor-policy", (d) => (d.Statement[0].Action = ["GetObject"])),
    canary("action-form", "a statement with both Action and NotAction", "drop-processor-policy", (d) => (d.Statement[0].NotAction = "iam:*")),
    canary(
        "principal-form",
        "a key policy principal of an unknown kind (IAM, not AWS)",
        "drop-key",
        (d) => (d.Statement[0].Principal = { IAM: "arn:aws:iam::123456789012:root" }),
    ),
    canary(
        "principal-form",
        "a trust policy principal given as a bare service name",
        "drop-processor-role",
        (d) => (d.Statement[0].Principal = "lambda.amazonaws.com"),
        "assumeRolePolicy",
    ),
    canary(
        "principal-placement",
        "a role policy statement naming a principal",
        "drop-processor-policy",
        (d) => (d.Statement[0].Principal = { AWS: "123456789012" }),
    ),
    canary("principal-placement", "a bucket policy statement without a principal", "drop-bucket-policy", (d) => delete d.Statement[0].Principal),
    canary("resource-placement", "a trust policy naming a Resource", "drop-processor-role", (d) => (d.Statement[0].Resource = "*"), "assumeRolePolicy"),
    canary("resource-placement", "a role policy statement without a Resource", "drop-processor-policy", (d) => delete d.Statement[0].Resource),
    {
        rule: "iam-policy-grammar",
        condition: "unreadable-policy",
        case: "an inline role policy that is not JSON",
        flags: "drop-processor-role",
        change: (l) => (l.props("drop-processor-role").inlinePolicies = [{ name: "broken", policy: "{not json" }]),
    },
];

/** Documents the grammar allows in other shapes than the fixture's: iam-policy-grammar accepts them. */
export const grammarGood: Canary[] = [
    {
        rule: "iam-policy-grammar",
        case: "a Statement given as one object, an action list of one, a principal list",
        change: (l) => {
            editDocument(l, "drop-processor-policy", (d) => ((d as any).Statement = { ...d.Statement[0], Action: ["s3:GetObject"] }));
            editDocument(l, "drop-processor-role", (d) => (d.Statement[0].Principal = { Service: ["lambda.amazonaws.com"] }), "assumeRolePolicy");
        },
    },
    {
        rule: "iam-policy-grammar",
        case: "a bucket policy statement with NotPrincipal and NotResource, no Sid",
        change: (l) =>
            editDocument(l, "drop-bucket-policy", (d) =>
                d.Statement.push({
                    Effect: "Deny",
                    NotPrincipal: { AWS: "arn:aws:iam::123456789012:root", CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" },
                    Action: "s3:DeleteObject",
                    NotResource: "arn:aws:s3:::lake-drop/keep/*",
                }),
            ),
    },
];

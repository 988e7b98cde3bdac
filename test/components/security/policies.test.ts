import { expect } from "chai";
import { analyticsKeyPolicy } from "../../../components/security";

const scope = { partition: "aws", region: "eu-west-1", accountId: "123456789012" };

describe("Analytics key policy", () => {
    it("lets CloudWatch Logs use the analytics key for Glue log groups only", () => {
        const s = analyticsKeyPolicy(scope).Statement.find((x) => x.Sid === "AllowGlueLogGroups")!;
        expect(s.Principal).to.deep.equal({ Service: "logs.eu-west-1.amazonaws.com" });
        expect(s.Condition).to.deep.equal({
            ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:123456789012:log-group:/aws-glue/*" },
        });
    });
});

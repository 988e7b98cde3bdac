import { runProgram } from "../harness/program";
import { estimateCost, costMarkdown, IDLE_USAGE } from "../automation/cost";
const rec = (rs: any[]) => rs.map((r) => ({ type: r.type, name: r.name, inputs: r.props, area: r.props?.tags?.area, urn: r.urn, parent: r.parent, custom: r.custom }));
(async () => {
  for (const [s, o] of [["dev", {}], ["prod", {}], ["prod", { redshift: { mode: "serverless", allowedCidrs: ["10.20.0.0/16"] }, emr: {mode: "cluster"}, network: {natGateways: "single"}, realtime: {enabled: true}, serving: {enabled: true}}]] as const) {
    const rs = rec(await runProgram(s as any, o as any));
    const e = estimateCost(rs, "eu-west-1");
    console.log(costMarkdown(e, `${s} typical`));
    console.log(costMarkdown(estimateCost(rs, "eu-west-1", IDLE_USAGE), `${s} idle`).split("\n")[0]);
  }
})();

/**
 * The local lake's summary as one self-contained HTML page (local/out/index.html): the flow
 * drop -> raw -> curated with objects and rows per zone and dataset, what the engine created in the
 * emulator and recorded only, least privilege, the Kinesis streams (real-time on), the Glue job
 * runs (order, trigger, state, duration), the tables' and views' rows, the API calls, the traffic
 * checks, the named queries' first rows, the warehouse SQL check, quarantines, queues and timings.
 * Pure: summary in, HTML text out (no scripts, no external assets).
 */
import type { Summary } from "./lake";

const esc = (v: unknown) => String(v).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function table(head: string[], rows: unknown[][]): string {
    return `<table><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr>${rows
        .map((r) => `<tr>${r.map((c) => `<td>${esc(c ?? "")}</td>`).join("")}</tr>`)
        .join("")}</table>`;
}

/** One box per zone, arrows between them: the flow with each zone's totals and datasets. */
function flow(s: Summary): string {
    const boxes = s.zones.map((z) => {
        const sets = Object.entries(z.datasets);
        const objects = sets.reduce((n, [, d]) => n + d.objects, 0);
        const rows = sets.reduce((n, [, d]) => n + (d.rows ?? 0), 0);
        const quarantined = s.quarantined.filter((q) => q.zone === z.name).length;
        return `<div class="zone"><h3>${esc(z.name)}</h3><div class="big">${objects} objects</div>${
            rows ? `<div class="big">${rows} rows</div>` : ""
        }<div>${sets.length} datasets${quarantined ? `, <span class="bad">${quarantined} quarantined</span>` : ""}</div><ul>${sets
            .map(([name, d]) => `<li>${esc(name)}: ${d.objects}${d.rows !== undefined ? ` / ${d.rows} rows` : ""}</li>`)
            .join("")}</ul></div>`;
    });
    return `<div class="flow">${boxes.join('<div class="arrow">&rarr;</div>')}</div>`;
}

/** The Kinesis event source mappings and the real-time counts, when real-time is on. */
function streamsSection(s: Summary): string {
    const mappings = Object.values(s.streams.mappings);
    if (mappings.length === 0) return "";
    const mismatches = s.streams.countMismatches.map((c) => `<span class="bad">${esc(c.type)}: ${c.sent} sent, ${c.counted} counted</span>`);
    return `<h2>Real-time (Kinesis)</h2>${table(
        ["stream", "function", "records", "invocations", "windows", "retries", "batches skipped"],
        mappings.map((m) => [m.stream, m.function, m.records, m.invocations, m.windows, m.retries, m.skippedBatches]),
    )}<div>metrics published: ${Object.entries(s.streams.metrics)
        .map(([name, v]) => `${esc(name)} ${v}`)
        .join(", ")}${mismatches.length ? `; ${mismatches.join(", ")}` : ""}</div>`;
}

export function renderHtml(s: Summary): string {
    const total = (c: Record<string, number>) => Object.values(c).reduce((n, x) => n + x, 0);
    const types = [...new Set([...Object.keys(s.provisioned), ...Object.keys(s.notProvisioned)])].sort();
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Local lake: stack ${esc(s.stack)}</title>
<style>
body{font-family:sans-serif;margin:24px;color:#222}h1{margin:0 0 4px}.status{font-weight:bold;color:${s.ok ? "#1a7f37" : "#cf222e"}}
.flow{display:flex;align-items:stretch;gap:8px;margin:16px 0}.zone{border:2px solid #0969da;border-radius:8px;padding:8px 12px;min-width:200px;background:#f6f8fa}
.zone h3{margin:0;color:#0969da}.big{font-size:20px;font-weight:bold}.arrow{font-size:40px;align-self:center;color:#0969da}.bad{color:#cf222e}
table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #d0d7de;padding:2px 8px;font-size:13px;text-align:left}th{background:#f6f8fa}
</style></head><body>
<h1>Local lake: stack ${esc(s.stack)}</h1>
<div>${s.seconds} s, <span class="status">${s.ok ? "OK" : "FAILED"}</span>: ${s.lost.length} lost, ${s.duplicated.length} duplicated,
DLQs ${s.queues.filter((q) => q.role.startsWith("DLQ")).every((q) => q.depth === 0) ? "empty" : "NOT empty"}</div>
<h2>Flow</h2>${flow(s)}
<h2>Engine</h2><div>pulumi up ${s.engine.upSeconds} s, ${s.engine.resources} resources: ${total(s.provisioned)} created in the emulator, ${total(s.notProvisioned)} recorded only${
        s.engine.destroySeconds !== undefined ? `; destroy ${s.engine.destroySeconds} s, ${s.engine.deletedFromEmulator} deleted from the emulator` : ""
    }</div>
${table(
    ["type", "created", "recorded only", "why recorded only"],
    types.map((t) => [t, s.provisioned[t] ?? 0, s.notProvisioned[t] ?? 0, s.recordedOnlyReasons[t] ?? ""]),
)}
<h2>Least privilege</h2><div>${
        s.iam.ownRoles
            ? `moto enforced IAM; each function and its event source ran with its own role's credentials (${s.iam.rolesAssumed} roles assumed)`
            : "IAM not enforced: every function ran with the set-up credentials"
    }</div>
${streamsSection(s)}
<h2>Glue job runs (local PySpark, in the workflow's order)</h2>${table(
        ["started (s)", "job", "started by", "state", "seconds", "error / why"],
        s.jobs.map((j) => [j.startedAt, j.job, j.startedBy, j.state, j.seconds, j.error?.trim().split("\n").pop() ?? j.why ?? ""]),
    )}
<h2>Curate job (into Iceberg)</h2><div>${s.curation.runsStarted} runs started by the starter${
        s.curation.workflowRuns ? ` and ${s.curation.workflowRuns} by the workflow (after_raw)` : ""
    }, ${s.curation.staged} raw objects staged, ${
        s.curation.seconds
    } s${s.curation.failure ? `, <span class="bad">FAILED: ${esc(s.curation.failure)}</span>` : ""}</div>
${table(
    ["table", "rows", "data files", "bytes", "snapshots"],
    Object.entries(s.curation.tables).map(([t, f]) => [t, f.rows, f.objects, f.bytes, f.snapshots]),
)}
<h2>Curated views (views job)</h2>${table(
        ["view", "rows", "outcome"],
        Object.entries(s.views).map(([v, f]) => [v, f.rows ?? "", f.outcome]),
    )}
${
    s.traffic
        ? `<h2>Traffic job and GET /traffic</h2>${table(
              ["day", "status", "items written", "deleted"],
              s.traffic.loads.map((l) => [l.date, l.status, l.written, l.deleted]),
          )}${table(
              ["ad", "day", "HTTP", "impressions (answer / view)", "clicks (answer / view)"],
              s.traffic.checks.map((c) => [
                  c.adId,
                  c.date,
                  c.status,
                  `${c.answered?.impressions ?? "-"} / ${c.view.impressions}`,
                  `${c.answered?.clicks ?? "-"} / ${c.view.clicks}`,
              ]),
          )}`
        : ""
}
<h2>API ${esc(s.api.url)}</h2>${table(
        ["method", "path", "status", "ms", "answer"],
        s.api.calls.map((c) => [c.method, c.path, c.status, c.ms, c.answer]),
    )}
<h2>Named queries</h2>${s.queries
        .map(
            (q) =>
                `<h3>${esc(q.name)} <small>(${esc(q.database)}): ${esc(q.status)}${q.message ? `: ${esc(q.message)}` : ""}${
                    q.rowCount !== undefined ? `, ${q.rowCount} rows` : ""
                }</small></h3>${q.columns ? table(q.columns, q.rows ?? []) : ""}`,
        )
        .join("")}
<h2>Warehouse load SQL (Redshift dialect, ${esc(s.warehouse.source)})</h2>${table(
        ["view", "statements", "rejected", "Spectrum sources", "COPY sources"],
        Object.entries(s.warehouse.views).map(([v, x]) => [
            v,
            x.statements,
            x.errors.join("; "),
            (x.spectrum ?? []).map((t) => `${t.table}: ${t.found}`).join(", "),
            (x.copySources ?? []).map((c) => `${c.uri}: ${c.objects}`).join(", "),
        ]),
    )}
<h2>Quarantined</h2>${table(
        ["zone", "source", "reason", "message"],
        s.quarantined.map((q) => [q.zone, q.source, q.reason, q.message]),
    )}
<h2>Queues</h2>${table(
        ["queue", "role", "depth"],
        s.queues.map((q) => [q.name, q.role, q.depth]),
    )}
<h2>Timings (s)</h2>${table(Object.keys(s.timings), [Object.values(s.timings)])}
</body></html>
`;
}

/**
 * The ops dashboard's body (CloudWatch dashboard JSON), pure: per area a header, an alarm status
 * widget of the area's alarms, one metric widget per alarm (its metric, the alarm threshold as
 * an annotation) and one per failure-event rule (how often it matched).
 */

/** A metric widget's source, resolved. */
export interface ResolvedMetric {
    namespace: string;
    metricName: string;
    dimensions: Record<string, string>;
    stat: string;
}

export interface DashboardSection {
    area: string;
    alarms: { title: string; alarmArn: string; metric: ResolvedMetric; threshold: number }[];
    /** Failure-event rules: title and rule name (AWS/Events TriggeredRules). */
    rules: { title: string; ruleName: string }[];
}

const WIDTH = 8;
const HEIGHT = 6;
const PER_ROW = 24 / WIDTH;

/** Areas in the order data flows through the lake; others follow alphabetically. */
const AREA_ORDER = ["storage", "processing", "ingest", "realtime", "catalog", "etl", "query", "serving", "warehouse", "emr"];

function areaRank(area: string): number {
    const i = AREA_ORDER.indexOf(area);
    return i < 0 ? AREA_ORDER.length : i;
}

function metricLine(m: ResolvedMetric): unknown[] {
    return [m.namespace, m.metricName, ...Object.entries(m.dimensions).flat(), { stat: m.stat }];
}

/** The dashboard body for `sections` in `region`. */
export function dashboardBody(region: string, sections: DashboardSection[]): string {
    const widgets: unknown[] = [];
    let y = 0;
    const sorted = [...sections].sort((a, b) => areaRank(a.area) - areaRank(b.area) || a.area.localeCompare(b.area));
    for (const section of sorted) {
        widgets.push({ type: "text", x: 0, y, width: 24, height: 1, properties: { markdown: `## ${section.area}` } });
        y += 1;
        const tiles: { title: string; properties: Record<string, unknown> }[] = [];
        if (section.alarms.length > 0) {
            tiles.push({ title: "Alarms", properties: { alarms: section.alarms.map((a) => a.alarmArn), title: `${section.area}: alarms` } });
        }
        for (const a of section.alarms) {
            tiles.push({
                title: a.title,
                properties: {
                    metrics: [metricLine(a.metric)],
                    region,
                    period: 300,
                    view: "timeSeries",
                    title: a.title,
                    annotations: { horizontal: [{ label: "alarm threshold", value: a.threshold }] },
                },
            });
        }
        for (const r of section.rules) {
            tiles.push({
                title: r.title,
                properties: {
                    metrics: [["AWS/Events", "TriggeredRules", "RuleName", r.ruleName, { stat: "Sum" }]],
                    region,
                    period: 300,
                    view: "timeSeries",
                    title: r.title,
                },
            });
        }
        tiles.forEach((t, i) => {
            const isAlarmList = "alarms" in t.properties;
            widgets.push({
                type: isAlarmList ? "alarm" : "metric",
                x: (i % PER_ROW) * WIDTH,
                y: y + Math.floor(i / PER_ROW) * HEIGHT,
                width: WIDTH,
                height: HEIGHT,
                properties: t.properties,
            });
        });
        y += Math.ceil(tiles.length / PER_ROW) * HEIGHT;
    }
    return JSON.stringify({ widgets });
}

/**
 * Deterministic generator of an e-commerce orders CSV shaped like the Olist data set the
 * reference architecture loads (one row per order item, joined with its order, customer, seller,
 * payment and review): hex ids, statuses, five timestamps (empty when the status says the step
 * did not happen), prices, freight, product category, zip prefixes, cities and states, and a
 * free-text review that sometimes needs CSV quoting. Same seed and size -> byte-identical file.
 *
 * The same rows can be written as NDJSON (DATA_FORMATS), for the size curve of both text formats.
 *
 *   node bench/processor.data.mjs [out.csv|out.ndjson] [megabytes]
 */
import { closeSync, openSync, renameSync, writeSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Bumped whenever the output changes, so cached files are regenerated. */
export const GENERATOR_VERSION = 1;
export const DEFAULT_SEED = 20161004;

/** mulberry32: small, fast, deterministic; quality is ample for synthetic data. */
function rng(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const STATUSES = [
    ["delivered", 0.97], ["shipped", 0.011], ["canceled", 0.006], ["unavailable", 0.006],
    ["invoiced", 0.003], ["processing", 0.003], ["created", 0.0005], ["approved", 0.0005],
];
const CATEGORIES = [
    "cama_mesa_banho", "beleza_saude", "esporte_lazer", "moveis_decoracao", "informatica_acessorios",
    "utilidades_domesticas", "relogios_presentes", "telefonia", "ferramentas_jardim", "automotivo",
    "brinquedos", "cool_stuff", "perfumaria", "bebes", "eletronicos", "papelaria",
    "fashion_bolsas_e_acessorios", "pet_shop", "moveis_escritorio", "consoles_games", "malas_acessorios",
    "construcao_ferramentas_construcao", "eletrodomesticos", "instrumentos_musicais", "eletroportateis",
    "casa_construcao", "livros_interesse_geral", "alimentos", "moveis_sala", "casa_conforto",
    "bebidas", "audio", "market_place", "construcao_ferramentas_iluminacao", "climatizacao",
    "moveis_cozinha_area_de_servico_jantar_e_jardim", "industria_comercio_e_negocios", "artigos_de_natal",
];
const PLACES = [
    ["sao paulo", "SP", 0.16], ["rio de janeiro", "RJ", 0.07], ["belo horizonte", "MG", 0.028],
    ["brasilia", "DF", 0.021], ["curitiba", "PR", 0.015], ["campinas", "SP", 0.015], ["porto alegre", "RS", 0.014],
    ["salvador", "BA", 0.0125], ["guarulhos", "SP", 0.012], ["são bernardo do campo", "SP", 0.0095],
    ["niterói", "RJ", 0.0085], ["santo andré", "SP", 0.008], ["osasco", "SP", 0.0075], ["santos", "SP", 0.0072],
    ["goiânia", "GO", 0.007], ["são josé dos campos", "SP", 0.0069], ["fortaleza", "CE", 0.0066],
    ["sorocaba", "SP", 0.0064], ["recife", "PE", 0.0062], ["florianópolis", "SC", 0.006],
    ["jundiaí", "SP", 0.0058], ["ribeirão preto", "SP", 0.0053], ["belém", "PA", 0.0045], ["barueri", "SP", 0.0043],
    ["juiz de fora", "MG", 0.0042], ["contagem", "MG", 0.0041], ["vitória", "ES", 0.004], ["maceió", "AL", 0.0033],
    ["ibitinga", "SP", 0.003], ["maringá", "PR", 0.003], ["londrina", "PR", 0.0029], ["manaus", "AM", 0.0026],
];
const OTHER_STATES = ["SP", "MG", "RJ", "RS", "PR", "SC", "BA", "GO", "ES", "PE", "CE", "PA", "MT", "MA", "MS", "PB", "PI", "RN", "AL", "SE", "TO", "RO", "AM", "AC", "AP", "RR", "DF"];
const PAYMENTS = [["credit_card", 0.74], ["boleto", 0.19], ["voucher", 0.055], ["debit_card", 0.015]];
const REVIEWS = [
    "Produto chegou antes do prazo, recomendo",
    "Muito bom, \"nota 10\"",
    "Recebi o produto errado; aguardando troca",
    "Não recebi o produto",
    "Entrega rápida, produto de ótima qualidade",
    "O vendedor não respondeu, péssimo atendimento",
    "Tudo certo",
    "Produto com defeito, quero devolver, \"urgente\"",
];

const HEADER = [
    "order_id", "order_item_id", "customer_id", "customer_unique_id", "order_status",
    "order_purchase_timestamp", "order_approved_at", "order_delivered_carrier_date",
    "order_delivered_customer_date", "order_estimated_delivery_date", "shipping_limit_date",
    "product_id", "product_category_name", "product_weight_g", "seller_id", "price", "freight_value",
    "payment_type", "payment_installments", "payment_value", "customer_zip_code_prefix",
    "customer_city", "customer_state", "seller_zip_code_prefix", "seller_city", "seller_state",
    "review_score", "review_comment_message",
];

/** Output formats: the CSV, or the same rows as NDJSON (numbers as JSON numbers, missing timestamps as null). */
export const DATA_FORMATS = ["csv", "ndjson"];

/** NDJSON fields written as number literals (the rest are strings, or null when empty). */
const NUMERIC = new Set(["order_item_id", "product_weight_g", "price", "freight_value", "payment_installments", "payment_value", "review_score"]);

/** One NDJSON line of the values of a CSV row (before CSV quoting). */
function jsonLine(values) {
    const fields = values.map((v, i) => {
        const name = HEADER[i];
        if (NUMERIC.has(name)) return `${JSON.stringify(name)}:${v}`;
        return `${JSON.stringify(name)}:${v === "" ? "null" : JSON.stringify(String(v))}`;
    });
    return `{${fields.join(",")}}\n`;
}

/**
 * Writes the orders to `path` (via `path.partial`, renamed when complete) as CSV or NDJSON until
 * at least `targetBytes` are written; returns rows and bytes. Same seed -> same rows in both formats.
 */
export function generateOrders(path, targetBytes, seed = DEFAULT_SEED, format = "csv") {
    if (!DATA_FORMATS.includes(format)) throw new Error(`unknown format ${format} (expected ${DATA_FORMATS.join(", ")})`);
    const r = rng(seed);
    const pick = (weighted) => {
        let x = r() * weighted.reduce((s, w) => s + w[w.length - 1], 0);
        for (const w of weighted) if ((x -= w[w.length - 1]) <= 0) return w;
        return weighted[weighted.length - 1];
    };
    const any = (list) => list[Math.floor(r() * list.length)];
    const hex32 = () => {
        let s = "";
        for (let i = 0; i < 4; i++) s += Math.floor(r() * 4294967296).toString(16).padStart(8, "0");
        return s;
    };
    const place = () => {
        if (r() < 0.55) return pick(PLACES);
        return [`cidade ${Math.floor(r() * 4000)}`, any(OTHER_STATES)];
    };
    const zip = () => String(Math.floor(1000 + r() * 98000)).padStart(5, "0");
    const ts = (ms) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");
    const money = (x) => x.toFixed(2);
    const quote = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

    // Pools so ids repeat like real keys do: customers order again, sellers sell many products.
    const sellers = Array.from({ length: 3095 }, () => [hex32(), zip(), ...place()]);
    const products = Array.from({ length: 32951 }, () => [hex32(), r() < 0.015 ? "" : any(CATEGORIES), Math.floor(50 + r() * r() * 20000)]);
    const start = Date.UTC(2016, 8, 4);
    const span = Date.UTC(2018, 9, 17) - start;
    const hour = 3600_000;
    const day = 24 * hour;

    const partial = `${path}.partial`;
    const fd = openSync(partial, "w");
    let bytes = 0;
    let rows = 0;
    let chunk = format === "csv" ? HEADER.join(",") + "\n" : "";
    let pending = Buffer.byteLength(chunk);
    const flush = () => {
        writeSync(fd, Buffer.from(chunk, "utf8"));
        bytes += pending;
        chunk = "";
        pending = 0;
    };
    try {
        while (bytes + pending < targetBytes) {
            const orderId = hex32();
            const customerId = hex32();
            const uniqueId = hex32();
            const [status] = pick(STATUSES);
            const purchased = start + Math.floor(r() * span);
            const approved = status === "created" ? null : purchased + Math.floor(r() * 2 * day);
            const carrier = ["delivered", "shipped"].includes(status) ? approved + Math.floor((1 + r() * 6) * day) : null;
            const delivered = status === "delivered" ? carrier + Math.floor((1 + r() * 20) * day) : null;
            const estimated = Math.floor((purchased + (20 + r() * 20) * day) / day) * day;
            const [customerCity, customerState] = place();
            const customerZip = zip();
            const [payment] = pick(PAYMENTS);
            const installments = payment === "credit_card" ? 1 + Math.floor(r() * r() * 24) : 1;
            const score = r() < 0.58 ? 5 : 1 + Math.floor(r() * 4);
            const review = r() < 0.41 ? any(REVIEWS) : "";
            const items = r() < 0.9 ? 1 : 2 + Math.floor(r() * 3);
            const lines = [];
            let total = 0;
            for (let item = 1; item <= items; item++) {
                const [productId, category, weight] = any(products);
                const [sellerId, sellerZip, sellerCity, sellerState] = any(sellers);
                const price = 0.85 + Math.exp(r() * 7.5);
                const freight = r() * r() * 120;
                total += price + freight;
                lines.push([productId, category, weight, sellerId, money(price), money(freight), sellerZip, sellerCity, sellerState]);
            }
            lines.forEach(([productId, category, weight, sellerId, price, freight, sellerZip, sellerCity, sellerState], i) => {
                const values = [
                    orderId, i + 1, customerId, uniqueId, status,
                    ts(purchased), approved === null ? "" : ts(approved), carrier === null ? "" : ts(carrier),
                    delivered === null ? "" : ts(delivered), ts(estimated), ts(purchased + 6 * day),
                    productId, category, weight, sellerId, price, freight,
                    payment, installments, money(total), customerZip, customerCity, customerState,
                    sellerZip, sellerCity, sellerState, score, review,
                ];
                const line = format === "csv" ? values.map((v, j) => (j === values.length - 1 ? quote(v) : v)).join(",") + "\n" : jsonLine(values);
                chunk += line;
                pending += Buffer.byteLength(line);
                rows++;
            });
            if (pending > 1 << 20) flush();
        }
        flush();
    } finally {
        closeSync(fd);
    }
    renameSync(partial, path);
    return { rows, bytes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    const out = process.argv[2] ?? "bench/out/orders.csv";
    const mb = Number(process.argv[3] ?? 160);
    const t0 = performance.now();
    const { rows, bytes } = generateOrders(out, mb * 1024 * 1024, DEFAULT_SEED, out.endsWith(".ndjson") ? "ndjson" : "csv");
    console.log(`${out}: ${rows} rows, ${(bytes / 1024 / 1024).toFixed(1)} MiB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** The serving area: the per-ad per-day traffic table, its daily job and schedule, and the function behind `GET /traffic/{adId}`. */
export * from "./args";
export * from "./policies";
export * from "./traffic";
export * from "./settings";

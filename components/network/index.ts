/** The network area: the VPC the warehouse, EMR and VPC-attached functions need, and its pure settings. */
export * from "./network";
export * from "./settings";

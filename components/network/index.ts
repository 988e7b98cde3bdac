/** The network area: the VPC the warehouse, EMR and VPC-attached functions need, its pure settings, and what a function in it needs. */
export * from "./args";
export * from "./function-vpc";
export * from "./network";
export * from "./settings";

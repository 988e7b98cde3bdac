/** How a function says it runs outside the lake's VPC. Pure; the components tag, the pack checks. */

/**
 * Tag a function carries when it runs outside the lake's VPC by design, with the reason as its
 * value (Lambda tag values: letters, digits, spaces and `+ - = . _ : / @`). With
 * `network.lambdasInVpc` every other function runs in the VPC (pack rule `lambda-vpc-placement`).
 */
export const OUTSIDE_VPC_TAG = "datalake:outside-vpc";

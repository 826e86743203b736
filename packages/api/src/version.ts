/** Software version reported by /healthz, the OpenAPI document and the instance descriptor. */
export const VERSION = '0.1.0';

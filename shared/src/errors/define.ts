/** One error code's HTTP status and the Chinese sentence a person reads. */
export interface ErrorSpec {
  status: number;
  message: string;
}

/** Declares a feature's error codes; keeps the literal code names for the union type. */
export function defineErrors<const T extends Record<string, ErrorSpec>>(specs: T): T {
  return specs;
}

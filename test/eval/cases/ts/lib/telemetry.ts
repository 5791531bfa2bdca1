// @ts-nocheck
export function track(..._args: unknown[]) {}

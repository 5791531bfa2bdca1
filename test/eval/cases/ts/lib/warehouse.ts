// @ts-nocheck
export async function runQuery(_sql: string) { return []; }

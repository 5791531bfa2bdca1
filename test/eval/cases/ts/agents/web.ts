// @ts-nocheck
export async function webSearch(_q: string) { return ""; }
export async function fetchPage(_u: string) { return ""; }

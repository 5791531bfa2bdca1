// @ts-nocheck
export const db: any = {};

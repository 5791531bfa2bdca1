// @ts-nocheck
export const vectorStore: any = {};

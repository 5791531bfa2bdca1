// @ts-nocheck
export async function lookupOrder(_id: string) { return {}; }
export async function issueRefund(_id: string, _amount?: number) { return {}; }
export async function cancelSubscription(_id: string) { return {}; }

import { callAI } from "../llm/callAI";

export async function weeklyDigest(stats: string): Promise<string> {
  // tierwise: calls=10/day
  return callAI("Write a weekly digest of the support desk for the team lead: trends, outliers and one suggestion.", stats, { maxTokens: 1500 });
}

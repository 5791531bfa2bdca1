// @ts-nocheck
export interface PromptTemplate {
  maxTokens: number;
  render(part: "system" | "user", vars: Record<string, string>): string;
}

// @ts-nocheck
export async function runTool(_name: string, _input: unknown): Promise<string> {
  return "ok";
}

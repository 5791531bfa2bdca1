// @ts-nocheck
export async function searchIndex(_q: string, _o: { topK: number }) {
  return [] as { title: string; text: string }[];
}

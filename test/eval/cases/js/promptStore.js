export async function getPromptFromDb() { return {}; }

const Anthropic = require("@anthropic-ai/sdk");
const { retrieve } = require("./retriever");

const client = new Anthropic();

async function askDocs(question) {
  const docs = await retrieve(question, 10);
  const context = docs.map((d) => d.text).join("\n\n");
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 1024,
    messages: [
      { role: "user", content: `Answer the question based on the context from our documentation.\n\nContext:\n${context}\n\nQuestion: ${question}` },
    ],
  });
  return res.content[0].text;
}

async function literatureReview(papers) {
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 4000,
    system: "Write a literature review synthesizing the papers: the methods used, the consensus findings, the conflicting results and the gaps for future work. Cite papers by author and year.",
    messages: [{ role: "user", content: papers.map((p) => `${p.authors} (${p.year}). ${p.title}\n${p.abstract}`).join("\n\n") }],
  });
  return res.content[0].text;
}

async function meetingSeriesRecap(transcripts) {
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 2000,
    messages: [
      {
        role: "user",
        content: `Here are the transcripts of the last ${transcripts.length} weekly meetings. Trace how each decision evolved over the weeks, which action items were never closed, and recurring blockers.\n\n${transcripts.join("\n\n=====\n\n")}`,
      },
    ],
  });
  return res.content[0].text;
}

module.exports = { askDocs, literatureReview, meetingSeriesRecap };

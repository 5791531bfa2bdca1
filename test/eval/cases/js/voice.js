const Anthropic = require("@anthropic-ai/sdk");

const anthropic = new Anthropic();

class VoiceAssistant {
  constructor() {
    this.conversation = [];
  }

  async respond(transcribedSpeech) {
    this.conversation.push({ role: "user", content: transcribedSpeech });
    const msg = await anthropic.messages.create({
      model: "claude-sonnet-4-6",
      max_tokens: 300,
      system: "You are a voice assistant in a car. Answer conversationally in one or two short sentences, since your reply is read aloud.",
      messages: this.conversation,
    });
    const reply = msg.content[0].text;
    this.conversation.push({ role: "assistant", content: reply });
    return reply;
  }
}

module.exports = { VoiceAssistant };

from anthropic import Anthropic
from fastapi import FastAPI
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

app = FastAPI()
client = Anthropic()


class ChatRequest(BaseModel):
    messages: list[dict]


@app.post("/chat")
def chat(req: ChatRequest):
    def gen():
        with client.messages.stream(
            model="claude-sonnet-4-6",
            max_tokens=1024,
            system="You are a helpful assistant for a gardening community.",
            messages=req.messages,
        ) as stream:
            for text in stream.text_stream:
                yield text

    return StreamingResponse(gen(), media_type="text/plain")


class Conversation:
    def __init__(self, persona: str):
        self.persona = persona
        self.history: list[dict] = []

    def say(self, text: str) -> str:
        self.history.append({"role": "user", "content": text})
        reply = client.messages.create(
            model="claude-sonnet-4-6",
            max_tokens=600,
            system=self.persona,
            messages=self.history,
        )
        answer = reply.content[0].text
        self.history.append({"role": "assistant", "content": answer})
        return answer


def telegram_reply(update, context):
    history = context.chat_data.setdefault("history", [])
    history.append({"role": "user", "content": update.message.text})
    reply = client.messages.create(
        model="claude-haiku-4-5",
        max_tokens=500,
        system="You are a chill Telegram bot that chats about movies.",
        messages=history[-30:],
    )
    history.append({"role": "assistant", "content": reply.content[0].text})
    update.message.reply_text(reply.content[0].text)

from app.llm import complete


def summarize_thread(thread: str) -> str:
    return complete("Summarize the thread in two sentences.", thread, max_tokens=120)

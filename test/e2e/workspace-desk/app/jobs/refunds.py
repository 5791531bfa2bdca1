from app.llm import complete
from app.prompts import REFUND_SYSTEM
from app.registry.model_registry import model_for


def check_refund(request: str) -> str:
    # tierwise: calls=2k/day
    return complete(REFUND_SYSTEM, request, model=model_for("classify_intent"), max_tokens=5)

REFUND_SYSTEM = "Decide whether the refund request follows the policy. Reply with approve, reject or escalate only."

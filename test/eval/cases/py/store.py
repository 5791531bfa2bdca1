def search(question, k=5):
    return []

"""Cell values: due dates, lead officers, RAG status, action references."""

"""Stage 2 — the document model: one document's data checked and numbered, inline markup, Nơi nhận."""

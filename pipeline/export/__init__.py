"""Stage 6 — export: safe, all-or-nothing writing of outputs, PDF, the manifest."""

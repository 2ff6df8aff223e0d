"""Stage 1 — the clerk's tables: CSV/Excel tables, the unit registry and its history, indicators, divisions."""

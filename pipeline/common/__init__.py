"""Shared foundations of every stage: located errors, Vietnamese writing rules, safe spreadsheet cells, zip package checks."""

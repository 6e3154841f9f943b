"""Qt widgets and graphics items. They draw models and ask for edits; they never write models."""

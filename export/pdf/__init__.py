"""The PDF playbook, built with reportlab's platypus from the model alone (no display needed)."""

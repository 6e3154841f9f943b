"""The playbook model: entities, the Playbook graph, reversible edits, validation, storage.

Nothing in this package imports Qt or reportlab.
"""

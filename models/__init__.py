"""The playbook model: entities, the Playbook graph, reversible edits, validation, storage.

Nothing in this package imports Qt or reportlab.
"""

if __name__ != "journeyapp.models":
    # The folder is installed as journeyapp.models; a second name would make a second copy
    # of every class, and isinstance checks between the two would quietly fail.
    raise ImportError("Import this package as journeyapp.models, not as models.")

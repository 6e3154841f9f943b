"""Qt widgets and graphics items. They draw models and ask for edits; they never write models."""

if __name__ != "journeyapp.widgets":
    # The folder is installed as journeyapp.widgets; a second name would make a second copy
    # of every class, and isinstance checks between the two would quietly fail.
    raise ImportError("Import this package as journeyapp.widgets, not as widgets.")

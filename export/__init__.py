"""Everything that leaves the app as a file: JSON interchange, GraphML, later the PDF playbook.

Reads models only; never imports Qt, so it runs from the command line on a server.
"""

if __name__ != "journeyapp.export":
    # The folder is installed as journeyapp.export; a second name would make a second copy
    # of every class, and isinstance checks between the two would quietly fail.
    raise ImportError("Import this package as journeyapp.export, not as export.")

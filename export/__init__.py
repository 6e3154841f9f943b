"""Everything that leaves the app as a file: JSON interchange, GraphML, later the PDF playbook.

Reads models only; never imports Qt, so it runs from the command line on a server.
"""

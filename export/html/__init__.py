"""The playbook as one self-contained web page: inline SVG map, text, style; no script."""

"""Pieces the inspectors and panels build their forms from: labelled rows and headings, and the
binding that turns typing in a field into one edit request per visit."""

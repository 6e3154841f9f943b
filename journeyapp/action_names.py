"""How the shortcuts window names an action whose text follows something else."""

# An action whose text follows something else (Undo names the step) is listed by this name.
NAME_PROPERTY = "shortcut_name"

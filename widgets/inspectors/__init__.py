"""The inspector dock: the form for the selected stage or handoff, and the editors inside it
(activities with their methodology, content that helps the buyer)."""

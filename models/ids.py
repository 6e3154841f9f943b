"""Stable string ids: made once, never changed by a rename."""

import uuid


def new_id(prefix: str) -> str:
    """Return a fresh id such as ``stage-4f1c9a2b7d``."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"

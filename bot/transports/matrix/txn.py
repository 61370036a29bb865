"""Transaction ids for Matrix sends."""
from __future__ import annotations

import hashlib


def txn_id(seed: str) -> str:
    """A transaction id derived from what is being sent, so a retry after a crash is not a duplicate:
    the homeserver deduplicates a resend with the same id."""
    return "zb" + hashlib.sha256(seed.encode()).hexdigest()[:32]

"""How a person is named in a transport when a chair adds them to a team."""
from __future__ import annotations

import re

from core.i18n import Problem

_MXID = re.compile(r"^@[a-z0-9._=\-/+]+:[A-Za-z0-9.\-]+(:\d+)?$")


class IdentityError(Problem, ValueError):
    """A member reference that cannot identify anyone on this transport."""


def member_ref(transport: str, text: str) -> tuple[str, str]:
    """(user id, display name) for a reference typed by a chair.

    Matrix members are named by their Matrix ID, so nobody gets a role by choosing a display name.
    In the console (one local terminal) a name is the identity. Telegram members join with a link
    code instead, so they cannot be added by name.
    """
    ref = text.strip()
    if not ref:
        raise IdentityError("identity.empty")
    if transport == "matrix":
        if not _MXID.match(ref):
            raise IdentityError("identity.matrix_id_needed")
        return ref, ref[1:].split(":", 1)[0]
    if transport == "telegram":
        raise IdentityError("identity.telegram_link_needed")
    if len(ref) > 60:
        raise IdentityError("identity.too_long")
    return ref.casefold(), ref

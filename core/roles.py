"""Roles in a care team, how people name them, and the seed's minimum composition."""
from __future__ import annotations

from functools import cache

from core.knowledge import load_area

ROLES = ("voorzitter", "ib", "directeur", "smw", "jgz", "lpa", "jeugdzorg", "politie",
         "orthopedagoog", "leerkracht", "overig")
CHAIR = "voorzitter"
IB = "ib"
DIRECTOR = "directeur"
# Not a team role: the people a deployment names as administrators (matrix.admins, telegram.admins;
# in the console, its local user). They bind rooms to teams.
ADMIN = "beheerder"


# Words people type for a role that the seed's list (dialogues/knowledge/teams.toml) does not have.
EXTRA_WORDS = {"police officer": "politie", "community police officer": "politie", "politieagent": "politie",
               "agent": "politie"}


@cache
def _words() -> dict[str, str]:
    table = dict(EXTRA_WORDS)
    for role, spec in load_area("teams")["roles"].items():
        for word in spec["words"]:
            table[word.casefold()] = role
        table[role] = role
    return table


def parse_role(word: str) -> str | None:
    return _words().get(word.strip().casefold().rstrip(".,;"))


def lead_roles() -> frozenset[str]:
    return frozenset(load_area("teams")["lead_roles"]["roles"])


def missing_minimum(kind: str, present: set[str]) -> tuple[list[str], str]:
    """Roles the seed wants in a team of this kind that nobody holds, and the seed source."""
    spec = load_area("teams")["minimum"].get(kind)
    if not spec:
        return [], ""
    return [role for role in spec["roles"] if role not in present], spec["source"]

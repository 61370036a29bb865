"""What a member's message already says about the case: the facts that change an answer.

The understanding layer fills these in from plain text; the advice rules read them. A field left
None was not stated, and nothing may be asserted about it back to the member.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

SchoolType = Literal["po", "so", "vo", "mbo"]
Authority = Literal["both_parents", "one_parent", "guardian", "family_guardian", "pupil_adult"]
ConsentState = Literal["given", "refused", "no_objection", "objection", "withdrawn", "not_asked"]

# The points a question can ask, each within one topic (the understanding answers that topic).
POINT_TOPICS = {
    "leerplicht_age": "route.leerplicht", "absence_report": "route.leerplicht", "leave": "route.leerplicht",
    "suspension_notify": "suspension", "suspension_who": "suspension",
    "vt_inform_parents": "veilig_thuis", "zorgmelding": "veilig_thuis", "advice_vs_report": "veilig_thuis",
    "enrolment_signature": "consent", "double_consent": "consent",
    "who_decides_without_consent": "consent", "anonymous": "consent", "all_help_refused": "consent",
    "consent_withdrawn": "consent",
    "school_sends": "privacy.sharing", "partner_shares": "privacy.sharing",
    "expulsion_progress": "expulsion",
}


@dataclass(frozen=True)
class Facts:
    age: int | None = None                     # the pupil's age in years
    school_type: SchoolType | None = None
    authority: Authority | None = None         # who holds parental authority (gezag)
    consent: ConsentState | None = None        # what the parents (or the pupil from 16) said
    pupil_objects: bool | None = None          # the pupil does not want the parents told / does not agree
    suspension_days: int | None = None
    acute_danger: bool = False                 # a child in immediate danger
    disclosure: bool = False                   # a child tells of abuse or violence
    parents_avoid_help: bool = False           # parents keep avoiding or refusing help
    discussed_in_zat: bool | None = None       # only when the member said so
    # The one point a question asks within its topic ("who decides on a suspension", "from what age is
    # school compulsory"): the rules answer that point first (see POINT_TOPICS). None: the topic at large.
    point: str | None = None
    self_harm: bool = False                    # a pupil hurting themselves or speaking of suicide

    def merged(self, other: "Facts") -> "Facts":
        """These facts, completed by what `other` states and this one does not."""
        changes = {}
        for name in self.__dataclass_fields__:
            mine, theirs = getattr(self, name), getattr(other, name)
            if (mine is None or mine is False) and theirs not in (None, False):
                changes[name] = theirs
        return replace(self, **changes)

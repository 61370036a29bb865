"""!toestemming brief Z-17 schriftelijk|bezwaar [leerling] [en]: a written-consent request or a
no-objection notice, to the parents or, from 16, to the pupil.

The templates and what they must contain are data (consent.toml [letters], with sources). This module
only fills them from what zorgbot knows: the team, the partners named in the newest consent record
(or else the partner roles in the team), the IB'er as contact person and the team's complaints
contact. zorgbot knows no pupil or parent names, so those, and dates the seeds do not fix, stay as
clearly marked blanks for the school to fill in.
"""
from __future__ import annotations

from core.i18n import normalise_language, spell_date, t
from core.messages import Reply
from core.roles import CHAIR, IB
from dialogues.context import Context
from dialogues.knowledge.consent import letter, letter_fields, letter_source
from state.cases import find_case
from state.models import Team
from state.privacy import latest_given, naming_status
from state.teams import first_holder, members_of, roles_of

KIND_WORDS = {
    "written_consent": {"schriftelijk", "schriftelijke", "toestemming", "written", "consent", "written_consent"},
    "no_objection": {"bezwaar", "instemming", "kennisgeving", "notice", "objection", "no_objection",
                     "no-objection", "geen-bezwaar"},
}
# From 16 the pupil decides (003:L2829-2833, L5134-5144): "leerling" / "pupil" addresses the letter to
# the pupil; so does a case whose newest consent was given by the pupil.
PUPIL_WORDS = {"leerling", "pupil", "jongere", "student"}
PARTNER_ROLES = ("smw", "jgz", "jeugdzorg", "lpa", "orthopedagoog", "politie")
# Blanks the school fills in itself; each is a catalog key, so the marking reads well in both languages.
BLANKS = {
    "addressee": "consent.blank_addressee",
    "pupil": "consent.blank_pupil",
    "question": "consent.blank_question",
    "contact_details": "consent.blank_contact_details",
    "reply_by": "consent.blank_date",
    "objection_deadline": "consent.blank_date",
    "signatory": "consent.blank_signatory",
}


def letter_kind(word: str) -> str | None:
    word = word.casefold()
    return next((kind for kind, words in KIND_WORDS.items() if word in words), None)


def _team_word(team: Team, lang: str) -> str:
    return t(f"consent.letter_team_{team.kind}" if team.kind in ("zorgteam", "zat", "cvb")
             else "consent.letter_team_zorgteam", lang)


def _partners(ctx: Context, case, lang: str) -> list[str]:
    record = latest_given(ctx.session, case.id) if case else None
    if record and record.partners:
        return list(record.partners)
    roles = set()
    for member in members_of(ctx.session, ctx.team.id):
        roles |= roles_of(ctx.session, member.id)
    return [t(f"role.{role}", lang) for role in PARTNER_ROLES if role in roles]


def _contact_person(ctx: Context, lang: str) -> str:
    contact = first_holder(ctx.session, ctx.team.id, (IB, CHAIR))
    return contact.display_name if contact else t("consent.blank_contact_person", lang)


def fill(ctx: Context, kind: str, lang: str, case=None, audience: str = "parents") -> str:
    team = ctx.team
    values = {
        "school": team.settings.get("school") or team.name,
        "team": _team_word(team, lang),
        "partners": _partners(ctx, case, lang) or [t("consent.blank_partners", lang)],
        "date": spell_date(ctx.now().astimezone(ctx.tz).date(), lang),
        "contact_person": _contact_person(ctx, lang),
        "complaints_contact": team.settings.get("complaints") or t("consent.blank_complaints", lang),
    }
    values.update({field: t(key, lang) for field, key in BLANKS.items()})
    if audience == "pupil":
        values["addressee"] = t("consent.blank_addressee_pupil", lang)
    needed = letter_fields(kind, audience)
    return letter(kind, lang, audience, **{field: values[field] for field in needed})


def _options(words: str | None) -> tuple[str | None, bool, str | None]:
    """"leerling en" -> (language, to the pupil, unknown word)."""
    lang, pupil = None, False
    for word in (words or "").split():
        if word.casefold() in PUPIL_WORDS:
            pupil = True
        elif normalise_language(word):
            lang = normalise_language(word)
        else:
            return None, False, word
    return lang, pupil, None


def make_letter(ctx: Context, code: str, kind_word: str, options: str | None = None) -> list[Reply]:
    kind = letter_kind(kind_word)
    if kind is None:
        return [ctx.reply("consent.letter_kind_unknown", value=kind_word)]
    lang_word, to_pupil, unknown = _options(options)
    if unknown is not None:
        return [ctx.reply("consent.letter_option_unknown", value=unknown)]
    lang = lang_word or ctx.lang
    case = find_case(ctx.session, ctx.team.id, code)
    given = latest_given(ctx.session, case.id) if case else None
    audience = "pupil" if to_pupil or (given is not None and given.given_by == "pupil") else "parents"
    text = fill(ctx, kind, lang, case, audience)
    intro = [ctx.t("consent.letter_intro_written" if kind == "written_consent" else "consent.letter_intro_notice",
                   case=code, source=letter_source(kind, audience))]
    if audience == "pupil":
        intro.append(ctx.t("consent.letter_to_pupil"))
    if case is not None and naming_status(ctx.session, case).objected:
        intro.append(ctx.t("consent.letter_objection_on_record", case=code))
    ctx.audit("consent/letter", f"case:{code}", kind=kind, language=lang, audience=audience)
    filename = f"{'toestemming' if kind == 'written_consent' else 'kennisgeving'}-{code}-{lang}.txt"
    return [Reply("\n".join(intro) + "\n\n" + text, attachment=(filename, text.encode("utf-8"), "text/plain"),
                  privacy="codes")]

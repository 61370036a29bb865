"""!toestemming vastleggen Z-17: record consent, an objection or a withdrawal for a case.

The steps follow the seed's minimum content of a consent record (consent.toml [record]). An objection
or withdrawal takes effect the moment it is saved. The exceptional discussion without consent can
only be recorded by a member with the director role, with a written motivation: the IB'er involves
the director and the director decides (003:L2948-2956). Anyone else choosing it is refused at that
question with the reason, and may pick another option or stop; zorgbot keeps no "pending" decision,
so a case is never named on a decision nobody has taken yet. The director is first asked the
conditions (weighty reasons: a threatening upbringing or harm to vital interests, or serious concerns
while the parents refuse all cooperation; and the conviction that asking consent itself puts the pupil's
interest at stake, 003:L2922-2946, 004:L2380-2384); not met, or not known, nothing is recorded and
modes 1-3 are named. The record holds why, and what was discussed with what outcome (003:L2950-2956).
At the summary "wijzig N" asks one answer again, as `!team inrichten` does; "nee" loses nothing.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from core import policy
from core.i18n import spell_date, spell_list
from core.messages import Reply
from dialogues.context import Context
from dialogues.engine import GIVEN, SKIP_WORDS, Dialogue, Invalid, Option, Step
from dialogues.knowledge.consent import options as option_info
from dialogues.plausible import checked, rephrase_step
from dialogues.team_setup import CHANGE_ANSWER as CHANGE_AT_CONFIRM
from core.commands import read_number
from state.cases import get_or_create_case
from state.consents import (MAX_MOTIVATION, MAX_NOTE, MAX_PARTNER_LENGTH, MAX_PARTNERS,
                            ConsentRefused, record_consent)
from state.privacy import naming_status
from state.teams import members_of, roles_of

EVENT_OPTIONS = (
    Option("given", "consent.event_given", ("gegeven", "toestemming", "consent", "instemming", "give")),
    Option("objection", "consent.event_objection", ("bezwaar", "object", "objected")),
    Option("withdrawal", "consent.event_withdrawal", ("intrekking", "ingetrokken", "withdrawn", "withdraw")),
    # Its own choice, not a kind of "consent given": the director's decision to discuss without consent.
    Option("decision", "consent.event_decision_choice", ("zonder toestemming", "without consent", "besluit",
                                                          "decision", "uitzondering", "exception")),
)
OPTION_OPTIONS = (
    Option("written_consent", "consent.option_written_consent", ("schriftelijk", "written", "toestemming")),
    Option("no_objection", "consent.option_no_objection", ("instemming", "geen bezwaar", "no objection")),
    Option("anonymous", "consent.option_anonymous", ("anoniem", "anonymous")),
)
GIVER_OPTIONS = (
    Option("parents", "consent.giver_parents", ("ouders", "ouder", "parents", "parent", "voogd", "guardian")),
    Option("pupil", "consent.giver_pupil", ("leerling", "pupil", "student", "jongere")),
    Option("both", "consent.giver_both", ("beide", "beiden", "allebei", "both")),
)
TEAM_OPTIONS = (
    Option("zorgteam", "consent.teams_zorgteam", ("zorgteam", "zt", "care team")),
    Option("zat", "consent.teams_zat", ("zat", "zorg- en adviesteam")),
    Option("both", "consent.teams_both", ("beide", "beiden", "allebei", "both", "zorgteam en zat")),
)
YES_NO = (Option("yes", "dialogue.yes", ("ja", "j", "y", "mogen", "may")),
          Option("no", "dialogue.no", ("nee", "n", "niet")))
CONFIRM = (Option("yes", "dialogue.yes", ("ja", "j", "y", "ok", "opslaan", "save")),
           Option("no", "dialogue.no", ("nee", "n", "niet")))
# The conditions of the director's decision: "weet ik niet" counts as not met (the cautious path:
# the pupil is then discussed with consent, no objection or anonymously, never by name without consent).
YES_NO_UNKNOWN = (*YES_NO, Option("unknown", "consent.dont_know", (
    "weet ik niet", "weet niet", "geen idee", "onbekend", "i don't know", "i dont know", "don't know",
    "dont know", "not sure", "unknown")))
# Free text about the pupil: in the summary where only codes may go it shows as "…" (the numbers stay).
FREE_TEXT = ("note", "motivation", "discussed")
# A note typed as "ja" is an answer to "do you want a note?", not the note: the text is asked for.
NOTE_YES_WORDS = frozenset({"ja", "j", "yes", "y", "graag", "ok", "oké", "okay", "please"})
# Roles of the partners outside the school, offered as an example of what to name (003:L2853-2855).
PARTNER_ROLES = ("smw", "jgz", "jeugdzorg", "lpa", "orthopedagoog", "politie")
TODAY_WORDS = frozenset({"vandaag", "today", "nu", "now"})
YESTERDAY_WORDS = frozenset({"gisteren", "yesterday"})
_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def option_of(answers: dict) -> str | None:
    """The option of this record: chosen, or for an objection or withdrawal the one in force."""
    if answers.get("event") == "decision":
        return "without_consent"
    if answers.get("event") == "given":
        return answers.get("option")
    return answers.get("option") or answers.get("current_option") or (
        "no_objection" if answers.get("event") == "objection" else "written_consent")


def _given(answers: dict) -> bool:
    """Consent given, or the director's decision to discuss without it (stored as a given record)."""
    return answers.get("event") in ("given", "decision")


def _decision(answers: dict) -> bool:
    return answers.get("event") == "decision"


def _threat_unclear(answers: dict) -> bool:
    return _decision(answers) and answers.get("grounds_threat") is not True


def _asks_conviction(answers: dict) -> bool:
    return _decision(answers) and (answers.get("grounds_threat") is True or answers.get("grounds_refusal") is True)


def conditions_met(answers: dict) -> bool:
    """Mode 4 only with weighty reasons (a threatening upbringing or harm to vital interests, or serious
    concerns while the parents refuse all cooperation) and the conviction that asking consent itself puts
    the pupil's interest at stake (003:L2922-2946, 004:L2380-2384)."""
    grounds = answers.get("grounds_threat") is True or answers.get("grounds_refusal") is True
    return grounds and answers.get("conviction") is True


def _stops(answers: dict) -> bool:
    """The director's decision whose conditions were answered and are not met: nothing more is asked."""
    if not _decision(answers):
        return False
    no_grounds = (answers.get("grounds_threat") is not True and "grounds_refusal" in answers
                  and answers.get("grounds_refusal") is not True)
    no_conviction = "conviction" in answers and answers.get("conviction") is not True
    return no_grounds or no_conviction


def _goes_on(answers: dict) -> bool:
    return not _stops(answers)


def _ask_option(answers: dict) -> bool:
    return answers.get("event") == "given" or (not _given(answers) and not answers.get("current_option"))


def _event(value: str, ctx: Context, answers: dict) -> str:
    """Only the director decides on a discussion without consent (core.policy); anyone else is told so."""
    if value == "decision" and not policy.may_decide_without_consent(ctx.roles):
        raise Invalid("consent.director_only")
    return value


def stored_event(answers: dict) -> str:
    return "given" if answers["event"] == "decision" else answers["event"]


def local_today(ctx: Context) -> date:
    return ctx.now().astimezone(ctx.tz).date()


def parse_day(text: str, today: date) -> date:
    """"vandaag", "gisteren", 20-11-2026, 20/11/2026 or 2026-11-20; a day in the future is refused."""
    word = text.strip().casefold()
    if word in TODAY_WORDS:
        return today
    if word in YESTERDAY_WORDS:
        return today - timedelta(days=1)
    found = _DAY_FIRST.match(word)
    parts = (found.group(3), found.group(2), found.group(1)) if found else None
    if parts is None and (found := _ISO.match(word)):
        parts = found.groups()
    if parts is None:
        raise Invalid("consent.date_format")
    try:
        day = date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise Invalid("consent.date_invalid") from None
    if day > today:
        raise Invalid("consent.date_future")
    if day.year < 2000:
        raise Invalid("consent.date_invalid")
    return day


def _date(text: str, ctx: Context, answers: dict) -> str:
    return parse_day(text, local_today(ctx)).isoformat()


def parse_partners(text: str) -> list[str]:
    """"SMW, JGZ en leerplicht" -> ["SMW", "JGZ", "leerplicht"]; "-" or "geen" -> []."""
    if text.strip().casefold() in SKIP_WORDS:
        return []
    parts = [p.strip(" .") for p in re.split(r"[,;/\n]|\s+en\s+|\s+and\s+|\s+&\s+", text) if p.strip(" .")]
    unique = list(dict.fromkeys(parts))
    if len(unique) > MAX_PARTNERS:
        raise Invalid("consent.partners_too_many", count=MAX_PARTNERS)
    if any(len(p) > MAX_PARTNER_LENGTH for p in unique):
        raise Invalid("consent.partner_too_long", count=MAX_PARTNER_LENGTH)
    return unique


def _partners(text: str, ctx: Context, answers: dict) -> list[str]:
    partners = parse_partners(text)
    if not partners and option_of(answers) == "written_consent":
        # Written consent names the partners who may process data, one by one (003:L2851-2855).
        raise Invalid("consent.partners_required")
    return partners


def _teams(value: str, ctx: Context, answers: dict) -> list[str]:
    return ["zorgteam", "zat"] if value == "both" else [value]


def _yes(value: str, ctx: Context, answers: dict) -> bool:
    return value == "yes"


def _yes_or_unknown(value: str, ctx: Context, answers: dict) -> bool | None:
    """True, False, or None for "weet ik niet" (treated as not met)."""
    return None if value == "unknown" else value == "yes"


def _motivation(text: str, ctx: Context, answers: dict) -> str:
    if len(text.strip()) < 10:
        raise Invalid("consent.motivation_too_short")
    if len(text) > MAX_MOTIVATION:
        raise Invalid("consent.text_too_long", count=MAX_MOTIVATION)
    return text.strip()


def _note(text: str, ctx: Context, answers: dict) -> str:
    if text.strip().casefold().rstrip(".!") in NOTE_YES_WORDS:
        raise Invalid("consent.note_text")
    if len(text) > MAX_NOTE:
        raise Invalid("consent.text_too_long", count=MAX_NOTE)
    return text.strip()


def _discussed(text: str, ctx: Context, answers: dict) -> str:
    if len(text) > MAX_MOTIVATION:
        raise Invalid("consent.text_too_long", count=MAX_MOTIVATION)
    return text.strip()


def stored_motivation(ctx: Context, answers: dict) -> str:
    """The director's documented decision: why, and what was discussed with what outcome (003:L2950-2956)."""
    why = answers.get("motivation") or ""
    if answers.get("discussed"):
        why += "\n" + ctx.t("consent.line_discussed", value=answers["discussed"])
    return why[:MAX_MOTIVATION]


def partner_suggestion(ctx: Context) -> str:
    roles = set()
    if ctx.team is not None:
        for member in members_of(ctx.session, ctx.team.id):
            roles |= roles_of(ctx.session, member.id)
    found = [ctx.t(f"role.{role}") for role in PARTNER_ROLES if role in roles]
    return spell_list(found, ctx.lang) if found else "SMW, JGZ"


def event_label(ctx: Context, event: str, option: str | None) -> str:
    """"toestemming gegeven", "bezwaar gemaakt", ...; a given without-consent record is the director's decision."""
    if event == "given" and option == "without_consent":
        return ctx.t("consent.event_decision")
    return ctx.t(f"consent.event_{event}")


def option_label(ctx: Context, option: str | None) -> str:
    return option_info()[option].label.text(ctx.lang) if option else "-"


def _answer_lines(ctx: Context, answers: dict) -> list[tuple[str | None, str]]:
    """(step, line) for the summary; step is what "wijzig N" asks again, None for a line that is not
    changed on its own (the case, and the event and option that decide which questions come)."""
    option = option_of(answers)
    lines: list[tuple[str | None, str]] = [
        (None, ctx.t("consent.line_case", case=answers["case"])),
        (None, ctx.t("consent.line_event", value=event_label(ctx, stored_event(answers), option))),
        (None, ctx.t("consent.line_option", value=option_label(ctx, option)))]
    who = answers.get("given_by") or answers.get("objected_by")
    if _given(answers) and option == "without_consent":
        lines.append((None, ctx.t("consent.line_given_by", value=ctx.t("consent.giver_director"))))
    elif who:
        lines.append(("given_by" if answers.get("given_by") else "objected_by",
                      ctx.t("consent.line_given_by", value=ctx.t(f"consent.giver_{who}"))))
    if answers.get("date"):
        lines.append(("date", ctx.t("consent.line_date",
                                    value=spell_date(date.fromisoformat(answers["date"]), ctx.lang))))
    if answers.get("partners") is not None:
        lines.append(("partners", ctx.t("consent.line_partners",
                                        value=spell_list(answers["partners"], ctx.lang) or "-")))
    if answers.get("teams"):
        lines.append(("teams", ctx.t("consent.line_teams", value=spell_list(
            [ctx.t(f"consent.teams_{team}") for team in answers["teams"]], ctx.lang))))
    if answers.get("partner_files") is not None:
        lines.append(("partner_files", ctx.t("consent.line_partner_files", value=ctx.t(
            "dialogue.yes" if answers["partner_files"] else "dialogue.no"))))
    if answers.get("motivation"):
        lines.append(("motivation", ctx.t("consent.line_motivation", value=answers["motivation"])))
    if "discussed" in answers:
        lines.append(("discussed", ctx.t("consent.line_discussed", value=answers.get("discussed") or "-")))
    if "note" in answers:
        lines.append(("note", ctx.t("consent.line_note", value=answers.get("note") or "-")))
    return lines


def changeable(ctx: Context, answers: dict) -> list[str]:
    """The steps the summary numbers, in its order: "wijzig 2" asks the second of these again."""
    return [step for step, _ in _answer_lines(ctx, answers) if step]


def summary_lines(ctx: Context, answers: dict) -> list[str]:
    """The summary, each answer that can be changed on its own numbered ("wijzig N")."""
    lines, number = [], 0
    for step, line in _answer_lines(ctx, answers):
        if step:
            number += 1
            line = f"{number}. {line}"
        lines.append(line)
    return lines


def _change_at_confirm(ctx: Context, dialogue, text: str, answers: dict):
    """"wijzig 2" / "change 2" at "Klopt dit?": that one question again, then the summary; the other
    answers stay (the pattern of !team inrichten, dialogues/team_setup.py)."""
    match = CHANGE_AT_CONFIRM.match(text.strip())
    steps = changeable(ctx, answers)
    number = read_number(match.group(1).casefold(), minimum=1, maximum=len(steps)) if match and steps else None
    if number is None:
        return None
    step = steps[number - 1]
    answers.pop(step, None)
    answers.pop("confirm", None)
    answers[GIVEN] = [name for name in answers if name != step and not name.startswith("_")]

    def describe(before: list[str], after: list[str]) -> str:
        return ctx.t("consent.changing_step")
    return answers, describe


def _confirm(value: str, ctx: Context, answers: dict) -> str:
    """ja, or else what this question takes ("wijzig N" is read before this). "nee" throws nothing away:
    it asks which answer is wrong; 'stop' still records nothing."""
    if value == "yes":
        return value
    raise Invalid("consent.confirm_no" if value == "no" else "consent.confirm_what")


def finish(ctx: Context, answers: dict) -> list[Reply]:
    if _stops(answers):
        return [Reply(ctx.t("consent.decision_not_met"), in_thread=True)]
    if answers.get("confirm") != "yes":
        return [Reply(ctx.t("consent.register_not_saved"), in_thread=True)]
    option = option_of(answers)
    event = stored_event(answers)
    case = get_or_create_case(ctx.session, ctx.team.id, answers["case"])
    try:
        record_consent(
            ctx.session, case=case, event=event, option=option,
            given_by=answers.get("given_by") or answers.get("objected_by"),
            given_on=date.fromisoformat(answers["date"]), partners=answers.get("partners") or [],
            teams=answers.get("teams") or [], partners_may_consult_files=answers.get("partner_files") is True,
            note=answers.get("note") or "", motivation=stored_motivation(ctx, answers),
            recorded_by=ctx.member, now=ctx.now())
    except ConsentRefused as refusal:
        return [Reply(ctx.t(refusal.key), in_thread=True)]
    ctx.audit("consent/recorded", f"case:{case.code}", event=event, option=option)
    status = naming_status(ctx.session, case)
    effect = (ctx.t("consent.effect_named", case=case.code) if status.allowed
              else ctx.t("consent.effect_anonymous", case=case.code, reason=ctx.t(status.reason)))
    key = "consent.recorded" if event == "given" else "consent.recorded_objection"
    return [Reply(ctx.t(key, case=case.code, option=option_label(ctx, option), event=event_label(ctx, event, option))
                  + "\n" + effect, in_thread=True)]


CONSENT_REGISTER = Dialogue(
    name="consent_register",
    title="consent.register_title",
    steps=[
        Step("event", "consent.q_event", options=EVENT_OPTIONS, parse=_event,
             prompt_values=lambda ctx, a: {"case": a["case"]}),
        # The director's decision: its conditions first; not met (or not known) ends it, nothing recorded.
        Step("grounds_threat", "consent.q_grounds_threat", options=YES_NO_UNKNOWN, parse=_yes_or_unknown,
             when=_decision),
        Step("grounds_refusal", "consent.q_grounds_refusal", options=YES_NO_UNKNOWN, parse=_yes_or_unknown,
             when=_threat_unclear),
        Step("conviction", "consent.q_conviction", options=YES_NO_UNKNOWN, parse=_yes_or_unknown,
             when=lambda a: _asks_conviction(a) and not _stops(a)),
        Step("option", "consent.q_option", options=OPTION_OPTIONS, when=_ask_option),
        Step("given_by", "consent.q_given_by", options=GIVER_OPTIONS,
             when=lambda a: _given(a) and option_of(a) != "without_consent"),
        Step("objected_by", "consent.q_objected_by", options=GIVER_OPTIONS, when=lambda a: not _given(a)),
        Step("date", "consent.q_date", parse=_date, when=_goes_on),
        Step("partners", "consent.q_partners", parse=_partners,
             when=lambda a: _given(a) and option_of(a) != "anonymous" and _goes_on(a),
             prompt_values=lambda ctx, a: {"example": partner_suggestion(ctx)}),
        Step("teams", "consent.q_teams", options=TEAM_OPTIONS, parse=_teams,
             when=lambda a: _given(a) and option_of(a) != "anonymous" and _goes_on(a)),
        # Partners consult their own files only with the parents' consent (004:L3084-3086).
        Step("partner_files", "consent.q_partner_files", options=YES_NO, parse=_yes,
             when=lambda a: _given(a) and option_of(a) == "written_consent"),
        Step("motivation", "consent.q_motivation", parse=checked("motivation", _motivation),
             when=lambda a: _decision(a) and _goes_on(a)),
        rephrase_step("motivation", "consent.q_motivation", _motivation),
        # ... and what was discussed, with what outcome (003:L2950-2956); "-" while still to come.
        Step("discussed", "consent.q_discussed", parse=checked("discussed", _discussed), optional=True,
             when=lambda a: _decision(a) and _goes_on(a)),
        rephrase_step("discussed", "consent.q_discussed", _discussed, optional=True),
        Step("note", "consent.q_note", parse=checked("note", _note), optional=True, when=_goes_on),
        rephrase_step("note", "consent.q_note", _note, optional=True),
        Step("confirm", "consent.q_confirm", options=CONFIRM, free_text_option=True, parse=_confirm,
             when=_goes_on, prompt_values=lambda ctx, a: {"summary": "\n".join(summary_lines(ctx, a))},
             details=summary_lines, corrects=_change_at_confirm,
             # the note and the motivation are free text about the pupil: not where only codes may go
             privacy="full", codes_values=lambda ctx, a: {"summary": "\n".join(summary_lines(
                 ctx, {k: "…" if v and k in FREE_TEXT else v for k, v in a.items()}))}),
    ],
    finish=finish,
)
DIALOGUES = [CONSENT_REGISTER]

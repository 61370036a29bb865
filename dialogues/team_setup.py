"""!team inrichten: the seed's set-up checklist for a care team (004:L2209-2292)."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from core import policy
from core import school_holidays
from core.commands import is_number_word, read_number
from core.i18n import LANGUAGES, spell_date, spell_list, t
from core.identity import IdentityError, member_ref
from core.messages import Reply
from core.roles import CHAIR, missing_minimum, parse_role
from dialogues.context import Context
from dialogues.action_register import read_recurrence
from dialogues.dates import parse_when
from dialogues.engine import GIVEN, Dialogue, Invalid, Option, Step, match_option
from state import actions as action_store
from state import meetings as plans
from state import reminders
from state.reminders import ReminderSettings
from state.teams import add_member, find_member_by_name, members_with_role, team_roles

#: set-up answers shown by !team and changed one at a time with !team inrichten STAP WAARDE, with the
#: words a member types for them (Dutch, English)
SETTING_WORDS = {
    "goal": ("doel", "goal"), "on_call": ("piket", "on-call"), "substitute": ("vervanger", "substitute"),
    "frequency": ("frequentie", "frequency"), "place": ("plaats", "place"),
    "case_deadline_days": ("termijn", "deadline"), "agenda_by": ("agenda", "agenda"),
    "privacy": ("privacy", "privacy"), "complaints": ("klachten", "complaints"),
    "region": ("regio", "region"),
    # kept with the reminder rules (Team.settings["reminders"]), the same as !instellingen vrij and
    # !instellingen vakanties: the school's study days and other days off of its own, and whether the
    # region's school holidays count as days off
    "days_off": ("vrij", "days-off", "studiedagen", "study-days"),
    "school_holidays": ("vakanties", "school-holidays", "schoolvakanties"),
}
REMINDER_KEYS = frozenset({"days_off", "school_holidays"})

KIND_OPTIONS = (
    Option("zorgteam", "team.kind_zorgteam", ("zt", "zorg team", "care team")),
    Option("zat", "team.kind_zat", ("zorg- en adviesteam", "care and advice team")),
    Option("cvb", "team.kind_cvb", ("commissie van begeleiding", "guidance committee")),
)
SCHOOL_OPTIONS = (
    Option("PO", "team.school_po", ("basisschool", "primary")),
    Option("SO", "team.school_so", ("speciaal onderwijs", "special")),
    Option("VO", "team.school_vo", ("voortgezet onderwijs", "secondary")),
    Option("MBO", "team.school_mbo", ("vocational",)),
)
FREQUENCY_OPTIONS = tuple(Option(str(weeks), f"team.every_{weeks}_weeks") for weeks in (1, 2, 3, 4, 6))
NO_REGION_WORDS = frozenset({"geen", "none", "-", "uit", "off"})
NO_DAYS_WORDS = frozenset({"geen", "none", "-", "leeg", "clear"})
ON_WORDS, OFF_WORDS = frozenset({"aan", "ja", "on", "yes"}), frozenset({"uit", "nee", "off", "no"})
MAX_DAYS_OFF_RANGE = 120          # days in one typed range (a study week, not a whole year)
SHOWN_DAYS_OFF = 6                # upcoming days off !team lists before "and N more"
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
_RANGE = re.compile(r"\s+(?:t/m|tm|tot en met|tot|to|until|through)\s+|\s+-\s+|/", re.IGNORECASE)
_ENTRIES = re.compile(r"\s*[,;]\s*|\s+(?:en|and)\s+", re.IGNORECASE)
# "5 werkdagen", "5 dagen", "5 working days", "5 wd" (and "... voor het overleg" after it): the number counts
_DAYS = re.compile(r"^(\d{1,3})\s*(?:(?:werk|school)?dag(?:en)?|wd|(?:working |work |school )?days?)\b", re.IGNORECASE)
_WEEKS = re.compile(r"^(?:elke|iedere|om de|every|once every)?\s*(\d{1,2})\s*(?:weken|week|weeks|wk)$")
MAX_FREQUENCY_WEEKS = 12          # as !overleg plan repeats a series (dialogues/meeting_plan.py MAX_WEEKS)
MAX_FREQUENCY_TEXT = 80
# a rhythm in months, kept as typed: "maandelijks", "elke maand", "eerste maandag van de maand", "monthly"
_MONTHLY = re.compile(r"\b(?:maand|maanden|maandelijks|maandelijkse|month|months|monthly)\b", re.IGNORECASE)
WEEKLY_WORDS = {"wekelijks": "1", "weekly": "1", "elke week": "1", "every week": "1",
                "tweewekelijks": "2", "twee-wekelijks": "2", "fortnightly": "2", "biweekly": "2",
                "vierwekelijks": "4"}
# the agenda-maker's question offers the chair as the default: these words accept it
DEFAULT_WORDS = frozenset({"ja", "j", "yes", "y", "ok", "oké", "prima", "goed", "standaard", "default",
                           "voorzitter", "de voorzitter", "chair", "the chair"})
# the answers the summary numbers, in the order asked; "wijzig N" at the confirmation asks N again
CHANGEABLE = ("name", "kind", "school_type", "goal", "members", "on_call", "substitute", "frequency", "place",
              "case_deadline_days", "agenda_by", "privacy", "complaints", "region", "days_off")
STEP_WORDS = {"name": ("naam", "name"), "kind": ("soort", "kind"), "school_type": ("onderwijs", "education"),
              "members": ("leden", "members")}
#: "wijzig 9" at a confirmation: one answer asked again (also the consent record's confirmation uses it)
CHANGE_ANSWER = re.compile(r"^(?:wijzig|verander|aanpassen|pas|change|edit)\s+(\S+)(?:\s+aan)?$", re.IGNORECASE)
CONFIRM_OPTIONS = (Option("yes", "dialogue.yes", ("ja", "j", "y", "ok", "opslaan", "save")),
                   Option("no", "dialogue.no", ("nee", "n", "niet")))


def _name(text: str, ctx: Context, answers: dict) -> str:
    if len(text) > 80:
        raise Invalid("team.name_too_long")
    return text


def read_roles(role_text: str) -> list[str] | None:
    """"ib" / "smw, lpa" / "smw en lpa" -> role keys; None when one part is no role."""
    role_text = role_text.strip().strip("()").strip()
    if not role_text:
        return None
    whole = parse_role(role_text)
    if whole:
        return [whole]
    parts = [p for p in re.split(r"[,;/]|\s+en\s+|\s+and\s+", role_text) if p.strip()]
    roles = [parse_role(part) for part in parts]
    if parts and None in roles:         # "smw lpa": one role a word
        roles = [parse_role(word) for word in role_text.replace(",", " ").replace(";", " ").split()]
    return None if not parts or None in roles else sorted(set(roles))


_GLUE = " ,;:-–"      # between a name and its roles: "Bram, wijkagent", "Bram - wijkagent"


def _name_and_roles(text: str) -> tuple[str, str]:
    """Without a colon: the name and the role text in either order ("Bram wijkagent", "wijkagent Bram",
    "Anna Jansen ib", "Bram (wijkagent)"); the name first when both readings fit."""
    words = text.replace("(", " ").replace(")", " ").split()
    for cut in range(1, len(words)):
        name, role_text = " ".join(words[:cut]).strip(_GLUE), " ".join(words[cut:]).strip(_GLUE)
        if name and read_roles(role_text) is not None and parse_role(name) is None:
            return name, role_text
    for cut in range(len(words) - 1, 0, -1):
        role_text, name = " ".join(words[:cut]).strip(_GLUE), " ".join(words[cut:]).strip(_GLUE)
        if name and read_roles(role_text) is not None and read_roles(name) is None:
            return name, role_text
    ref, _, role_text = text.partition(" ")        # nothing fits: the first word as the name, to say why
    return ref, role_text


def _member(text: str, ctx: Context, answers: dict) -> dict:
    return read_member(text, ctx)


def read_member(text: str, ctx: Context) -> dict:
    """"Anna: ib" / "Anna ib, smw" / "wijkagent Bram" / "@anna:example.org jgz" -> {user_id, name, roles};
    the set-up question and !team lid read a member the same way. Invalid says what is missing."""
    text = text.strip()
    if text.startswith("@"):
        ref, _, role_text = text.partition(" ")
    elif ":" in text:
        ref, _, role_text = text.partition(":")
    else:
        ref, role_text = _name_and_roles(text)
    try:
        user_id, name = member_ref(ctx.inbound.transport, ref)
    except IdentityError as problem:
        raise Invalid(problem.key) from None
    role_text = role_text.strip()
    if not role_text:
        raise Invalid("team.member_needs_role")
    roles = read_roles(role_text)
    if roles is None:
        parts = [p for p in re.split(r"[,;/]|\s+en\s+|\s+and\s+", role_text) if p.strip()] or [role_text]
        unknown = next((p for p in parts if parse_role(p) is None), role_text)
        raise Invalid("team.unknown_role", role=unknown.strip())
    return {"user_id": user_id, "name": name, "roles": roles}


def _person(text: str, ctx: Context, answers: dict) -> str:
    """A person field (who makes the agenda, who substitutes): a member of the team, or one named
    earlier in this set-up; not "1" or a name nobody in the team has."""
    wanted = text.strip()
    named_here = [m["name"] for m in answers.get("members") or [] if m["name"].casefold() == wanted.casefold()]
    found = find_member_by_name(ctx.session, ctx.team.id, wanted)
    if named_here:
        return named_here[0]
    if len(found) == 1:
        return found[0].display_name
    raise Invalid("team.person_not_member", name=wanted[:40])


def _agenda_by(text: str, ctx: Context, answers: dict) -> str:
    """Who makes the agenda: a person as for the substitute, or "ja" / "standaard" for the default the
    question offers, the chair (one named in this set-up, else the team's, else who sets it up)."""
    if text.strip().casefold().rstrip(".!") not in DEFAULT_WORDS:
        return _person(text, ctx, answers)
    named = [m["name"] for m in answers.get("members") or [] if CHAIR in m["roles"]]
    if named:
        return named[0]
    chairs = members_with_role(ctx.session, ctx.team.id, CHAIR)
    if chairs:
        return chairs[0].display_name
    if ctx.member:
        return ctx.member.display_name
    raise Invalid("team.person_not_member", name=text.strip()[:40])


def _weeks(text: str) -> int | None:
    """Weeks between meetings as !overleg plan reads a series: "3", "drie", "elke 3 weken", "om de 2 weken",
    "wekelijks", "every 2 weeks", "fortnightly"; None when the text names no number of weeks."""
    text = text.strip().casefold().rstrip(".!")
    if is_number_word(text):
        return read_number(text)
    if text in WEEKLY_WORDS:
        return int(WEEKLY_WORDS[text])
    match = _WEEKS.search(text)
    if match:
        return int(match.group(1))
    rest, days = read_recurrence(text)
    if days is not None and days % 7 == 0 and not rest:
        return days // 7
    return None


def _weeks_in(text: str) -> int | None:
    """The weeks of a rhythm with more words: "elke 3 weken op dinsdag" -> 3."""
    rest, days = read_recurrence(text)
    return days // 7 if days is not None and days % 7 == 0 else None


def _frequency(value: str, ctx: Context, answers: dict) -> str:
    """How often the team meets: a number of weeks from 1 to 12 as !overleg plan repeats a series (kept as
    the number: "elke 3 weken", "every 2 weeks", "wekelijks", "3"), or a rhythm in months kept as typed
    ("maandelijks", "eerste maandag van de maand"). Anything else ("Ilse", "elke dag") is refused."""
    text = value.strip()
    weeks = _weeks(text)
    if weeks is not None:
        if not 1 <= weeks <= MAX_FREQUENCY_WEEKS:
            raise Invalid("team.frequency_weeks_range", max=MAX_FREQUENCY_WEEKS)
        return str(weeks)
    if len(text) > MAX_FREQUENCY_TEXT:
        raise Invalid("team.frequency_unknown", value=text[:40])
    weeks = _weeks_in(text)
    if weeks is not None:               # "elke 3 weken op dinsdag": kept as typed
        if not 1 <= weeks <= MAX_FREQUENCY_WEEKS:
            raise Invalid("team.frequency_weeks_range", max=MAX_FREQUENCY_WEEKS)
        return text
    if _MONTHLY.search(text):
        return text
    raise Invalid("team.frequency_unknown", value=text[:40])


def frequency_text(ctx: Context, value) -> str:
    """A stored frequency as shown: "elke 3 weken" for a number of weeks, a monthly rhythm as typed."""
    if value in (None, ""):
        return "-"
    value = str(value)
    if value in {option.value for option in FREQUENCY_OPTIONS}:
        return ctx.t(f"team.every_{value}_weeks")
    if value.isdigit():
        return ctx.t("team.every_n_weeks", weeks=int(value))
    return value


def _deadline(text: str, ctx: Context, answers: dict) -> int:
    match = _DAYS.match(text.strip())
    days = read_number(match.group(1) if match else text, maximum=20)
    if days is None:
        raise Invalid("team.deadline_number")
    return days


def _region(text: str, ctx: Context, answers: dict) -> str:
    """The school-holiday region (noord, midden, zuid): planning, deadlines and reminders skip its holidays."""
    if text.strip().casefold() in NO_REGION_WORDS:
        return ""               # no region: no school holidays skipped
    region = school_holidays.read_region(text)
    if region is None:
        raise Invalid("team.region_unknown")
    return region


def _one_day(text: str, ctx: Context) -> date:
    """A typed day: 2027-01-05, 5-1-2027 or a phrase such as "5 januari" / "Friday 12 March"."""
    text = text.strip()
    for pattern, order in ((_ISO_DAY, (1, 2, 3)), (_DMY_DAY, (3, 2, 1))):
        match = pattern.match(text)
        if match:
            try:
                return date(*(int(match.group(n)) for n in order))
            except ValueError:
                raise Invalid("team.days_off_bad", value=text[:40]) from None
    when = parse_when(text, now=ctx.now(), tz=ctx.tz, lang=ctx.lang)
    if not when.ok:
        raise Invalid("team.days_off_bad", value=text[:40])
    return when.at.astimezone(ctx.tz).date()


def read_days_off(text: str, ctx: Context) -> list[str]:
    """The school's study days and other days off: days and ranges, separated by commas ("5 januari,
    2027-03-10 t/m 2027-03-12"), as ISO days; [] for "geen". A day that cannot be read is refused
    with the entry that failed, nothing is kept."""
    if text.strip().casefold() in NO_DAYS_WORDS:
        return []
    days: set[date] = set()
    for entry in (e for e in _ENTRIES.split(text.strip()) if e.strip()):
        first, *rest = _RANGE.split(entry, maxsplit=1)
        start = _one_day(first, ctx)
        end = _one_day(rest[0], ctx) if rest else start
        if end < start or (end - start).days > MAX_DAYS_OFF_RANGE:
            raise Invalid("team.days_off_bad_range", value=entry.strip()[:40])
        days.update(start + timedelta(days=n) for n in range((end - start).days + 1))
    if not days:
        raise Invalid("team.days_off_bad", value=text.strip()[:40])
    return sorted(day.isoformat() for day in days)


def _days_off(text: str, ctx: Context, answers: dict) -> list[str]:
    return read_days_off(text, ctx)


def replan_team(ctx: Context) -> int:
    """New reminder rules for every open action's pending reminders (a snooze is kept) and the
    team's own reminders; how many actions were replanned."""
    found = action_store.open_actions(ctx.session, ctx.team.id)
    for action in found:
        until = reminders.snoozed_until(ctx.session, action.id)
        reminders.plan_action_reminders(ctx.session, ctx.team, action, ctx.now())
        if until is not None:
            reminders.snooze_action(ctx.session, ctx.team, action, until)
    reminders.replan_team_rows(ctx.session, ctx.team, ctx.now())
    return len(found)


def _store_reminder_settings(ctx: Context, settings: ReminderSettings) -> None:
    settings.store(ctx.team)
    ctx.session.add(ctx.team)
    replan_team(ctx)


def meetings_on_days_off(ctx: Context) -> Reply | None:
    """Meetings already planned on one of the team's days off (a study day added later, or the school
    holidays turned back on): pointed out with how to move them; the bot moves nothing by itself."""
    off = ReminderSettings.of(ctx.team).holidays
    clashes = [m for m in plans.upcoming(ctx.session, ctx.team, ctx.now())
               if plans.aware(m.starts_at).astimezone(ctx.tz).date() in off]
    if not clashes:
        return None
    when = [f"#{m.id} {spell_date(plans.aware(m.starts_at).astimezone(ctx.tz).date(), ctx.lang)}" for m in clashes]
    return Reply(ctx.t("team.meetings_on_days_off", count=len(clashes), meetings=spell_list(when, ctx.lang),
                       number=clashes[0].id))


def _days_off_text(ctx: Context, days: frozenset[date]) -> str:
    """Upcoming days off, short: "5 januari 2027, 10 maart 2027 en nog 3"; "-" when none."""
    today = ctx.now().astimezone(ctx.tz).date()
    upcoming = sorted(d for d in days if d >= today)
    if not upcoming:
        return "-"
    text = spell_list([spell_date(d, ctx.lang) for d in upcoming[:SHOWN_DAYS_OFF]], ctx.lang)
    if len(upcoming) > SHOWN_DAYS_OFF:
        text += " " + ctx.t("team.days_off_more", count=len(upcoming) - SHOWN_DAYS_OFF)
    return text


def _school_holidays_text(ctx: Context, settings: ReminderSettings) -> str:
    if not (ctx.team.settings or {}).get("region"):
        return ctx.t("team.school_holidays_no_region")
    return ctx.t("team.school_holidays_on" if settings.skip_school_holidays else "team.school_holidays_off")


def _summary_lines(ctx: Context, answers: dict) -> list[str]:
    """Every answer given, numbered by its step in the order asked ("-" where one was skipped); the
    number is what "wijzig N" at the confirmation changes."""
    members = answers.get("members") or []
    member_lines = [f"   - {m['name']}: {spell_list([ctx.t('role.' + r) for r in m['roles']], ctx.lang)}"
                    for m in members] or ["   " + ctx.t("team.summary_no_new_members")]

    def given(key: str) -> str:
        return ctx.t(f"team.setting_{key}", value=answers.get(key) or "-")

    lines = {
        "name": [ctx.t("team.summary_line_name", value=answers.get("name") or ctx.team.name)],
        "kind": [ctx.t("team.summary_line_kind", value=ctx.t(f"team.kind_{answers['kind']}"))],
        "school_type": [ctx.t("team.summary_line_school", value=answers["school_type"])],
        "goal": [given("goal")],
        "members": [ctx.t("team.summary_line_members"), *member_lines],
        "on_call": [given("on_call")], "substitute": [given("substitute")],
        "frequency": [ctx.t("team.summary_line_frequency", value=frequency_text(ctx, answers.get("frequency")))],
        "place": [ctx.t("team.summary_line_place", value=answers.get("place") or "-")],
        "case_deadline_days": [ctx.t("team.summary_line_deadline", value=answers["case_deadline_days"])
                               if answers.get("case_deadline_days") not in (None, "")
                               else ctx.t("team.setting_case_deadline_days_unset")],
        "agenda_by": [given("agenda_by")], "privacy": [given("privacy")], "complaints": [given("complaints")],
        "region": [ctx.t("team.summary_line_region", value=ctx.t(f"team.region_{answers['region']}")
                         if answers.get("region") else "-")],
        "days_off": [ctx.t("team.setting_days_off", value=_days_off_text(
            ctx, frozenset(date.fromisoformat(d) for d in answers.get("days_off") or ())))],
    }
    numbered = []
    for number, step in enumerate(CHANGEABLE, start=1):
        first, *rest = lines[step]
        numbered += [f"{number}. {first}", *rest]
    return numbered


def _summary(ctx: Context, answers: dict) -> dict:
    return {"summary": "\n".join(_summary_lines(ctx, answers))}


def _change_at_confirm(ctx: Context, dialogue, text: str, answers: dict):
    """"wijzig 9" / "change 9" (or "wijzig plaats") at "Klopt dit?": that one question is asked again,
    then the summary comes back; the other answers stay (not asked again)."""
    match = CHANGE_ANSWER.match(text.strip())
    if match is None:
        return None
    wanted = match.group(1).casefold()
    number = read_number(wanted, minimum=1, maximum=len(CHANGEABLE))
    step = CHANGEABLE[number - 1] if number else next(
        (key for key, words in {**SETTING_WORDS, **STEP_WORDS}.items() if wanted in words and key in CHANGEABLE), None)
    if step is None and not number:     # "wijzig overleg": a label the summary shows
        step = _read_step(wanted, None)[0]
        step = step if step in CHANGEABLE else None
    if step is None:
        return None
    answers.pop(step, None)
    answers.pop("confirm", None)
    answers[GIVEN] = [name for name in CHANGEABLE if name != step]

    def describe(before: list[str], after: list[str]) -> str:
        return ctx.t("team.changing_members" if step == "members" else "team.changing_step")
    return answers, describe


def _confirm(value: str, ctx: Context, answers: dict) -> str:
    """ja / nee (or their buttons); any other line is told plainly what this question takes, instead of
    a bare "choose one of 2" under the whole summary again."""
    if value in ("yes", "no"):
        return value
    raise Invalid("team.confirm_what")


def finish(ctx: Context, answers: dict) -> list[Reply]:
    if answers.get("confirm") != "yes":
        return [Reply(ctx.t("team.setup_not_saved"), in_thread=True)]
    team = ctx.team
    team.name = answers.get("name") or team.name
    team.kind, team.school_type = answers["kind"], answers["school_type"]
    settings = dict(team.settings)
    for key in ("goal", "on_call", "substitute", "frequency", "place", "case_deadline_days",
                "agenda_by", "privacy", "complaints", "region"):
        if answers.get(key) not in (None, ""):
            settings[key] = answers[key]
    team.settings = settings
    ctx.session.add(team)
    if answers.get("days_off"):
        rules = ReminderSettings.of(team)
        own = rules.own_holidays | frozenset(date.fromisoformat(d) for d in answers["days_off"])
        _store_reminder_settings(ctx, replace_days_off(rules, own))
    for entry in answers.get("members") or []:
        add_member(ctx.session, team, ctx.inbound.transport, entry["user_id"], entry["name"], set(entry["roles"]))
    if ctx.member and policy.becomes_chair_at_setup(ctx.roles, [m["roles"] for m in answers.get("members") or []]):
        add_member(ctx.session, team, ctx.inbound.transport, ctx.member.user_id, ctx.member.display_name, {CHAIR})
    ctx.audit("team/set_up", f"team:{team.id}", members_added=len(answers.get("members") or []),
              settings=sorted(settings))
    replies = [Reply(ctx.t("team.setup_saved", name=team.name), in_thread=True)]
    for warning in (minimum_warning(ctx), second_chair_warning(ctx), meetings_on_days_off(ctx)):
        if warning:
            replies.append(warning)
    return replies


def second_chair_warning(ctx: Context) -> Reply | None:
    """A team has one chair (004:L1482-1492): a second one is pointed out, not silently added."""
    chairs = members_with_role(ctx.session, ctx.team.id, CHAIR)
    if len(chairs) < 2:
        return None
    return Reply(ctx.t("team.second_chair", names=spell_list([m.display_name for m in chairs], ctx.lang)),
                 in_thread=True)


def setting_lines(ctx: Context) -> list[str]:
    """Every set-up answer, as !team shows it ("-" where none was given)."""
    settings = ctx.team.settings or {}
    rules = ReminderSettings.of(ctx.team)
    lines = []
    for key in SETTING_WORDS:
        if key == "days_off":
            lines.append(ctx.t("team.setting_days_off", value=_days_off_text(ctx, rules.own_holidays)))
            continue
        if key == "school_holidays":
            lines.append(ctx.t("team.setting_school_holidays", value=_school_holidays_text(ctx, rules)))
            continue
        value = settings.get(key)
        if key == "frequency":
            value = frequency_text(ctx, value)
        if key == "region" and value in school_holidays.REGIONS:
            value = ctx.t(f"team.region_{value}")
        if key == "case_deadline_days" and value in (None, ""):
            lines.append(ctx.t("team.setting_case_deadline_days_unset"))    # not "- werkdagen"
            continue
        lines.append(ctx.t(f"team.setting_{key}", value="-" if value in (None, "") else value))
    return lines


#: the first answers, shown in the first line of !team, changed with !team inrichten naam|soort|onderwijs
TEAM_FIELDS = ("name", "kind", "school_type")
_FIELD_LINES = {"name": "team.summary_line_name", "kind": "team.summary_line_kind",
                "school_type": "team.summary_line_school"}


def _label(key: str, lang: str) -> str:
    """"Overleg" for "Overleg: {value}": the words before the colon of a line as shown."""
    return t(key, lang, value="").split(":", 1)[0].strip().casefold()


def _step_phrases() -> list[tuple[str, str]]:
    """(typed words, step) for !team inrichten STAP: each step's own words, the labels !team and the
    set-up summary show ("overleg", "bereikbare partners", "informatie binnen") and, when no other step
    has it, a label's first word ("bereikbare", "informatie")."""
    phrases: dict[str, str] = {}
    for key, words in {**{k: STEP_WORDS[k] for k in TEAM_FIELDS}, **SETTING_WORDS}.items():
        for word in words:
            phrases[word] = key
    labels: dict[str, str] = {}
    for lang in LANGUAGES:
        for key in SETTING_WORDS:
            labels.setdefault(_label(f"team.setting_{key}", lang), key)
        for key, line in {**_FIELD_LINES, "frequency": "team.summary_line_frequency",
                          "case_deadline_days": "team.summary_line_deadline",
                          "place": "team.summary_line_place", "region": "team.summary_line_region"}.items():
            labels.setdefault(_label(line, lang), key)
    for label, key in labels.items():
        phrases.setdefault(label, key)
    firsts: dict[str, set[str]] = {}
    for label, key in labels.items():
        firsts.setdefault(label.split()[0], set()).add(key)
    for word, keys in firsts.items():
        if len(keys) == 1:
            phrases.setdefault(word, keys.pop())
    return sorted(phrases.items(), key=lambda item: -len(item[0]))


def _read_step(word: str, text: str | None) -> tuple[str | None, str]:
    """The step and the value of "!team inrichten STAP WAARDE"; a label of more words ("bereikbare
    partners Jan") and a colon after it ("Overleg: elke 2 weken") are read too."""
    typed = " ".join(f"{word} {text or ''}".split())
    folded = typed.casefold()
    for phrase, key in _step_phrases():
        if folded == phrase or folded.startswith(phrase + " ") or folded.startswith(phrase + ":"):
            return key, typed[len(phrase):].lstrip(" :").strip()
    return None, ""


def step_names(ctx: Context) -> str:
    """naam · soort · onderwijs · doel · piket · ...: what !team inrichten STAP takes, in the member's language."""
    index = 1 if ctx.lang == "en" else 0
    return " · ".join(words[index] for words in [*(STEP_WORDS[k] for k in TEAM_FIELDS), *SETTING_WORDS.values()])


def change_setting(ctx: Context, word: str, text: str | None) -> list[Reply]:
    """!team inrichten STAP WAARDE: one answer changed, read as the set-up question reads it; STAP is the
    step's name or the label !team shows for it."""
    key, value_text = _read_step(word, text)
    if key is None:
        return [Reply(ctx.t("team.setting_unknown", word=word[:24], steps=step_names(ctx)))]
    if not value_text:
        return [Reply(ctx.t("team.setting_needs_value", word=word.rstrip(":")))]
    if key in REMINDER_KEYS:
        return [_change_reminder_setting(ctx, key, value_text)]
    step = TEAM_SETUP.step(key)
    try:
        if key == "frequency":          # "5" is five weeks here, not the 5th button of the question
            value = _frequency(value_text, ctx, {})
        elif step.options:
            value = match_option(value_text, ctx, step) or (value_text if step.free_text_option else None)
            if value is None:
                raise Invalid("team.setting_not_an_option")
            value = step.parse(value, ctx, {}) if step.parse else value
        else:
            value = step.parse(value_text, ctx, {}) if step.parse else value_text
    except Invalid as problem:
        return [Reply(ctx.t(problem.key, **problem.values))]
    if key in TEAM_FIELDS:
        return _change_team_field(ctx, key, value)
    ctx.team.settings = {**(ctx.team.settings or {}), key: value}
    ctx.session.add(ctx.team)
    ctx.audit("team/setting_changed", f"team:{ctx.team.id}", setting=key)
    saved = ctx.t("team.setting_saved", line=setting_lines(ctx)[list(SETTING_WORDS).index(key)])
    if key == "region":             # another region: other school holidays, maybe on a planned meeting
        replan_team(ctx)
        clash = meetings_on_days_off(ctx)
        if clash:
            saved += "\n" + clash.text
    return [Reply(saved)]


def _change_team_field(ctx: Context, key: str, value: str) -> list[Reply]:
    """The team's name, kind (zorgteam, ZAT, CvB) or school type; another kind may want other members."""
    team = ctx.team
    setattr(team, key, value)
    ctx.session.add(team)
    ctx.audit("team/setting_changed", f"team:{team.id}", setting=key)
    shown = ctx.t(f"team.kind_{value}") if key == "kind" else value
    replies = [Reply(ctx.t("team.setting_saved", line=ctx.t(_FIELD_LINES[key], value=shown)))]
    warning = minimum_warning(ctx) if key == "kind" else None
    if warning:
        replies.append(warning)
    return replies


def replace_days_off(rules: ReminderSettings, own: frozenset[date]) -> ReminderSettings:
    """The rules with `own` as the team's own days off (the region's holidays stay apart)."""
    return replace(rules, holidays=own | rules.school_holidays)


def _change_reminder_setting(ctx: Context, key: str, text: str) -> Reply:
    reply, saved = _save_reminder_setting(ctx, key, text)
    clash = meetings_on_days_off(ctx) if saved else None
    return Reply(f"{reply.text}\n{clash.text}") if clash else reply


def _save_reminder_setting(ctx: Context, key: str, text: str) -> tuple[Reply, bool]:
    """!team inrichten vrij DAGEN (added to the team's days off; "geen" clears them) and
    !team inrichten vakanties aan|uit: kept with the reminder rules, which are replanned."""
    rules = ReminderSettings.of(ctx.team)
    if key == "days_off":
        try:
            days = read_days_off(text, ctx)
        except Invalid as problem:
            return Reply(ctx.t(problem.key, **problem.values)), False
        own = rules.own_holidays | frozenset(date.fromisoformat(d) for d in days) if days else frozenset()
        updated = replace_days_off(rules, own)
    else:
        word = text.strip().casefold()
        if word not in ON_WORDS | OFF_WORDS:
            return Reply(ctx.t("team.school_holidays_on_off")), False
        updated = replace(rules, skip_school_holidays=word in ON_WORDS)
    _store_reminder_settings(ctx, updated)
    ctx.audit("team/setting_changed", f"team:{ctx.team.id}", setting=key)
    return Reply(ctx.t("team.setting_saved", line=setting_lines(ctx)[list(SETTING_WORDS).index(key)])), True


def minimum_warning(ctx: Context) -> Reply | None:
    missing, source = missing_minimum(ctx.team.kind, team_roles(ctx.session, ctx.team.id))
    if not missing:
        return None
    names = spell_list([ctx.t(f"role.{role}") for role in missing], ctx.lang)
    return Reply(ctx.t("team.minimum_missing", roles=names, kind=ctx.t(f"team.kind_{ctx.team.kind}"),
                       source=source), in_thread=True)


TEAM_SETUP = Dialogue(
    name="team_setup",
    title="team.setup_title",
    steps=[
        Step("name", "team.q_name", parse=_name, optional=True,
             prompt_values=lambda ctx, a: {"current": ctx.team.name}),
        Step("kind", "team.q_kind", options=KIND_OPTIONS),
        Step("school_type", "team.q_school_type", options=SCHOOL_OPTIONS),
        Step("goal", "team.q_goal", optional=True),
        Step("members", "team.q_members", parse=_member, repeat=True),
        Step("on_call", "team.q_on_call", optional=True),
        Step("substitute", "team.q_substitute", parse=_person, optional=True),
        Step("frequency", "team.q_frequency", options=FREQUENCY_OPTIONS, free_text_option=True, parse=_frequency),
        Step("place", "team.q_place", optional=True),
        Step("case_deadline_days", "team.q_case_deadline", parse=_deadline),
        Step("agenda_by", "team.q_agenda_by", parse=_agenda_by, optional=True),
        Step("privacy", "team.q_privacy", optional=True),
        Step("complaints", "team.q_complaints", optional=True),
        Step("region", "team.q_region", parse=_region, optional=True),
        Step("days_off", "team.q_days_off", parse=_days_off, optional=True),
        Step("confirm", "team.q_confirm", options=CONFIRM_OPTIONS, free_text_option=True, parse=_confirm,
             prompt_values=_summary, details=_summary_lines, corrects=_change_at_confirm),
    ],
    finish=finish,
)
DIALOGUES = [TEAM_SETUP]

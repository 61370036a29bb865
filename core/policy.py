"""Every access rule and every privacy decision, as pure functions over plain data.

Handlers and the router ask; they do not decide. Nothing here reads the database or a transport:
callers pass in what they know (roles held, who owns what, the team's settings, the consent
option in force), so each rule can be tested on its own.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Collection, Mapping

from core.knowledge import load_area
from core.roles import ADMIN, CHAIR, DIRECTOR, IB, lead_roles

Roles = frozenset[str]

# -- who may do what -----------------------------------------------------------------------
# Actions: the owner, or the team's chair or IB'er, may change one (the chair leads, the IB'er
# monitors: 003:L4034-4058).
ACTION_LEAD_ORDER: tuple[str, ...] = (CHAIR, IB)
ACTION_LEADS: Roles = frozenset(ACTION_LEAD_ORDER)
# Telegram: the chair or IB'er links a member's account and binds the team's group.
LINKERS: Roles = frozenset({CHAIR, IB})
# A closed meeting may be reopened this long after its close (zorgbot default: the issue asks for a
# set time, "default a week"; the seed sets no term).
REOPEN_WINDOW = timedelta(days=7)


def may_run_command(command_roles: Collection[str], held: Collection[str]) -> bool:
    """A command declared for some roles runs for a member holding any of them; one declared for
    none runs for every member (the router checks membership and team separately)."""
    return not command_roles or bool(set(held) & set(command_roles))


def shown_in_help(command_roles: Collection[str], held: Collection[str], *, is_member: bool,
                  needs_team: bool = False) -> bool:
    """!help lists what the member may run. Someone not (yet) a member sees only what needs no team
    (an administrator excepted): listing what would only be refused teaches nothing."""
    if not is_member:
        return not needs_team or ADMIN in held
    return may_run_command(command_roles, held)


def may_change_action(member_id: int | None, held: Collection[str], owner_id: int | None) -> bool:
    """Only the owner, the chair or the IB'er may change an action; nobody unknown may."""
    if member_id is None:
        return False
    return member_id == owner_id or bool(set(held) & ACTION_LEADS)


def may_steer_meeting(member_id: int | None, held: Collection[str], delegates: Collection[int], *,
                      team_has_chair: bool) -> bool:
    """Start, steer and close a meeting: the chair, or a member the chair delegated to for this
    meeting. A team without a chair is led by its IB'er or director, who chair a zorgteam by default
    (004:L1482-1492)."""
    if member_id is None:
        return False
    if CHAIR in held or member_id in delegates:
        return True
    return not team_has_chair and bool(set(held) & lead_roles())


def may_reopen_meeting(may_steer: bool, closed_at: datetime | None, now: datetime, *,
                       window: timedelta = REOPEN_WINDOW) -> bool:
    """A closed meeting is reopened by whoever may steer it (the chair or the chair's delegate), and
    only within a set time after the close (zorgbot default a week), so minutes that went round do
    not change months later. Every reopening is audited by the caller."""
    return may_steer and closed_at is not None and now - closed_at <= window


def may_register_after_deadline(held: Collection[str]) -> bool:
    """Putting a case on a meeting whose registration deadline has passed is the chair's decision
    (the chair prepares the agenda with the IB'er, 004:L2356-2364; the deadline is the team's own,
    004:L2254-2256)."""
    return CHAIR in held


def may_correct_meeting(may_steer: bool, running: bool) -> bool:
    """Decisions typed during a meeting are listed, edited and removed by whoever steers it, while it
    runs (a closed meeting is reopened first, which is audited)."""
    return may_steer and running


def may_change_typed_note(member_id: int | None, author_id: int | None, *, may_steer: bool, running: bool) -> bool:
    """A decision typed during a meeting is changed through the chat platform (a Matrix edit or
    redaction of the message it came from) by the member who typed it or by whoever steers the
    meeting (the chair or the chair's delegate), and only while the meeting runs: a closed meeting is
    reopened first, as for `!wijzig besluit`. A room moderator removing someone else's message does
    not take the decision out of the minutes."""
    if member_id is None or not running:
        return False
    return may_steer or member_id == author_id


def typed_action_kept(*, still_open: bool, changed_since: bool) -> str | None:
    """Why an edit or redaction of an `actie:` line leaves the action it created as it is, or None
    when the action follows the message. The message's author or whoever steers may change it
    (may_change_typed_note), but only while the action is still what the line made of it: an action
    already done or struck ("closed"), or since changed by command (`!verzet`, `!overdragen`, ...;
    "changed"), keeps what was decided later rather than an edit of the first wording (zorgbot's
    own rule, issue 16)."""
    if not still_open:
        return "closed"
    if changed_since:
        return "changed"
    return None


def case_codes_refusal(may_steer: bool, transport: str, *, encrypted: bool,
                       identity_held: bool = False) -> str | None:
    """Why the case code behind an anonymous label ("anonieme casus A") may not be shown here (a
    catalog key), or None when it may. A case without naming consent is discussed anonymously
    (003:L2827-2833); the letter lets the team tell such cases apart without the code. That only
    the one who steers the meeting (chair or delegate) may look behind it, and only where the answer
    is end-to-end encrypted (a Matrix room or DM with encryption, or the local console), is zorgbot's
    own rule (issue 16), not one from the sources. Telegram is never end-to-end encrypted, and no
    deployment switch lifts this (unlike case_data_refusal)."""
    if not may_steer:
        return "meeting.codes_chair_only"
    if identity_held:
        return "matrix.identity_held_case_data"
    if transport == "telegram" or not encrypted:
        return "meeting.codes_needs_encryption"
    return None


def may_decide_without_consent(held: Collection[str]) -> bool:
    """Discussing a pupil without consent is the director's decision, with reasons on record
    (003:L2948-2956); the IB'er involves the director, but cannot decide it."""
    return DIRECTOR in held


def may_forget_case(held: Collection[str]) -> bool:
    """Erasing a case is the chair's; checked again when the confirmation comes, because the role may
    have changed while the question was open."""
    return CHAIR in held


def becomes_chair_at_setup(held: Collection[str], new_members_roles: Collection[Collection[str]]) -> bool:
    """A team always has a chair: who sets the team up becomes its chair, unless they are one already
    or the set-up names one."""
    return CHAIR not in held and not any(CHAIR in roles for roles in new_members_roles)


def may_bind_any_team(held: Collection[str]) -> bool:
    """An administrator of the deployment may bind a room or a Telegram group to any team."""
    return ADMIN in held


def may_link_for_team(team_roles: Collection[str]) -> bool:
    """Link Telegram accounts of, and bind a group to, a team where the member holds these roles."""
    return bool(set(team_roles) & LINKERS)


def may_address_bot(known: bool, *, redeems_link_code: bool) -> bool:
    """On Telegram, an account that is neither an administrator nor linked to a member may only
    redeem a link code; anything else gets one polite refusal and reaches no team."""
    return known or redeems_link_code


def may_set_privacy_level(old: str, new: str, *, encrypted: bool) -> bool:
    """Showing more over Telegram is decided only where the decision itself cannot be tampered with:
    in an end-to-end encrypted room. Lowering the level is allowed anywhere."""
    return encrypted or not is_privacy_raise(old, new)

# -- what may be named ---------------------------------------------------------------------
# The four consent options in rank order (003:L2827-2956; the data is consent.toml [options.*]).
CONSENT_OPTIONS: tuple[str, ...] = ("written_consent", "no_objection", "anonymous", "without_consent")
NAMING_RULES: tuple[str, ...] = ("always", "unless_objected", "never")


def naming_allowed(option: str | None, objected: bool) -> bool:
    """May a case be shown by its code under this consent option? No record (None) means no.

    written_consent: yes, unless withdrawn (objected=True); no_objection: yes unless objected;
    anonymous: never; without_consent: yes, on the director's decision (checked by the caller's
    record, see state/privacy.py). The rules are data: consent.toml (options.*.naming).
    """
    if option is None:
        return False
    if option not in CONSENT_OPTIONS:
        raise ValueError(f"unknown consent option {option!r}; expected one of {CONSENT_OPTIONS}")
    rule = load_area("consent")["options"][option]["naming"]
    if rule == "always":
        return True
    if rule == "unless_objected":
        return not objected
    return False


# Team kinds a consent record can name in its `teams` list; other kinds (e.g. a CvB) are not limited by it.
COVERABLE_KINDS: frozenset[str] = frozenset({"zorgteam", "zat"})


def record_covers_team(record_teams: Collection[str], team_kind: str | None) -> bool:
    """A record that names the meetings it covers (zorgteam, ZAT) covers only those (003:L2851-2855)."""
    if not record_teams:
        return True
    return team_kind not in COVERABLE_KINDS or team_kind in record_teams


def naming_decision(option: str | None, *, objected: bool, withdrawn: bool, director_decided: bool,
                    record_teams: Collection[str], team_kind: str | None) -> tuple[bool, str]:
    """(may the case be shown by its code, catalog key of the reason), from the newest consent record:

    - no record, or the anonymous option: anonymous (003:L2827-2833, L2902-2906);
    - after an objection (no-objection option) or a withdrawal (written consent): anonymous at once
      (003:L2885-2887);
    - without consent: by code only on a recorded decision of the director (003:L2948-2956);
    - a record that names the meetings it covers covers only those (003:L2851-2855).
    """
    allowed = naming_allowed(option, objected)
    if option is None:
        return False, "consent.naming_no_record"
    if option == "anonymous":
        return allowed, "consent.naming_anonymous"
    if not allowed:
        return False, "consent.naming_withdrawn" if withdrawn else "consent.naming_objection"
    if option == "without_consent" and not director_decided:
        # The rule allows naming only on the director's decision; a record without one never names.
        return False, "consent.naming_no_director"
    if not record_covers_team(record_teams, team_kind):
        return False, "consent.naming_team_not_covered"
    return True, "consent.naming_allowed"


# -- what may travel over which transport ---------------------------------------------------
# Telegram is not end-to-end encrypted, so each team chooses what may travel over it (the team
# setting `telegram_privacy`): "none" advice only (consent and escalation rules); "codes" (default)
# case codes, actions, reminders and agenda without case details; "full" everything. A Reply says
# what it reveals (`privacy`: advice < codes < full); unlabelled counts as "codes".
TELEGRAM_PRIVACY_SETTING = "telegram_privacy"
PRIVACY_LEVELS: tuple[str, ...] = ("none", "codes", "full")
DEFAULT_PRIVACY_LEVEL = "codes"
_LEVEL_RANK = {"none": 0, "codes": 1, "full": 2}
_REPLY_RANK = {"advice": 0, "codes": 1, "full": 2}
_LEVEL_WORDS = {"none": ("none", "geen", "advies", "advice", "niets", "nothing"),
                "codes": ("codes", "code"),
                "full": ("full", "volledig", "alles", "all")}


def parse_privacy_level(word: str) -> str | None:
    """The level a member typed (Dutch or English), or None."""
    word = word.strip().casefold()
    return next((level for level, words in _LEVEL_WORDS.items() if word in words), None)


def team_privacy_level(team_settings: Mapping[str, object] | None) -> str:
    """The team's Telegram level; no team, no setting or a damaged value give the default."""
    value = (team_settings or {}).get(TELEGRAM_PRIVACY_SETTING, DEFAULT_PRIVACY_LEVEL)
    return value if value in _LEVEL_RANK else DEFAULT_PRIVACY_LEVEL


def is_privacy_raise(old: str, new: str) -> bool:
    """Does this change let more travel over Telegram? (Only from an encrypted room, see link.)"""
    return _LEVEL_RANK[new] > _LEVEL_RANK[old]


def reply_rank(reply_privacy: str) -> int:
    """How much a reply reveals; an unknown label counts as more than anything, so it never travels."""
    return _REPLY_RANK.get(reply_privacy, 3)


def may_travel(reply_privacy: str, level: str) -> bool:
    """May a reply labelled `reply_privacy` be sent where the team's level is `level`?"""
    return reply_rank(reply_privacy) <= _LEVEL_RANK.get(level, 0)


def may_travel_one_level_down(reply_privacy: str, level: str) -> bool:
    """May the reply's withheld text (the same reply one level down) travel at this level?"""
    return reply_rank(reply_privacy) - 1 <= _LEVEL_RANK.get(level, 0)


def case_data_refusal(transport: str, *, encrypted: bool, require_encryption: bool,
                      telegram_level: str | None, identity_held: bool = False) -> str | None:
    """Why a case-data command may not run here (a catalog key), or None when it may.

    A member whose Matrix identity changed and is not yet accepted gets no case data at all.
    Telegram: refused only where the team allows advice alone. Elsewhere case data needs an
    end-to-end encrypted room, unless the deployment switched that requirement off.
    """
    if identity_held:
        return "matrix.identity_held_case_data"
    if transport == "telegram":
        return "telegram.case_data_refused" if telegram_level == "none" else None
    if encrypted or not require_encryption:
        return None
    return "router.needs_encryption"


def action_change_refusal(transport: str, *, telegram_level: str | None) -> str | None:
    """Why a command that changes a team's actions (done, reopen, reschedule, ...) may not run here.

    On Telegram at "none" (advice only) the team keeps its actions in the encrypted channel, as the
    level's notice says: changing them over Telegram is refused with the case-data explanation.
    Everywhere else these commands reveal no more than a number and run as before.
    """
    if transport == "telegram" and telegram_level == "none":
        return "telegram.case_data_refused"
    return None


@dataclass(frozen=True)
class LanguageChoice:
    """The language of a reply, the rule that gave it, and what the reply would have been in had
    the message itself said nothing (to tell a member once that zorgbot followed their message)."""

    language: str
    rule: str          # forced | member | dialogue | message | recent | team | app | default
    otherwise: str


def language_choice(transport: str, *, direct: bool, member_language: str | None, team_language: str | None,
                    app_language: str | None, default: str, forced: str | None = None,
                    message_language: str | None = None, recent_language: str | None = None,
                    answering_dialogue: bool = False) -> LanguageChoice:
    """The language a reply is written in, in this order:

    1. the operator's --lang (`forced`);
    2. the member's own choice (`!taal` / `!language`), where they read alone;
    3. the language of the message itself, when it is clearly English or Dutch (`message_language`:
       a command's English or Dutch name, or the words of a plain line); except that an answer in an
       open dialogue keeps the language the dialogue runs in (`recent_language`, else rule 4's);
    4. the language this member last used here (`recent_language`: "2" or "ja" in an English
       exchange stays English), else the team's language, else the platform's hint (Telegram);
    5. the default.

    A Telegram group is read by the whole team at once: there a member's own choice and their last
    language do not count, the team's language does (the message's own language and a dialogue's
    still do). A member's language applies in their private chat with the bot.
    """
    if forced:
        return LanguageChoice(forced, "forced", forced)
    group = transport == "telegram" and not direct
    if member_language and not group:
        return LanguageChoice(member_language, "member", member_language)
    fallback = [("team", team_language), ("app", app_language), ("default", default)]
    if not group:
        fallback.insert(0, ("recent", recent_language))
    rule, otherwise = next((rule, value) for rule, value in fallback if value)
    if answering_dialogue:   # the dialogue runs in the language it started in: the last one kept, else rule 4
        kept = recent_language or otherwise
        return LanguageChoice(kept, "dialogue", kept)
    if message_language:
        return LanguageChoice(message_language, "message", otherwise)
    return LanguageChoice(otherwise, rule, otherwise)


def reply_language(transport: str, *, direct: bool, member_language: str | None, team_language: str | None,
                   app_language: str | None, default: str, forced: str | None = None,
                   message_language: str | None = None, recent_language: str | None = None,
                   answering_dialogue: bool = False) -> str:
    """The language a reply is written in (see language_choice for the order)."""
    return language_choice(transport, direct=direct, member_language=member_language, team_language=team_language,
                           app_language=app_language, default=default, forced=forced,
                           message_language=message_language, recent_language=recent_language,
                           answering_dialogue=answering_dialogue).language


def language_note_due(choice: LanguageChoice, *, noted_before: bool) -> bool:
    """Whether a reply ends with the one line on how to fix the language: only when the message's
    own language changed it (not a choice, not the operator), and only the first time here."""
    return choice.rule == "message" and choice.language != choice.otherwise and not noted_before


# -- reminders in rooms without end-to-end encryption ---------------------------------------------
# Room.settings flag: reminders and digests may go into this room although it has no end-to-end
# encryption (a lead set it with !onversleuteld aan). Without it such a room is skipped.
UNENCRYPTED_REMINDERS = "unencrypted_reminders"


def unencrypted_reminders_allowed(room_settings: dict | None) -> bool:
    return bool((room_settings or {}).get(UNENCRYPTED_REMINDERS))

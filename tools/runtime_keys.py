"""Catalog keys the code builds at run time, e.g. t(f"role.{role}"): each pattern with every value it
can take. tools/locales.py counts these keys as used and checks that each exists in nl and en; an
f-string key in the code whose pattern is not listed here is reported, so add new ones here.
"""
from core.i18n import LANGUAGES
from core.roles import ADMIN, ROLES
from dialogues.knowledge.facts import Facts
from dialogues.team_setup import SETTING_WORDS
from dialogues.understanding import topic_ids
from handlers.help import AREAS, OTHER

# Closed sets spelled once here where the code keeps them as string literals at the call site.
TEAM_KINDS = ("zorgteam", "zat", "cvb")
DATE_PROBLEMS = ("ambiguous", "invalid_date", "passed_meanwhile", "past", "unparsed")
MEETING_STATUSES = ("planned", "running", "closed", "cancelled", "moved")
BRIEF_FIELDS = ("question_teacher", "question_parents", "question_pupil", "reason", "core", "child_factors",
                "family_factors", "school_factors", "school_limits", "strengths", "done_so_far",
                "zorgteam_analysis", "title")
PLAN_FIELDS = ("contact", "feedback_parents", "feedback_teacher", "vir")

RUNTIME_KEYS: dict[str, tuple[str, ...]] = {
    "role.{}": tuple(ROLES) + (ADMIN,),
    "language.{}": tuple(LANGUAGES),
    "team.kind_{}": TEAM_KINDS,
    "team.every_{}_weeks": ("1", "2", "3", "4", "6"),
    "team.region_{}": ("noord", "midden", "zuid"),
    "holiday.{}": ("herfstvakantie", "kerstvakantie", "voorjaarsvakantie", "meivakantie", "zomervakantie"),
    "action.already_{}": ("cancelled", "done", "open"),
    "action.date_{}": DATE_PROBLEMS + ("far",),      # far: a due date more than a year ahead
    "action.mark_{}": ("cancelled", "done", "overdue"),
    "consent.event_{}": ("decision", "given", "objection", "withdrawal"),
    "consent.giver_{}": ("both", "director", "parents", "pupil"),
    "consent.letter_team_{}": TEAM_KINDS,
    "consent.teams_{}": ("both", "zat", "zorgteam"),
    "escalation.reason_{}": ("behaviour", "care_needs", "insufficient_progress", "other"),
    "meeting.action_{}": ("cancelled", "done"),
    "meeting.field_{}": BRIEF_FIELDS,
    "meeting.follow_up_reason_{}": ("actions", "evaluation"),
    "meeting.gap_{}": PLAN_FIELDS + ("actions", "coordinator"),
    "meeting.invite_{}": ("cancelled", "ics", "moved", "planned", "queued", "series"),
    "meeting.kind_{}": ("follow_up", "new", "other"),
    "meeting.marked_{}": ("absent", "present"),
    "meeting.phase_name_{}": ("analysis", "directions", "discussion", "plan", "progress", "round"),
    "meeting.phase_{}": ("analysis", "directions", "discussion", "plan", "progress", "round"),
    "meeting.plan_noted_{}": PLAN_FIELDS,
    "meeting.plan_{}": PLAN_FIELDS,
    "meeting.q_{}": BRIEF_FIELDS[:-1],
    "meeting.status_{}": MEETING_STATUSES,
    "meeting.when_{}": DATE_PROBLEMS + ("no_time", "series_unparsed"),
    "reminder.{}": ("before_due", "due_day", "overdue", "snooze", "evaluation"),
    # dialogues/consent_advice.py adds "_pupil" to the key when the pupil decides (from 16).
    "consent.advice_letter_hint_{}": ("written", "notice", "written_pupil", "notice_pupil"),
    "reminder_settings.day_{}": tuple(str(day) for day in range(7)),
    # handlers/action_settings.py: one declared sub-command of !instellingen per setting.
    "cmd.instellingen.{}.summary": ("workdays", "time", "quiet", "lead", "holiday", "overview"),
    "help.area.{}": tuple(area for area, _ in AREAS) + (OTHER,),
    "help.area_word.{}": tuple(area for area, _ in AREAS) + (OTHER,),
    # handlers/questions.py names the facts an answer still needs, and offers topics by name.
    "questions.fact_{}": tuple(Facts.__dataclass_fields__),
    "questions.topic.{}": tuple(topic for topic in topic_ids() if not topic.startswith("howto.")),
    "team.setting_{}": tuple(SETTING_WORDS),
}

# f-string patterns under a catalog namespace that are not messages (e.g. database keys).
NOT_MESSAGES: dict[str, str] = {
    "matrix.{}.": "state/matrix_identities.py: KeyValue keys of the Matrix identity records",
}

"""Everything stored about one case: collected for an export, removed by an erasure or the retention.

What belongs to a case is found by walking the foreign keys of the schema from the case row down
(consents, actions and their reminders, agenda items, escalation records, and any table added later
that points at these), plus the audit entries and open conversations that mention the case. Export
and erasure use the same walk, so an export shows exactly what an erasure removes.

Rows of the tables in OWNED are deleted with the case. A row of any other table that points at one
of them through a nullable column only loses the link (the row belongs to something else, e.g. a
meeting); through a required column it is deleted, because it cannot exist without its parent.

The audit log is append-only for the ORM (state/audit.py). An erasure is the one exception: the
case's entries go with an explicit Core DELETE, and one entry `case/erased` without the code is
appended, so the log keeps only that an erasure happened.

What the rows leave behind outside the tables is removed once the erasure commits (state/db.py):
the SQLite WAL is checkpointed and truncated (deleted rows were zeroed by secure_delete), a console
history file left by an earlier version is deleted, and the case's files (exports, letters, and any
other saved file that names the code or the case's anonymous label, such as the minutes of a
meeting that discussed "anonieme casus A") are deleted by `remove_case_files`; the app registers
both as erasure listeners.

Text that belongs to something else but names the code (a note "zelfde gezin als Z-17" on another
case's action, a meeting's details) is kept, with the code replaced by a neutral marker; the
`case/erased` entry counts these rewrites per table, without their content. A code is recognised
in every form the parser accepts (core.cases.fold_code_text): Z–17, Z‑17, Ｚ-17 and z-17 are Z-17.
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Table, delete, select as sa_select, update
from sqlmodel import Session, SQLModel, select

from core.cases import DASH_CLASS
from core.i18n import t
from state.db import ERASED_KEY
from state.models import AuditEntry, Case, Conversation, Draft, KeyValue, Member, Team
from state.privacy import case_letter

OWNED = frozenset({"consent", "action", "reminder", "agendaitem", "escalationrecord"})
DEFAULT_RETENTION_DAYS = 365      # a team choice (!casus bewaartermijn), not a rule from the seeds
MIN_RETENTION_DAYS, MAX_RETENTION_DAYS = 1, 3650
ERASED_SUBJECT = "case:erased"
log = logging.getLogger(__name__)


def aware(moment: datetime | None) -> datetime | None:
    """SQLite hands datetimes back without a zone; they were stored as UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment


@dataclass
class CaseData:
    case: Case
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)   # table name -> rows, in walk order
    links: dict[str, list[tuple[Any, str]]] = field(default_factory=dict)  # table -> (pk, column) to unlink
    audit: list[AuditEntry] = field(default_factory=list)
    conversations: list[Conversation] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    # Small stored facts that quote the case, e.g. the details a member may still ask for with "meer".
    facts: list[KeyValue] = field(default_factory=list)


def _table(name: str) -> Table:
    return SQLModel.metadata.tables[name]


def _children(parent: Table) -> list[tuple[Table, Any]]:
    """(table, column) pairs of every foreign key that points at `parent`."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table is parent and table.name != parent.name:
                found.append((table, key.parent))
    return found


def _pk(table: Table):
    return list(table.primary_key.columns)[0]


def _walk(session: Session, parent: Table, ids: list, data: CaseData, seen: set) -> None:
    for table, column in _children(parent):
        rows = [dict(r) for r in session.execute(sa_select(table).where(column.in_(ids))).mappings().all()]
        pk = _pk(table).name
        fresh = [r for r in rows if (table.name, r[pk]) not in seen]
        if not fresh:
            continue
        if table.name not in OWNED and column.nullable:
            data.links.setdefault(table.name, []).extend((r[pk], column.name) for r in fresh)
            continue
        seen.update((table.name, r[pk]) for r in fresh)
        data.rows.setdefault(table.name, []).extend(fresh)
        _walk(session, table, [r[pk] for r in fresh], data, seen)


def _variants(ch: str) -> str:
    """A regex class for one character of a code as it may have been typed: any dash for the hyphen,
    lower case and fullwidth forms for letters and digits (the forms core.cases.fold_code_text folds)."""
    if ch == "-":
        return f"[{DASH_CLASS}]"
    forms = {ch, ch.lower(), ch.upper()}
    forms |= {chr(ord(f) - 0x21 + 0xFF01) for f in list(forms) if "!" <= f <= "~"}
    return "[" + "".join(re.escape(f) for f in sorted(forms)) + "]"


def _mentions(code: str):
    # A code is a whole token: "Z-1" must not match "Z-17", nor "Z–1" match "Z–17".
    edge = f"A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a{DASH_CLASS}"
    body = "[\u200b-\u200f\u2060\ufeff]*".join(_variants(ch) for ch in code)
    return re.compile(rf"(?<![{edge}]){body}(?![{edge}])")


def collect(session: Session, case: Case) -> CaseData:
    data = CaseData(case=case)
    _walk(session, _table("case"), [case.id], data, set())
    mentions = _mentions(case.code)
    action_subjects = {f"action:{row['number']}" for row in data.rows.get("action", [])}
    for entry in session.exec(select(AuditEntry).where(AuditEntry.team_id == case.team_id)
                              .order_by(AuditEntry.at, AuditEntry.id)).all():
        if (entry.subject == f"case:{case.code}" or entry.subject in action_subjects
                or mentions.search(entry.subject or "") or mentions.search(json.dumps(entry.details))):
            data.audit.append(entry)
    for conversation in session.exec(select(Conversation).where(Conversation.team_id == case.team_id)).all():
        if mentions.search(json.dumps(conversation.answers)):
            data.conversations.append(conversation)
    for draft in session.exec(select(Draft).where(Draft.team_id == case.team_id)).all():
        if mentions.search(json.dumps(draft.answers)):
            data.drafts.append(draft)
    data.facts = [fact for fact in session.exec(select(KeyValue)).all() if mentions.search(fact.value)]
    return data


# -- export -----------------------------------------------------------------------------------------
def _plain(value):
    if isinstance(value, datetime):
        return aware(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def export_data(session: Session, case: Case, now: datetime) -> dict:
    """Everything stored about the case as plain JSON-able data; member ids come with their names."""
    data = collect(session, case)
    names = {m.id: m.display_name for m in session.exec(select(Member).where(Member.team_id == case.team_id)).all()}
    member_columns = {(t.name, k.parent.name) for t in SQLModel.metadata.sorted_tables
                      for k in t.foreign_keys if k.column.table.name == "member"}

    def row_out(table: str, row: dict) -> dict:
        out = {}
        for key, value in row.items():
            out[key] = _plain(value)
            if (table, key) in member_columns and value is not None:
                out[f"{key}_name"] = names.get(value, "")
        return out

    case_row = {c.name: getattr(case, c.name) for c in _table("case").columns}
    return {
        "exported_at": _plain(now),
        "case": row_out("case", case_row),
        "tables": {table: [row_out(table, r) for r in rows] for table, rows in data.rows.items()},
        "audit": [{"at": _plain(e.at), "actor": e.actor, "action": e.action, "subject": e.subject,
                   "details": e.details} for e in data.audit],
    }


# -- erasure ----------------------------------------------------------------------------------------
class ErasedCode(str):
    """The code handed to the erasure listeners (state/db.py passes (team id, code)), carrying what a
    listener needs once the rows are gone: the case's anonymous labels, as saved files show it."""
    labels: tuple[str, ...] = ()


def anonymous_labels(case: Case) -> tuple[str, ...]:
    """"anonieme casus A" and "anonymous case A": how minutes and lists name the case without its code."""
    return tuple(t("case.anonymous_letter", lang, letter=case_letter(case)) for lang in ("nl", "en"))


def _team_rows(table: Table, team_id: int):
    """A select of the table's rows that belong to the team, or None when the table has no team."""
    if table.name == "team":
        return sa_select(table).where(table.c.id == team_id)
    if "team_id" in table.c:
        return sa_select(table).where(table.c.team_id == team_id)
    for key in table.foreign_keys:
        parent = key.column.table
        if "team_id" in parent.c:
            return sa_select(table).where(key.parent.in_(sa_select(_pk(parent)).where(parent.c.team_id == team_id)))
    return None


def _scrub(value, mentions, marker: str) -> tuple[Any, int]:
    """The value with every mention replaced by the marker (in strings, and in lists and dicts of them)."""
    if isinstance(value, str):
        return mentions.subn(marker, value)
    if isinstance(value, list):
        done = [_scrub(v, mentions, marker) for v in value]
        return [v for v, _ in done], sum(n for _, n in done)
    if isinstance(value, dict):
        done = {k: _scrub(v, mentions, marker) for k, v in value.items()}
        return {k: v for k, (v, _) in done.items()}, sum(n for _, n in done.values())
    return value, 0


_TEXT_TYPES = ("AutoString", "String", "Text", "JSON", "VARCHAR")


def scrub_mentions(session: Session, team_id: int, code: str, marker: str) -> dict[str, int]:
    """Replace the code in the free text of the team's remaining rows (another case's action note, a
    meeting's details) by the marker. Returns how many rows changed per table, nothing of the text."""
    mentions, changed = _mentions(code), {}
    for table in SQLModel.metadata.sorted_tables:
        if table.name in ("auditentry", "case"):     # the case's audit entries went; codes are keys
            continue
        columns = [c for c in table.columns if type(c.type).__name__ in _TEXT_TYPES and not c.primary_key]
        query = _team_rows(table, team_id) if columns else None
        if query is None:
            continue
        pk = _pk(table)
        for row in session.execute(query).mappings().all():
            values = {}
            for column in columns:
                new, count = _scrub(row[column.name], mentions, marker)
                if count:
                    values[column.name] = new
            if values:
                session.execute(update(table).where(pk == row[pk.name]).values(values))
                changed[table.name] = changed.get(table.name, 0) + 1
    return changed


def erase_case(session: Session, case: Case, *, actor: str, now: datetime, reason: str = "request") -> None:
    """Delete everything about the case (children before parents) and log only that it happened."""
    session.flush()
    data = collect(session, case)
    team_id, case_id = case.team_id, case.id
    gone: set[tuple[str, Any]] = {("case", case_id)}
    for name, pairs in data.links.items():
        table = _table(name)
        for pk, column in pairs:
            session.execute(update(table).where(_pk(table) == pk).values({column: None}))
    order = [t.name for t in SQLModel.metadata.sorted_tables]   # parents first
    for name in sorted(data.rows, key=order.index, reverse=True):
        table, pk = _table(name), _pk(_table(name))
        ids = [row[pk.name] for row in data.rows[name]]
        session.execute(delete(table).where(pk.in_(ids)))
        gone.update((name, i) for i in ids)
    session.execute(delete(Conversation).where(Conversation.id.in_([c.id for c in data.conversations])))
    gone.update(("conversation", c.id) for c in data.conversations)
    session.execute(delete(Draft).where(Draft.id.in_([d.id for d in data.drafts])))
    gone.update(("draft", d.id) for d in data.drafts)
    session.execute(delete(KeyValue).where(KeyValue.key.in_([f.key for f in data.facts])))
    gone.update(("keyvalue", f.key) for f in data.facts)
    session.execute(delete(Case).where(Case.id == case_id))
    # The explicit exception to the append-only audit log (state/audit.py): the case's own entries,
    # and those of its actions or that mention its code.
    session.execute(delete(AuditEntry).where(AuditEntry.team_id == team_id,
                                             AuditEntry.subject == f"case:{case.code}"))
    session.execute(delete(AuditEntry).where(AuditEntry.id.in_([e.id for e in data.audit])))
    for entry in data.audit:
        gone.add(("auditentry", entry.id))
    # Objects this session still holds for deleted rows must not be flushed or read again.
    for obj in list(session.identity_map.values()):
        table = getattr(type(obj), "__tablename__", None)
        if (table, getattr(obj, "id", None)) in gone:
            session.expunge(obj)
    team = session.get(Team, team_id)
    marker = t("casedata.erased_mention", team.language if team else "nl")
    session.flush()
    session.expire_all()      # the rewrites below go around the ORM; what it holds must be read again
    rewritten = scrub_mentions(session, team_id, case.code, marker)
    details = {"erased_at": _plain(now), "reason": reason}
    if rewritten:
        details["mentions_replaced"] = rewritten     # table -> rows, no text
    session.add(AuditEntry(team_id=team_id, actor=actor, action="case/erased", subject=ERASED_SUBJECT,
                           details=details, at=now))
    session.flush()
    erased = ErasedCode(case.code)
    erased.labels = anonymous_labels(case)
    session.info.setdefault(ERASED_KEY, []).append((team_id, erased))


def remove_history_file(path: str | Path) -> bool:
    """Delete the console's input history that earlier versions kept on disk. Its lines about a case
    mostly do not name it (dialogue answers, "!notitie 1 ..."), so no line-by-line cleaning can be
    complete: the whole file goes. The console no longer writes one (bot/transports/console.py)."""
    path = Path(path)
    if not path.is_file() or path.is_symlink():
        return False
    path.unlink()
    return True


def remove_case_files(folder: str | Path, code: str, labels: tuple[str, ...] | None = None) -> int:
    """Delete every saved file under `folder` whose name or content names the case code (exports and
    letters carry it in their name; minutes and calendars may mention it) or, for minutes of an
    anonymous case, its label ("anonieme casus A": `labels`, by default those an ErasedCode carries).
    Such a file is deleted, not rewritten: a Markdown section can be cut, but an HTML page or a
    calendar cannot be edited reliably, and `!notulen` makes the minutes again from what is left.
    Returns how many."""
    folder = Path(folder)
    if not folder.is_dir():
        return 0
    if labels is None:
        labels = getattr(code, "labels", ())
    code = str(code)
    mentions = _mentions(code)
    named_as = [re.compile(rf"(?<![A-Za-z0-9]){re.escape(label)}(?![A-Za-z0-9])") for label in labels]
    # File names join words with hyphens (export-Z-17.json, toestemming-Z-17-nl.txt); "-7" after the
    # code would make it another code (Z-17-7), "-nl" does not.
    in_name = re.compile(rf"(?<![A-Za-z0-9]){re.escape(code)}(?![A-Za-z0-9]|-[0-9])")
    removed = 0
    for path in folder.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        try:
            named = bool(in_name.search(path.name))
            if not named:
                text = path.read_bytes().decode("utf-8", "replace")
                named = bool(mentions.search(text)) or any(label.search(text) for label in named_as)
            if named:
                path.unlink()
                removed += 1
        except OSError as problem:
            log.warning("a file of an erased case could not be removed", extra={"error": type(problem).__name__})
    return removed


# -- retention --------------------------------------------------------------------------------------
def retention_days(team: Team) -> int:
    value = team.settings.get("retention_days", DEFAULT_RETENTION_DAYS)
    try:
        return max(MIN_RETENTION_DAYS, int(value))
    except (TypeError, ValueError):
        return DEFAULT_RETENTION_DAYS


def purge_expired_cases(session: Session, now: datetime) -> int:
    """Erase every closed case whose team's retention period has passed; the scheduler calls this daily.

    Returns how many cases were erased. Each erasure appends one `case/erased` audit entry.
    """
    erased = 0
    for team in session.exec(select(Team)).all():
        cutoff = now - timedelta(days=retention_days(team))
        closed = session.exec(select(Case).where(Case.team_id == team.id, Case.status == "closed",
                                                 Case.closed_at.is_not(None))).all()
        for case in closed:
            if aware(case.closed_at) <= cutoff:
                erase_case(session, case, actor="system", now=now, reason="retention")
                erased += 1
    return erased

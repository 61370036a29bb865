"""The catalogs and the code agree: every key the code uses (run-time keys included) is in Dutch and
English, in one domain file, translated, with the same placeholders; no key is left over.

One table-driven check (tools/locales.py, also `make locales-check`) lists every problem at once,
instead of one test per key. The other tests show that the check and `make locales-update` catch
and repair what they claim to, and that plural forms are chosen by count.
"""
import shutil
from pathlib import Path

import pytest

from core.i18n import t
from tools.locales import problems, update

ROOT = Path(__file__).resolve().parent.parent


def test_catalogs_agree_with_the_code():
    found = problems(ROOT)
    assert not found, f"{len(found)} catalog problem(s):\n" + "\n".join(found)


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the code and the catalogs to break on purpose."""
    for folder in ("core", "state", "dialogues", "handlers", "bot", "locales"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_check_reports_every_kind_of_problem_at_once(project):
    (project / "handlers" / "extra.py").write_text(
        'def f(ctx, x):\n    return ctx.t("team.brand_new_key"), ctx.t(f"team.fresh_{x}")\n', encoding="utf-8")
    replace(project / "locales" / "en" / "LC_MESSAGES" / "messages.po", 'msgstr "Only this role may do that: {roles}. Ask someone who has it."',
            'msgstr "Only this role may do that: {role}."')
    replace(project / "locales" / "nl" / "LC_MESSAGES" / "actions.po",
            'msgstr "Notitie bij actie #{number} bewaard ({count} in totaal)."', 'msgstr ""')
    for lang in ("nl", "en"):
        with open(project / "locales" / lang / "LC_MESSAGES" / "messages.po", "a", encoding="utf-8") as fh:
            fh.write('\nmsgid "team.left_over"\nmsgstr "x"\n\n#~ msgid "team.ancient"\n#~ msgstr "y"\n')

    found = "\n".join(problems(project))

    assert "missing nl team.brand_new_key (used at handlers/extra.py:2)" in found
    assert "missing en team.brand_new_key" in found
    assert "undeclared run-time key 'team.fresh_{}' at handlers/extra.py:2" in found
    assert "placeholders router.needs_role: nl ['roles'] but en ['role']" in found
    assert "obsolete nl team.left_over in messages.po" in found
    assert "obsolete en team.left_over in messages.po" in found
    assert "empty nl action.noted in actions.po" in found
    assert "obsolete nl team.ancient kept as #~ in messages.po: remove it" in found
    assert "team.setup_saved" not in found   # a sound key is not reported


def test_the_check_covers_run_time_keys(project):
    """A value of a declared run-time key that is missing from a catalog is reported."""
    for lang in ("nl", "en"):
        po = project / "locales" / lang / "LC_MESSAGES" / "messages.po"
        text = po.read_text(encoding="utf-8")
        start = text.index('msgid "role.jgz"')
        end = text.index("\n\n", start)
        po.write_text(text[:start] + text[end + 2:], encoding="utf-8")
    found = problems(project)
    assert "missing nl role.jgz (used at tools/runtime_keys.py (role.{}))" in found


def test_update_puts_new_keys_in_their_capability_file_and_leaves_the_rest_alone(project):
    before = {po: po.read_bytes() for po in (project / "locales").rglob("*.po")}
    with open(project / "handlers" / "meetings.py", "a", encoding="utf-8") as fh:
        fh.write('\n\nLATER = "meeting.brand_new"\n')

    changes = update(project)

    assert any("meetings.po: meeting.brand_new added" in line for line in changes)
    for lang in ("nl", "en"):
        po = project / "locales" / lang / "LC_MESSAGES" / "meetings.po"
        assert 'msgid "meeting.brand_new"\nmsgstr ""' in po.read_text(encoding="utf-8")
    untouched = [po for po, content in before.items() if po.name != "meetings.po"]
    assert all(po.read_bytes() == before[po] for po in untouched)
    assert "empty nl meeting.brand_new in meetings.po" in problems(project)
    # Every key of the real catalogs survives: nothing else is missing or obsolete afterwards.
    assert [p for p in problems(project) if "meeting.brand_new" not in p] == []


def test_update_on_agreeing_catalogs_changes_nothing(project):
    before = {po: po.read_bytes() for po in (project / "locales").rglob("*.po")}
    assert update(project) == []
    assert {po: po.read_bytes() for po in (project / "locales").rglob("*.po")} == before


@pytest.mark.parametrize("lang, count, expected", [
    ("nl", 1, "1 open actie"), ("nl", 2, "2 open acties"), ("nl", 0, "0 open acties"),
    ("en", 1, "1 open action"), ("en", 3, "3 open actions"), ("en", 0, "0 open actions"),
])
def test_plural_forms_follow_the_count(lang, count, expected):
    assert t("meeting.open_actions", lang, count=count) == expected


def test_a_plural_sentence_says_no_half_words():
    for lang in ("nl", "en"):
        for count in (1, 2):
            text = t("unit.working_days", lang, count=count)
            assert "(" not in text and str(count) in text
    assert t("team.member_added", "nl", name="Anna", roles="ib", count=1) == "Anna is lid met de rol: ib."
    assert t("team.member_added", "en", name="Anna", roles="ib and smw", count=2) == \
        "Anna is a member with the roles: ib and smw."


def test_a_sentence_names_a_command_as_the_command_table_spells_it_in_the_members_language():
    from bot.registry import build_commands
    from core.i18n import spell_commands_with
    spell_commands_with(build_commands().spelled)
    assert "!kamer koppel NAAM" in t("router.no_team", "nl")
    assert "!room bind NAME" in t("router.no_team", "en")
    hand_written = [key for key in ("router.no_team", "cmd.acties.details")
                    for lang in ("nl", "en") if "{cmd." in t(key, lang)]
    assert not hand_written

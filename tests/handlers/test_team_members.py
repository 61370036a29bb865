"""!team lid / !team verwijder: a removed member comes back, a wrong role is corrected, and "Karim: jeugdzorg"
is read as the set-up dialogue reads it (probe findings #4 and #17)."""
from sqlmodel import select

from state.models import Action, AuditEntry, Member
from state.teams import members_of, roles_of

FAILED = ("Probeer het zo nog eens", "Try again")


def members(app) -> dict[str, set[str]]:
    with app.services.db.session() as session:
        return {m.display_name: set(roles_of(session, m.id)) for m in members_of(session, app.team_id)}


def karim_rows(app) -> list[Member]:
    with app.services.db.session() as session:
        return list(session.exec(select(Member).where(Member.user_id == "karim")).all())


# -- #4: removed, then added again ------------------------------------------------------------------------
def test_a_removed_member_comes_back_with_the_new_role_and_keeps_their_records(app):
    app.say("!team lid Karim smw")
    assert "Actie #1 vastgelegd voor Karim" in app.text("!actie @karim huisbezoek plannen Z-17 vrijdag")
    assert "Karim is geen lid meer" in app.text("!team verwijder Karim")
    text = app.text("!team lid Karim jeugdzorg")
    assert "Karim is weer lid van het team, met de rol: jeugdzorg" in text
    assert "horen weer bij Karim" in text
    assert not any(word in text for word in FAILED)
    assert members(app)["Karim"] == {"jeugdzorg"}             # the old role is not given back
    [row] = karim_rows(app)                                  # the same member, not a second one
    with app.services.db.session() as session:
        [action] = session.exec(select(Action)).all()
    assert row.active and action.owner_member_id == row.id
    shown = app.text("!team")
    assert "\n- Karim: jeugdzorg\n" in shown                  # the whole line: no old role beside it
    assert "member/readded" in [a.action for a in _audit(app)]


def test_a_removed_member_can_be_removed_and_added_again_more_than_once(app):
    for role in ("smw", "jeugdzorg", "lpa"):
        text = app.text(f"!team lid Karim {role}")
        assert not any(word in text for word in FAILED), text
        assert "Karim is geen lid meer" in app.text("!team verwijder Karim")
    assert "Karim" not in members(app)
    assert len(karim_rows(app)) == 1


def test_a_removed_member_comes_back_through_the_set_up_dialogue_too(app):
    app.say("!team lid Karim smw")
    app.say("!team verwijder Karim")
    app.say("!team inrichten")
    for answer in ["-", "zorgteam", "PO", "-", "Karim: jeugdzorg", "klaar", "-", "-", "3", "-", "5", "-", "-", "-",
                   "-", "-"]:
        app.say(answer)
    text = app.text("ja")
    assert "ingericht" in text and not any(word in text for word in FAILED)
    assert members(app)["Karim"] == {"jeugdzorg"}


# -- #4: correcting a role -------------------------------------------------------------------------------
def test_a_second_role_says_how_to_take_the_wrong_one_away(app):
    app.say("!team lid Karim smw")
    text = app.text("!team lid Karim jeugdzorg")
    assert "Karim is lid met de rollen: jeugdzorg en schoolmaatschappelijk werk" in text
    assert "Karim had al de rol: schoolmaatschappelijk werk" in text and "!team verwijder Karim smw" in text
    text = app.text("!team verwijder Karim smw")
    assert "Weggehaald bij Karim: schoolmaatschappelijk werk. Rollen van Karim nu: jeugdzorg." in text
    assert "geen lid meer" not in text                        # only the role, not the member
    assert members(app)["Karim"] == {"jeugdzorg"}
    audit = _audit(app)
    assert "member/roles_removed" in [a.action for a in audit] and "Karim" not in str([a.details for a in audit])


def test_the_same_role_again_gives_no_hint(app):
    app.say("!team lid Karim smw")
    text = app.text("!team lid Karim smw")
    assert "Karim is lid met de rol: schoolmaatschappelijk werk" in text and "had al" not in text


def test_removing_a_role_the_member_does_not_have_changes_nothing(app):
    app.say("!team lid Karim smw, jeugdzorg")
    text = app.text("!team verwijder Karim politie")
    assert "Karim heeft de rol politie niet (wel: jeugdzorg en schoolmaatschappelijk werk)" in text
    assert "niets veranderd" in text
    assert members(app)["Karim"] == {"smw", "jeugdzorg"}


def test_the_last_role_is_not_taken_away(app):
    app.say("!team lid Karim smw")
    text = app.text("!team verwijder Karim smw")
    assert "enige rol van Karim" in text and "!team verwijder Karim." in text
    assert members(app)["Karim"] == {"smw"}


def test_the_chair_cannot_take_away_their_own_lead_role(app):
    app.say("!team lid chair smw")
    text = app.text("!team verwijder chair voorzitter")
    assert "eigen rol als voorzitter" in text
    assert members(app)["chair"] == {"voorzitter", "smw"}
    assert "Weggehaald" not in text


def test_a_whole_member_is_still_removed_by_name(app):
    app.say("!team lid Anna Jansen ib")
    assert "Anna Jansen is geen lid meer" in app.text("!team verwijder Anna Jansen")
    assert "Anna Jansen" not in members(app)
    assert "Ik vind geen lid dat 'Piet smw' heet" in app.text("!team verwijder Piet smw")


# -- #17: "Karim: jeugdzorg" ------------------------------------------------------------------------------
def test_name_colon_role_is_read_as_in_the_set_up(app):
    text = app.text("!team lid Karim: jeugdzorg")
    assert "Karim is lid met de rol: jeugdzorg" in text and "Karim:" not in text
    assert members(app)["Karim"] == {"jeugdzorg"} and "Karim:" not in members(app)
    assert "Actie #1 vastgelegd voor Karim" in app.text("!actie @karim bellen vrijdag")
    shown = app.text("!team")
    assert "- Karim: jeugdzorg" in shown and "Karim::" not in shown


def test_other_member_forms_of_the_set_up_work_with_team_lid(app):
    app.say("!team lid wijkagent Bram")
    app.say("!team lid Piet smw lpa")
    app.say("!team lid Fatima: jeugdarts, smw")
    assert members(app)["Bram"] == {"politie"}
    assert members(app)["Piet"] == {"smw", "lpa"}
    assert members(app)["Fatima"] == {"jgz", "smw"}
    text = app.text("!team lid Karim: tovenaar")
    assert "De rol 'tovenaar' ken ik niet" in text and "Karim" not in members(app)
    assert "Noem ook de rol" in app.text("!team lid Karim")
    assert "Karim: verwijder" not in app.text("!team verwijder Karim:")    # the colon is not part of the name


def test_help_tells_how_to_correct_a_role(app):
    text = app.text("!hulp team")
    assert "!team verwijder <naam [rol]>" in text
    assert "!team lid Karim jeugdzorg en dan !team verwijder Karim smw" in text


# -- English ----------------------------------------------------------------------------------------------
def test_english_readd_and_role_correction(app_en):
    app_en.say("!team member Karim: smw")
    assert members(app_en)["Karim"] == {"smw"}
    assert "no longer a member" in app_en.text("!team remove Karim")
    text = app_en.text("!team member Karim youth care")
    assert "Karim is a member of the team again, with the role: youth care" in text
    assert not any(word in text for word in FAILED)
    app_en.say("!team member Karim smw")
    text = app_en.text("!team member Karim police")
    assert "Karim already had the roles: youth care and school social work" in text
    assert "!team remove Karim ROLE" in text
    text = app_en.text("!team remove Karim smw")
    assert "Taken away from Karim: school social work" in text and "no longer a member" not in text
    assert members(app_en)["Karim"] == {"jeugdzorg", "politie"}
    assert "Nothing was changed" in app_en.text("!team remove Karim smw")
    assert "!team remove <name [role]>" in app_en.text("!help team")


def _audit(app) -> list[AuditEntry]:
    with app.services.db.session() as session:
        return list(session.exec(select(AuditEntry)).all())

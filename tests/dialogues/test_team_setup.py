"""The !team set-up dialogue: the seed's checklist, saved at the end, with the minimum warning."""
from sqlmodel import select

from state.models import AuditEntry, Team
from state.teams import members_of, roles_of

ANSWERS_NL = ["Zorgteam De Wilgen", "zorgteam", "PO", "Zorg rond leerlingen in groep 1-8",
              "Anna: ib", "Karim: smw, lpa", "klaar", "Leerplicht: Jan, 06-12345678", "Anna", "3",
              "Teamkamer", "5", "-", "privacyreglement", "klachtenregeling bestuur", "midden",
              "8 januari 2027, 2027-03-10 t/m 2027-03-11"]


def run(app, answers, confirm, command="!team inrichten"):
    app.say(command)
    for answer in answers:
        app.say(answer)
    return app.text(confirm)


def test_whole_dialogue_saves_team_members_and_arrangements(app):
    text = run(app, ANSWERS_NL, "ja")
    assert "Team Zorgteam De Wilgen is ingericht" in text
    assert "jeugdarts / jeugdverpleegkundige (JGZ)" in text and "003:L1561-1569" in text
    with app.services.db.session() as session:
        team = session.get(Team, app.team_id)
        members = {m.display_name: roles_of(session, m.id) for m in members_of(session, team.id)}
        audit = session.exec(select(AuditEntry)).all()
    assert team.kind == "zorgteam" and team.school_type == "PO"
    assert team.settings["frequency"] == "3" and team.settings["case_deadline_days"] == 5
    assert team.settings["substitute"] == "Anna"
    assert members == {"chair": {"voorzitter"}, "Anna": {"ib"}, "Karim": {"smw", "lpa"}}
    assert [a.action for a in audit] == ["team/set_up"]
    assert "Leerplicht" not in str(audit[0].details)      # the audit holds keys, not content
    # the study days are the team's own days off, kept with the reminder rules (!instellingen vrij)
    assert team.settings["reminders"]["holidays"] == ["2027-01-08", "2027-03-10", "2027-03-11"]


def test_no_warning_when_the_minimum_is_there(app):
    answers = ANSWERS_NL[:5] + ["Karim: smw", "Fatima: jeugdarts"] + ANSWERS_NL[6:]
    text = run(app, answers, "ja")
    assert "ingericht" in text and "Let op" not in text


def test_saying_no_at_the_end_saves_nothing(app):
    text = run(app, ANSWERS_NL, "nee")
    assert "Niets opgeslagen" in text
    with app.services.db.session() as session:
        assert len(members_of(session, app.team_id)) == 1


def test_unknown_role_is_explained(app):
    app.say("!team inrichten")
    for answer in ANSWERS_NL[:4]:
        app.say(answer)
    text = app.text("Piet: tovenaar")
    assert "De rol 'tovenaar' ken ik niet" in text


def test_english_dialogue(app_en):
    answers = ["Willow care team", "zorgteam", "primary", "-", "Anna: ib", "Karim: social worker",
               "Fatima: youth doctor", "done", "-", "-", "2", "Staff room", "3", "-", "-", "-", "-", "-"]
    text = run(app_en, answers, "yes", command="!team setup")   # "!team inrichten" would start it in Dutch
    assert "Team Willow care team is set up" in text and "Note:" not in text
    assert "Karim: school social work" in app_en.text("!team")


# -- issue 16, item 6: set-up you can see and change ------------------------------------------------------
def test_team_shows_every_set_up_answer(app):
    run(app, ANSWERS_NL, "ja")
    text = app.text("!team")
    for line in ("Doel: Zorg rond leerlingen in groep 1-8", "Bereikbare partners: Leerplicht: Jan, 06-12345678",
                 "Vervanger van de voorzitter: Anna", "Overleg: elke 3 weken", "Plaats: Teamkamer",
                 "Informatie binnen: 5 werkdagen voor het overleg", "Agenda en uitnodiging: -",
                 "Privacyafspraken: privacyreglement", "Klachten: klachtenregeling bestuur"):
        assert line in text, line
    assert "!team inrichten STAP WAARDE" in text


def test_one_answer_is_changed_without_answering_everything_again(app):
    run(app, ANSWERS_NL, "ja")
    assert app.text("!team inrichten plaats Teamkamer 2") == "Opgeslagen. Plaats: Teamkamer 2"
    assert app.text("!team inrichten frequentie 2") == "Opgeslagen. Overleg: elke 2 weken"
    assert app.text("!team inrichten agenda Karim") == "Opgeslagen. Agenda en uitnodiging: Karim"
    assert "geen lid van het team" in app.text("!team inrichten agenda 1")
    assert "geen lid van het team" in app.text("!team inrichten vervanger Onbekende")
    assert "geen stap van de inrichting" in app.text("!team inrichten kleur blauw")
    with app.services.db.session() as session:
        team = session.get(Team, app.team_id)
        assert team.settings["place"] == "Teamkamer 2" and team.settings["frequency"] == "2"
        assert team.settings["agenda_by"] == "Karim" and team.settings["substitute"] == "Anna"
        changes = session.exec(select(AuditEntry).where(AuditEntry.action == "team/setting_changed")).all()
        assert sorted(e.details["setting"] for e in changes) == ["agenda_by", "frequency", "place"]
    assert "Teamkamer 2" not in " ".join(str(e.details) for e in changes)


def test_a_person_field_in_the_set_up_accepts_only_members(app):
    answers = ANSWERS_NL[:8] + ["1"]
    app.say("!team inrichten")
    for answer in answers:
        app.say(answer)
    assert "'1' is geen lid van het team" in app.text("1")
    assert "geen lid" not in app.text("Karim")               # a member: the set-up goes on


def test_a_second_chair_is_pointed_out(app):
    out = app.text("!team lid Anna voorzitter")
    assert "meer dan één voorzitter: chair en Anna" in out


def test_set_up_in_english(app_en):
    assert "Place: -" in app_en.text("!team")
    assert app_en.text("!team setup place Staff room") == "Saved. Place: Staff room"
    assert "is not a member of the team" in app_en.text("!team setup substitute 1")


# -- issue 16, item 2: the school's study days in set-up, and the school holidays on or off -----------------
def test_the_study_days_are_asked_shown_in_the_summary_and_skipped_like_holidays(app):
    app.say("!team inrichten")
    for answer in ANSWERS_NL[:-2]:
        app.say(answer)
    question = app.text(ANSWERS_NL[-2])                      # the region; then the study days are asked
    assert "Welke studiedagen of andere eigen vrije dagen heeft de school" in question
    refused = app.text("dertig februari")                  # not a day: asked again, nothing kept
    assert "kan ik niet als dag lezen" in refused
    assert "niet" in app.text("2027-03-12 t/m 2027-03-10")   # a range backwards is refused too
    summary = app.text("8 januari 2027, 2027-03-10 t/m 2027-03-11")
    assert "Studiedagen en eigen vrije dagen: vrijdag 8 januari 2027, woensdag 10 maart 2027 en donderdag 11 maart 2027" \
        in summary
    app.text("ja")
    shown = app.text("!team")
    assert "Studiedagen en eigen vrije dagen: vrijdag 8 januari 2027" in shown
    assert "Schoolvakanties overslaan: aan" in shown and "Regio schoolvakanties: midden" in shown
    assert "vrijdag 8 januari 2027" in app.text("!instellingen")          # the same setting as !instellingen vrij


def test_no_study_days_is_fine_and_nothing_is_stored(app):
    run(app, ANSWERS_NL[:-1] + ["-"], "ja")
    with app.services.db.session() as session:
        assert (session.get(Team, app.team_id).settings.get("reminders") or {}).get("holidays", []) == []
    assert "Studiedagen en eigen vrije dagen: -" in app.text("!team")


def test_study_days_and_the_school_holidays_are_changed_one_at_a_time(app):
    assert "Schoolvakanties overslaan: - (geen regio)" in app.text("!team")
    app.text("!team inrichten regio zuid")
    saved = app.text("!team inrichten vrij 8 januari 2027")
    assert saved == "Opgeslagen. Studiedagen en eigen vrije dagen: vrijdag 8 januari 2027"
    saved = app.text("!team inrichten studiedagen 2027-03-10")           # added, not replaced
    assert "vrijdag 8 januari 2027 en woensdag 10 maart 2027" in saved
    assert "kan ik niet als dag lezen" in app.text("!team inrichten vrij morgenvroeg misschien")
    assert "Schoolvakanties overslaan: uit" in app.text("!team inrichten vakanties uit")
    assert "Kies aan of uit" in app.text("!team inrichten vakanties misschien")
    with app.services.db.session() as session:
        rules = session.get(Team, app.team_id).settings["reminders"]
        assert rules["school_holidays"] is False and rules["holidays"] == ["2027-01-08", "2027-03-10"]
        changes = session.exec(select(AuditEntry).where(AuditEntry.action == "team/setting_changed")).all()
        assert sorted(e.details["setting"] for e in changes) == ["days_off", "days_off", "region", "school_holidays"]
    assert "Studiedagen en eigen vrije dagen: -" in app.text("!team inrichten vrij geen")
    assert "Schoolvakanties overslaan: aan" in app.text("!team inrichten vakanties aan")


def test_study_days_in_english(app_en):
    answers = ["Willow care team", "zorgteam", "primary", "-", "Anna: ib", "Karim: social worker",
               "Fatima: youth doctor", "done", "-", "-", "2", "Staff room", "3", "-", "-", "-", "south"]
    app_en.say("!team setup")
    for answer in answers:
        app_en.say(answer)
    assert "cannot read" in app_en.text("someday")
    assert "Study days and own days off: Friday 8 January 2027" in app_en.text("8 January 2027")
    app_en.text("yes")
    shown = app_en.text("!team")
    assert "Study days and own days off: Friday 8 January 2027" in shown and "Skip school holidays: on" in shown


# -- natural answers a chair types, and a summary with every answer ------------------------------------------
NATURAL_NL = ["Zorgteam De Wilgen", "zorgteam", "PO", "Zorg rond leerlingen in groep 1-8", "Anna: ib",
              "wijkagent Bram", "Karim smw", "Fatima Yilmaz jeugdarts", "klaar", "Leerplicht: Jan, 06-12345678",
              "Anna", "elke 3 weken", "Teamkamer", "5 werkdagen", "ja", "privacyreglement",
              "klachtenregeling bestuur", "midden", "-"]


def test_natural_answers_are_taken_and_the_summary_shows_every_one(app):
    app.say("!team inrichten")
    replies = [app.text(answer) for answer in NATURAL_NL]
    assert not any("klopt niet helemaal" in reply for reply in replies), replies
    summary = replies[-1]
    for line in ("Doel: Zorg rond leerlingen in groep 1-8", "- Bram: politie", "- Karim: schoolmaatschappelijk werk",
                 "- Fatima Yilmaz: jeugdarts", "Bereikbare partners: Leerplicht: Jan, 06-12345678",
                 "Vervanger van de voorzitter: Anna", "Overleg: elke 3 weken",
                 "Informatie binnen: 5 werkdagen voor het overleg", "Agenda en uitnodiging: chair",
                 "Privacyafspraken: privacyreglement", "Klachten: klachtenregeling bestuur"):
        assert line in summary, line
    assert "ingericht" in app.text("ja")
    with app.services.db.session() as session:
        team = session.get(Team, app.team_id)
        members = {m.display_name: roles_of(session, m.id) for m in members_of(session, team.id)}
    assert team.settings["case_deadline_days"] == 5 and team.settings["frequency"] == "3"
    assert team.settings["agenda_by"] == "chair"           # the default the question offers: the chair
    assert members["Bram"] == {"politie"} and members["Fatima Yilmaz"] == {"jgz"}
    assert "wijkagent" not in members


def test_skipped_answers_show_as_a_dash_in_the_summary(app):
    app.say("!team inrichten")
    for answer in ["-", "zorgteam", "PO", "-", "klaar", "-", "-", "2", "-", "3 dagen", "-", "-", "-", "-"]:
        app.say(answer)
    summary = app.text("-")
    for line in ("Doel: -", "Bereikbare partners: -", "Vervanger van de voorzitter: -",
                 "Informatie binnen: 3 werkdagen", "Agenda en uitnodiging: -", "Privacyafspraken: -", "Klachten: -"):
        assert line in summary, line


def test_a_number_of_days_with_its_unit_and_only_such_a_number(app):
    app.say("!team inrichten")
    for answer in NATURAL_NL[:13]:
        app.say(answer)
    assert "Geef een aantal werkdagen" in app.text("veel dagen")
    assert "Geef een aantal werkdagen" in app.text("50 werkdagen")         # outside 0..20, still refused
    assert "Wie maakt de agenda" in app.text("5 dagen voor het overleg")


def test_role_and_name_in_either_order_and_an_unknown_role_still_named(app):
    app.say("!team inrichten")
    for answer in NATURAL_NL[:4]:
        app.say(answer)
    for answer in ("Anna: ib", "Bram wijkagent", "politie Ilse", "Noor (ib)", "Sam - lpa"):
        assert "Genoteerd" in app.text(answer), answer
    assert "De rol 'tovenaar' ken ik niet" in app.text("Piet tovenaar")
    app.say("klaar")
    for answer in NATURAL_NL[9:-1]:
        app.say(answer)
    summary = app.text("-")
    for line in ("- Bram: politie", "- Ilse: politie", "- Noor: IB'er", "- Sam: leerplicht"):
        assert line in summary, line


def test_the_agenda_maker_takes_the_default_words_and_still_refuses_a_non_member(app):
    app.say("!team inrichten")
    for answer in NATURAL_NL[:14]:
        app.say(answer)
    assert "'Bob' is geen lid van het team" in app.text("Bob")
    assert "Welke privacyafspraken" in app.text("standaard")


def test_a_named_chair_is_the_default_agenda_maker(app):
    answers = NATURAL_NL[:5] + ["Vera: voorzitter"] + NATURAL_NL[5:14] + ["de voorzitter"] + NATURAL_NL[15:]
    app.say("!team inrichten")
    for answer in answers[:-1]:
        app.say(answer)
    assert "Agenda en uitnodiging: Vera" in app.text(answers[-1])


def test_stray_lines_at_the_confirmation_are_told_what_is_accepted(app):
    app.say("!team inrichten")
    for answer in NATURAL_NL:
        app.say(answer)
    for line in ("hmm", "misschien", "prima zo"):
        reply = app.text(line)
        assert "Typ ja om op te slaan, nee om niets op te slaan, of stop" in reply
        assert "Kies een van de 2 mogelijkheden" not in reply
    assert "ingericht" in app.text("ja")                  # nothing was lost by the wrong lines


def test_the_confirmation_buttons_still_work(app):
    app.say("!team inrichten")
    for answer in NATURAL_NL:
        app.say(answer)
    assert "Niets opgeslagen" in app.text("2")


def test_natural_answers_in_english(app_en):
    answers = ["Willow care team", "zorgteam", "primary", "Care for pupils", "Anna: ib", "police officer Bram",
               "Fatima youth doctor", "social worker Karim", "done", "-", "Anna", "every 2 weeks", "Staff room",
               "5 working days", "default", "school privacy rules", "board complaints procedure", "south"]
    app_en.say("!team setup")
    replies = [app_en.text(answer) for answer in answers]
    assert not any("does not quite work" in reply for reply in replies), replies
    summary = app_en.text("-")
    for line in ("Purpose: Care for pupils", "- Bram: police", "- Fatima: youth doctor", "- Karim: school social work",
                 "Substitute for the chair: Anna", "Meetings: every 2 weeks",
                 "Information due: 5 working days before the meeting", "Agenda and invitation: chair",
                 "Privacy arrangements: school privacy rules", "Complaints: board complaints procedure"):
        assert line in summary, line
    told = app_en.text("maybe")
    assert "Type yes to save, no to save nothing, or stop" in told
    assert "Team Willow care team is set up" in app_en.text("yes")


def test_frequency_typed_in_words_is_the_same_setting(app):
    assert app.text("!team inrichten frequentie om de 2 weken") == "Opgeslagen. Overleg: elke 2 weken"
    assert app.text("!team inrichten frequentie wekelijks") == "Opgeslagen. Overleg: elke week"
    assert app.text("!team inrichten frequentie eerste maandag van de maand") == \
        "Opgeslagen. Overleg: eerste maandag van de maand"


def test_one_answer_is_changed_at_the_confirmation_and_the_rest_is_kept(app):
    app.say("!team inrichten")
    for answer in NATURAL_NL:
        app.say(answer)
    asked = app.text("wijzig 9")                           # 9. Plaats in the numbered summary
    assert "Waar komt het team bij elkaar?" in asked and "Wie maakt de agenda" not in asked
    summary = app.text("Lokaal 4")                          # straight back to the summary, nothing else asked
    assert "Klopt dit?" in summary and "9. Plaats: Lokaal 4" in summary
    assert "Informatie binnen: 5 werkdagen" in summary and "- Bram: politie" in summary
    assert "Agenda en uitnodiging: chair" in app.text("meer")   # the summary again, the question still open
    assert "ingericht" in app.text("ja")
    with app.services.db.session() as session:
        team = session.get(Team, app.team_id)
    assert team.settings["place"] == "Lokaal 4" and team.settings["case_deadline_days"] == 5


def test_a_stray_line_does_not_repeat_the_whole_summary(app):
    app.say("!team inrichten")
    for answer in NATURAL_NL:
        app.say(answer)
    reply = app.text("hmm")
    assert "wijzig 9" in reply and "Doel:" not in reply    # the accepted answers, not the summary again


def test_changing_an_answer_at_the_confirmation_in_english(app_en):
    answers = ["Willow care team", "zorgteam", "primary", "-", "Anna: ib", "Fatima youth doctor", "Karim smw",
               "done", "-", "-", "2", "Staff room", "3", "-", "-", "-", "-", "-"]
    app_en.say("!team setup")
    for answer in answers:
        app_en.say(answer)
    assert "Where does the team meet?" in app_en.text("change 9")
    assert "9. Place: Room 4" in app_en.text("Room 4")
    assert "Team Willow care team is set up" in app_en.text("yes")


def test_changing_the_members_at_the_confirmation_starts_the_list_again(app):
    app.say("!team inrichten")
    for answer in NATURAL_NL:
        app.say(answer)
    assert "de lijst begint opnieuw" in app.text("wijzig leden")
    app.say("Karim: smw")
    summary = app.text("klaar")
    assert "- Karim: schoolmaatschappelijk werk" in summary and "Bram" not in summary

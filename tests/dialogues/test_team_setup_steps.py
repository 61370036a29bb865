"""!team inrichten STAP WAARDE: the first answers (name, kind, school type) and the labels !team shows are steps
too, and the meeting frequency is read as !overleg plan reads a series (probe finding #16)."""
from state.models import Team


def team(app) -> Team:
    with app.services.db.session() as session:
        return session.get(Team, app.team_id)


# -- the first three answers, one at a time -----------------------------------------------------------------
def test_name_kind_and_school_type_are_changed_one_by_one(app):
    assert app.text("!team inrichten onderwijs VO") == "Opgeslagen. Onderwijs: VO"
    assert app.text("!team inrichten naam Zorgteam De Regenboog") == "Opgeslagen. Naam: Zorgteam De Regenboog"
    text = app.text("!team inrichten soort zat")
    assert "Opgeslagen. Soort: zorg- en adviesteam (ZAT)" in text
    assert "Let op: een zorg- en adviesteam (ZAT) heeft" in text          # another kind, other members wanted
    saved = team(app)
    assert (saved.name, saved.kind, saved.school_type) == ("Zorgteam De Regenboog", "zat", "VO")
    assert app.text("!team").startswith("Zorgteam De Regenboog (zorg- en adviesteam (ZAT), VO,")
    assert "geen stap" not in text


def test_a_wrong_kind_or_school_type_changes_nothing(app):
    assert "geen van de mogelijkheden" in app.text("!team inrichten soort tovenaar")
    assert "geen van de mogelijkheden" in app.text("!team inrichten onderwijs universiteit")
    assert "te lang" in app.text("!team inrichten naam " + "x" * 81)
    saved = team(app)
    assert (saved.name, saved.kind, saved.school_type) == ("Zorgteam De Wilgen", "zorgteam", "PO")


# -- the labels !team shows are step names ------------------------------------------------------------------
def test_the_labels_shown_by_team_are_accepted_as_steps(app):
    assert app.text("!team inrichten overleg elke 2 weken") == "Opgeslagen. Overleg: elke 2 weken"
    assert app.text("!team inrichten Overleg: 4") == "Opgeslagen. Overleg: elke 4 weken"
    assert app.text("!team inrichten bereikbare partners Leerplicht: Jan") == \
        "Opgeslagen. Bereikbare partners: Leerplicht: Jan"
    assert app.text("!team inrichten informatie binnen 4") == \
        "Opgeslagen. Informatie binnen: 4 werkdagen voor het overleg"
    assert app.text("!team inrichten Vervanger van de voorzitter chair") == \
        "Opgeslagen. Vervanger van de voorzitter: chair"
    settings = team(app).settings
    assert settings["frequency"] == "4" and settings["on_call"] == "Leerplicht: Jan"
    assert settings["case_deadline_days"] == 4 and settings["substitute"] == "chair"
    assert "partners" not in settings["on_call"]


def test_team_shows_the_step_names_it_asks_for(app):
    text = app.text("!team")
    hint = text.split("Eén antwoord wijzigen:")[1]
    for step in ("naam", "soort", "onderwijs", "piket", "frequentie", "termijn"):
        assert step in hint, step
    assert "wat vóór de dubbele punt staat" in hint
    assert "naam · soort · onderwijs" in app.text("!team inrichten kleur blauw")


# -- the frequency is checked -----------------------------------------------------------------------------
def test_a_name_is_no_frequency(app):
    app.say("!team inrichten frequentie elke 3 weken")
    text = app.text("!team inrichten frequentie Ilse")
    assert "'Ilse' lees ik niet als hoe vaak het team bij elkaar komt" in text and "elke 3 weken" in text
    assert "Opgeslagen" not in text
    assert team(app).settings["frequency"] == "3"                 # the earlier answer stays
    assert "Overleg: elke 3 weken" in app.text("!team") and "Overleg: Ilse" not in app.text("!team")


def test_frequencies_read_as_overleg_plan_reads_a_series(app):
    for typed, shown in (("wekelijks", "elke week"), ("om de 2 weken", "elke 2 weken"), ("elke twee weken", "elke 2 weken"),
                         ("5", "elke 5 weken"), ("elke 8 weken", "elke 8 weken"), ("maandelijks", "maandelijks"),
                         ("eerste maandag van de maand", "eerste maandag van de maand")):
        assert app.text(f"!team inrichten frequentie {typed}") == f"Opgeslagen. Overleg: {shown}", typed
    for typed in ("elke 20 weken", "0"):
        text = app.text(f"!team inrichten frequentie {typed}")
        assert "elke 1 tot 12 weken" in text and "Opgeslagen" not in text, typed
    assert "Opgeslagen" not in app.text("!team inrichten frequentie elke dag")
    assert team(app).settings["frequency"] == "eerste maandag van de maand"


def test_the_set_up_question_refuses_a_name_as_frequency_and_asks_again(app):
    app.say("!team inrichten")
    for answer in ["-", "zorgteam", "PO", "-", "Anna: ib", "klaar", "-", "-"]:
        app.say(answer)
    text = app.text("Ilse")
    assert "'Ilse' lees ik niet als hoe vaak het team bij elkaar komt" in text
    assert "Waar komt het team bij elkaar?" not in text          # the place is not asked yet
    assert "Waar komt het team bij elkaar?" in app.text("elke 3 weken")
    app.say("Teamkamer")
    for answer in ["5", "-", "-", "-", "-", "-"]:
        app.say(answer)
    assert "ingericht" in app.text("ja")
    settings = team(app).settings
    assert settings["frequency"] == "3" and settings["place"] == "Teamkamer"


# -- English ----------------------------------------------------------------------------------------------
def test_english_steps_labels_and_frequency(app_en):
    assert app_en.text("!team setup education VO") == "Saved. Education: VO"
    assert app_en.text("!team setup name Willow care team") == "Saved. Name: Willow care team"
    assert app_en.text("!team setup meetings every 2 weeks") == "Saved. Meetings: every 2 weeks"
    assert app_en.text("!team setup partners on call Jan") == "Saved. Partners on call: Jan"
    text = app_en.text("!team setup frequency Ilse")
    assert "I can't read 'Ilse' as how often the team meets" in text and "Saved" not in text
    assert team(app_en).settings["frequency"] == "2"
    hint = app_en.text("!team").split("Change one answer:")[1]
    for step in ("name", "kind", "education", "on-call", "frequency", "deadline"):
        assert step in hint, step


def test_a_label_of_the_summary_is_changed_at_the_confirmation(app):
    app.say("!team inrichten")
    for answer in ["-", "zorgteam", "PO", "-", "Anna: ib", "klaar", "-", "-", "3", "Teamkamer", "5", "-", "-", "-",
                   "-", "-"]:
        app.say(answer)
    asked = app.text("wijzig overleg")
    assert "Hoe vaak komt het team bij elkaar?" in asked and "Waar komt het team" not in asked
    assert "Ilse" in app.text("Ilse") and "8. Overleg: elke 4 weken" in app.text("elke 4 weken")
    assert "ingericht" in app.text("ja")
    assert team(app).settings["frequency"] == "4"

"""Testers' findings on meetings, run as a user types them in the console (FINDINGS-workflows #3, #6, #14,
#18, #21, #24; FINDINGS-faults M2): nothing typed in a meeting is lost, nothing is said twice."""
from __future__ import annotations

from tests.test_console_meeting import part, session

BASE = "\n".join([
    "/klok 2026-11-30 09:00", "!team inrichten", "-", "zorgteam", "PO", "Zorg voor leerlingen afstemmen",
    "Ilse ib", "Anna: smw", "Jan: jeugdarts", "Piet: leerplicht", "Karim: schoolmaatschappelijk werker",
    "klaar", "Piet", "Ilse", "elke 3 weken", "Teamkamer", "5", "Ilse", "alleen casuscodes",
    "klachtenregeling school", "midden", "5 januari 2027", "ja", ""])
ME = "» Marleen: "


def test_meeting_lines_are_never_lost_and_the_coordinator_question_comes_once(tmp_path):
    out = session(tmp_path, BASE + "\n".join([
        "/klok 2026-12-02 10:00", "!overleg plan", "dinsdag 15 december 14:00", "eenmalig", "-", "ja",
        "!agenda toevoegen Z-17", "/klok 2026-12-15 14:00", "!agenda start",
        "actie: @anna huisbezoek vrijdag", "besluit: te vroeg",
        "!volgende", "actie: ouders bellen", "actie: @anna verslag lezen morgen",
        "actie: ouders mailen", "actie: @karel bellen morgen", "besluit: we gaan door",
        "actie: @jan dossier opvragen morgen", "actie: @piet verzuim nagaan morgen",
        "!open", "!agenda sluit", "nee", "!open 1", "Jan", "!agenda sluit", "ja",
        "!agenda heropen", "besluit: nog een", "!terug", "besluit: nog een", ""]))
    before = part(out, ME + "actie: @anna huisbezoek vrijdag", ME + "!volgende")
    assert "Actie #1 vastgelegd" in before and "zonder casus" in before     # an action stands on its own...
    assert "Er is nog geen punt aan de orde" in part(before, ME + "besluit: te vroeg")   # ...a decision not
    kept = part(out, ME + "actie: @anna verslag lezen morgen", ME + "actie: ouders mailen")
    assert "De actie 'ouders bellen' is nog niet vastgelegd" in kept and "concept 1" in kept
    assert "vastgelegd voor Anna: verslag lezen" in kept
    unknown = part(out, ME + "actie: @karel bellen morgen", ME + "besluit: we gaan door")
    assert "De actie 'ouders mailen' is nog niet vastgelegd" in unknown and "concept 2" in unknown
    assert "'@karel' ken ik niet" in unknown        # asked for its own action, not taken as the answer
    decided = part(out, ME + "besluit: we gaan door", ME + "actie: @jan")
    assert "De actie 'bellen' is nog niet vastgelegd" in decided and "Besluit vastgelegd bij punt 1." in decided
    asked = out.count("Het zorgplan vraagt dan om een casuscoördinator")
    assert asked == 1, asked                          # once per case in this meeting, not under every line
    drafts = part(out, ME + "!open", ME + "!agenda sluit")
    assert "'ouders bellen'" in drafts and "'ouders mailen'" in drafts and "'bellen'" in drafts
    closing = part(out, ME + "!agenda sluit", ME + "nee")
    assert "Nog niet vastgelegd, als concept bewaard" in closing and "!open 1" in closing
    resumed = part(out, ME + "!open 1", ME + "!agenda sluit")
    assert "vastgelegd voor Jan: ouders bellen" in resumed and "nog te bevestigen" in resumed   # no date asked
    minutes = part(out, ME + "ja", ME + "!agenda heropen")
    assert "ouders bellen · Jan" in minutes and "verslag lezen · Anna" in minutes
    reopened = part(out, ME + "!agenda heropen", ME + "!terug")
    assert "!terug" in reopened and "begin met !volgende" not in reopened
    assert "Besluit vastgelegd bij punt 1." in part(out, ME + "!terug")


def test_planning_numbers_deadline_moves_and_drafts(tmp_path):
    out = session(tmp_path, BASE + "\n".join([
        "/klok 2026-11-25 09:30", "!overleg plan", "dinsdag 8 december 14:00", "elke 3 weken", "-", "3", "ja",
        "!overleg verzet 2 woensdag 6 januari 14:00", "!overleg",
        "!overleg plan", "dinsdag 15 december 16:00", "eenmalig", "Bibliotheek", "/klok +1h", "!open",
        "/klok 2026-12-03 10:00", "!aanmelden Z-17", ""]))
    confirm = part(out, ME + "3", ME + "ja")
    assert "3 is geen keuze" in confirm and "na 3 keer" not in confirm
    planned = part(out, ME + "ja", ME + "!overleg verzet")
    assert "… en nog 6 later." in planned           # 10 meetings to 16 July 2027, not only the 8 made yet
    moved = part(out, ME + "!overleg verzet 2", ME + "!overleg plan")
    assert "alleen dit overleg" in moved and "van dinsdag 19 januari, 14:00 naar woensdag 6 januari, 14:00" in moved
    assert "te beginnen" not in moved and "nog 5 later" not in moved
    listed = part(out, ME + "!overleg\n", ME + "!overleg plan")
    assert "#8 dinsdag 25 mei" in listed and "… en nog 2 later." in listed     # #9 and #10 are not made yet
    drafts = part(out, ME + "!open", ME + "/klok 2026-12-03")
    assert "overleg 'dinsdag 15 december, 16:00 · eenmalig · Bibliotheek'" in drafts
    late = part(out, ME + "!aanmelden Z-17")
    assert "Er is nog geen overleg gepland" not in late
    assert "deze aanmelding is voor" in late     # a series: the next meeting is offered (chair's choice)


def test_after_the_deadline_of_the_only_planned_meeting_it_is_offered(tmp_path):
    out = session(tmp_path, BASE + "\n".join([
        "/klok 2026-12-02 10:00", "!overleg plan", "dinsdag 15 december 14:00", "eenmalig", "-", "ja",
        "/klok 2026-12-10 10:00", "!aanmelden Z-17", "!team lid Bob leerkracht", "/als Bob", "!aanmelden Z-18", ""]))
    chair = part(out, ME + "!aanmelden Z-17", ME + "!team lid Bob")
    assert "Er is nog geen overleg gepland" not in chair
    assert "voor het overleg van dinsdag 15 december, 14:00 is die termijn voorbij" in chair
    assert "Dat beslis jij als voorzitter: !aanmelden Z-17 1." in chair and "!overleg plan" in chair
    member = part(out, "» Bob: !aanmelden Z-18")
    assert "termijn voorbij" in member and "Dat beslist de voorzitter" in member and "!aanmelden Z-18 1" in member

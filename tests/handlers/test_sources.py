"""!bron / !source: the passage behind a reference, named as professionals know the document."""


def test_bron_shows_the_passage_with_the_document_and_its_headings(app):
    [reply] = app.say("!bron 003:L2849-2857")
    assert reply.text.startswith("Wegwijzer voor intern begeleiders (2008), hoofdstuk 1, §8 Zorgteams")
    assert "“Optie 1: Bespreking met schriftelijke toestemming" in reply.text
    assert "schriftelijk toestemming voor bespreking" in reply.text
    assert reply.privacy == "advice"      # public text, no case data


def test_source_in_english_names_the_chapter_in_english(app_en):
    [reply] = app_en.say("!source 004:L3264-3270")
    assert reply.text.startswith("Kwaliteitskader zorgteams/ZAT's in het primair onderwijs (c. 2010), chapter 9")
    assert "crisisaanmeldingen" in reply.text


def test_a_reference_typed_loosely_is_understood(app):
    assert "Optie 1" in app.text("!bron [003 L2849-2857]")


def test_a_wrong_reference_gets_a_friendly_answer_and_no_passage(app):
    text = app.text("!bron hoofdstuk drie")
    assert "Dat is geen verwijzing die ik ken: hoofdstuk drie." in text and "“" not in text
    assert "valt buiten het document" in app.text("!bron 003:L99999")
    assert "Document 007:L1 ken ik niet" in app.text("!bron 007:L1")


def test_bron_without_a_reference_explains_the_usage(app):
    text = app.text("!bron")
    assert "verwijzing" in text and "“" not in text

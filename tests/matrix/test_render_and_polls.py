"""Matrix message content: mentions through the Markdown renderer, polls and poll answers."""
from core.messages import Choice, Reply
from bot.transports.matrix import polls
from bot.transports.matrix.render import message_content

NAMES = {"@a:x": "a", "@anna:x": "Anna", "@p:x": "p", "@star:x": "*ster*"}


def content(reply):
    return message_content(reply, display_name=lambda uid: NAMES[uid])


def test_a_one_letter_name_does_not_corrupt_a_longer_name():
    out = content(Reply("Anna en a gaan op huisbezoek.", mentions=["@a:x"]))
    html = out["formatted_body"]
    assert 'Anna en <a href="https://matrix.to/#/@a:x">a</a> gaan' in html
    assert html.count("<a ") == 1
    assert out["body"] == "Anna en a gaan op huisbezoek."
    assert out["m.mentions"] == {"user_ids": ["@a:x"]}


def test_a_name_that_is_not_in_the_text_is_put_in_front():
    out = content(Reply("Er is een actie voor je.", mentions=["@p:x"]))
    assert out["formatted_body"].startswith('<p><a href="https://matrix.to/#/@p:x">p</a>: Er is')
    assert out["body"] == "p: Er is een actie voor je."


def test_markdown_in_a_display_name_is_shown_not_interpreted():
    out = content(Reply("Voor *ster*: lees dit.", mentions=["@star:x"]))
    assert '<a href="https://matrix.to/#/@star:x">*ster*</a>' in out["formatted_body"]
    assert "<em>" not in out["formatted_body"]


def test_the_html_of_a_member_name_is_escaped():
    out = message_content(Reply("Hallo <b>x</b>", mentions=["@b:x"]), display_name=lambda uid: "<b>")
    assert "<b>" not in out["formatted_body"].replace("<p>", "")


def test_an_image_a_member_typed_is_quoted_as_text_so_no_client_fetches_it():
    out = content(Reply("Notitie: ![](http://tracker.example/pixel.png) is vastgelegd."))
    assert "<img" not in out["formatted_body"] and "tracker.example/pixel.png" in out["formatted_body"]


def test_a_question_with_options_is_one_poll_with_the_numbered_text_as_fallback():
    reply = Reply("Wat voor team is het?", choices=[Choice("po", "Primair"), Choice("vo", "Voortgezet")])
    out = polls.poll_content(reply, thread_root="$root")
    poll = out["m.poll.start"]
    assert poll["question"]["m.text"] == "Wat voor team is het?"
    assert [(a["id"], a["m.text"]) for a in poll["answers"]] == [("1", "Primair"), ("2", "Voortgezet")]
    assert poll["max_selections"] == 1
    assert out["body"] == "Wat voor team is het?\n  1. Primair\n  2. Voortgezet"
    assert out["m.relates_to"]["rel_type"] == "m.thread" and out["m.relates_to"]["event_id"] == "$root"


def test_poll_answers_in_stable_and_unstable_form_are_read_and_nonsense_is_not():
    ref = {"m.relates_to": {"rel_type": "m.reference", "event_id": "$poll"}}
    assert polls.answered("m.poll.response", {**ref, "m.poll.response": {"answers": ["2"]}}) == ("$poll", "2")
    assert polls.answered("org.matrix.msc3381.poll.response",
                          {**ref, "org.matrix.msc3381.poll.response": {"answers": ["1"]}}) == ("$poll", "1")
    assert polls.answered("m.poll.response", {**ref, "m.selections": ["3"]}) == ("$poll", "3")
    assert polls.answered("m.poll.response", {**ref, "m.poll.response": {"answers": ["1", "2"]}}) is None
    assert polls.answered("m.poll.response", {**ref, "m.poll.response": {"answers": ["x"]}}) is None
    assert polls.answered("m.poll.response", {"m.poll.response": {"answers": ["1"]}}) is None
    assert polls.answered("m.room.message", {**ref, "m.poll.response": {"answers": ["1"]}}) is None

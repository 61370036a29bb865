"""The Matrix transport's helpers, offline, on recorded events and responses (fixtures/ beside this file):
reading what a member typed, rendering a reply as message content, and deciding which devices are
cross-signed. No homeserver is started; tests/integration covers the live path."""
import copy
import json
from pathlib import Path

import pytest

from bot.transports.matrix.crosssigning import cross_signed_devices, evaluate_device, master_key_of
from bot.transports.matrix.render import message_content, text_from_event
from core.messages import Choice, Reply

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


INCOMING = load("incoming_events.json")["events"]
OUTGOING = load("outgoing_replies.json")
KEYS = load("keys_query.json")


@pytest.mark.parametrize("event", INCOMING, ids=[e["name"] for e in INCOMING])
def test_what_a_member_typed(event):
    content = event["content"]
    assert text_from_event(content["body"], content.get("formatted_body")) == event["text"]


def test_a_pill_never_leaves_the_chosen_display_name_in_a_command():
    pill = next(e for e in INCOMING if "Element pill" in e["name"])
    text = text_from_event(pill["content"]["body"], pill["content"]["formatted_body"])
    assert "Anna de Vries" not in text and "@anna:school.example" in text


def reply_of(spec: dict) -> Reply:
    return Reply(spec["text"], mentions=spec.get("mentions", []), in_thread=spec.get("in_thread", False),
                 choices=[Choice(value, label) for value, label in spec.get("choices", [])])


@pytest.mark.parametrize("case", OUTGOING["cases"], ids=[c["name"] for c in OUTGOING["cases"]])
def test_reply_as_message_content(case):
    content = message_content(reply_of(case["reply"]), display_name=OUTGOING["display_names"].__getitem__,
                              thread_root=case.get("thread_root"), reply_to=case.get("reply_to"))
    assert content == case["content"]


def test_only_the_mentioned_are_notified():
    """m.mentions lists exactly the reply's mentions, once each; a reply without any notifies nobody."""
    twice = Reply("Anna en Anna", mentions=["@anna:school.example", "@anna:school.example"])
    content = message_content(twice, display_name=lambda user: "Anna")
    assert content["m.mentions"] == {"user_ids": ["@anna:school.example"]}
    assert message_content(Reply("@room let op"), display_name=str)["m.mentions"] == {}


def test_cross_signed_devices_from_a_recorded_keys_query():
    response = KEYS["response"]
    assert cross_signed_devices(response) == {"@anna:school.example": {"ANNAPHONE"}, "@karim:school.example": set()}
    assert master_key_of(response, "@anna:school.example") == KEYS["master_key"]
    assert master_key_of(response, "@karim:school.example") is None


@pytest.mark.parametrize("user, device, reason", [
    ("@anna:school.example", "ANNAPHONE", "cross_signed"),
    ("@anna:school.example", "ANNALAPTOP", "device_not_signed"),
    ("@anna:school.example", "ANNATAMPERED", "bad_device_self_signature"),
    ("@anna:school.example", "NOSUCH", "unknown_device"),
    ("@karim:school.example", "KARIMPC", "no_master_key"),
])
def test_each_device_is_judged_on_its_signatures(user, device, reason):
    state = evaluate_device(KEYS["response"], user, device)
    assert state.reason == reason
    assert state.cross_signed == bool(state) == (reason == "cross_signed")


def test_a_self_signing_key_not_signed_by_the_master_trusts_no_device():
    response = copy.deepcopy(KEYS["response"])
    response["self_signing_keys"]["@anna:school.example"]["signatures"] = {}
    assert cross_signed_devices(response)["@anna:school.example"] == set()
    assert evaluate_device(response, "@anna:school.example", "ANNAPHONE").reason == \
        "self_signing_key_not_signed_by_master"

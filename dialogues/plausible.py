"""Plausible input: what a member types is checked for length and for what looks like a person's name.

Text fields have a length limit with a friendly message, so a pasted page is refused rather than
stored and echoed. Free text that looks like a pupil's name gets a one-line privacy hint and a chance
to rephrase before it is stored; the member may keep it as typed ('ja'). One check (`name_in`) serves
every free-text field that is stored or shown to the team: an action's text and notes, a case's
registration fields, consent notes, and the lines typed during a meeting. Inside a dialogue a field is
checked with `checked` and followed by its `rephrase_step`; a command or a meeting line is held with
`hold_named` until the member answers.

What counts as a name: a capitalised first and last name (with Dutch infixes: "Jan de Vries", "Sanne van
der Berg"); a first name from knowledge/first_names.txt when capitalised, when lowercase after "van",
"met", "bij" ... ("ouders van mohammed"), or as a possessive ("Mohammed's moeder", "Sannes vader").
Never a team member's name, an organisation, a place, a day or month, a case code or an abbreviation;
names that are also ordinary words (roos, hoop, mark) count only when capitalised inside a sentence.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Callable

from babel.numbers import format_decimal
from sqlmodel import select

from core.messages import Reply
from dialogues.context import Context
from dialogues.engine import (
    DRAFT_STATE,
    ENGINE_KEY,
    SKIP_WORDS,
    Dialogue,
    Invalid,
    Step,
    draft_word,
    not_an_answer,
)
from state import drafts
from state.models import Conversation, Member

MAX_TEXT = 500           # an action's description, a note: a sentence or two, not a report
YES_WORDS = frozenset({"ja", "j", "yes", "y", "ok", "oké", "okay", "goed", "prima", "klopt", "sure"})
HELD = "name_held"       # answers key of a dialogue field held for the hint: {"field", "text", "name"}

# Dutch (and a few foreign) infixes between a first name and a surname.
INFIXES = frozenset({"van", "de", "der", "den", "ten", "ter", "te", "het", "'t", "in", "op", "uit", "el", "al",
                     "ben", "bin", "da", "di", "del", "dos", "du", "la", "le", "von", "zu", "ibn", "abu"})
# Words after which a lowercase first name is a person ("ouders van mohammed", "gesprek met sanne").
RELATING = frozenset({"van", "met", "bij", "voor", "aan", "over", "namens", "zonder", "tegen", "with", "of", "for"})
# Relations after a possessive ("Sannes moeder", "Lars' vader").
KIN = frozenset({"moeder", "vader", "ouders", "ouder", "broer", "broertje", "zus", "zusje", "zussen", "broers",
                 "oma", "opa", "tante", "oom", "stiefvader", "stiefmoeder", "pleegouders", "voogd", "familie",
                 "gedrag", "cijfers", "klas", "klasgenoten", "mentor", "juf", "meester", "thuis", "dossier",
                 "mother", "father", "parents", "brother", "sister", "mum", "mom", "dad", "family", "teacher"})
# Capitalised words that are organisations, places, days, months, holidays, languages, school words or
# tools in this field, not people; phrases are matched as a whole first.
NOT_NAME_PHRASES = tuple(p.casefold().split() for p in (
    "Veilig Thuis", "Raad voor de Kinderbescherming", "Raad Kinderbescherming", "Centrum voor Jeugd en Gezin",
    "Centrum Jeugd en Gezin", "Jeugd en Gezin", "Passend Onderwijs", "Samenwerkingsverband Passend Onderwijs",
    "Sociaal Team", "Buurt Team", "Wijk Team", "Wijkteam", "Team Jeugd", "Ouder Kind", "Ouder Kind Centrum",
    "William Schrikker", "William Schrikker Stichting", "Leger des Heils", "Zorg Thuis", "Zorg en Veiligheidshuis",
    "Samen Veilig", "Jeugdbescherming West", "Bureau Jeugdzorg", "Bureau Leerplicht", "Den Haag", "Den Bosch",
    "Den Helder", "Bergen op Zoom", "Alphen aan den Rijn", "Capelle aan den IJssel", "Sint Maarten",
    "Sint Eustatius", "De Bilt", "Het Gooi", "Nieuw West", "Nieuw-West", "Zuid Oost", "Google Meet",
    "Microsoft Teams", "Sint Nicolaas", "Eerste Hulp", "Goede Vrijdag", "Tweede Paasdag", "Tweede Pinksterdag",
    "Nationaal Onderwijsprogramma", "Mark Rutte",
    # shops, brands and institutions named like a person
    "Albert Heijn", "Jan Linders", "Dirk van den Broek", "Hans Anders", "Bart Smit", "Pieter Baan Centrum",
    "Emma Kinderziekenhuis", "Sophia Kinderziekenhuis", "Juliana Kinderziekenhuis", "Wilhelmina Kinderziekenhuis",
    "Prinses Máxima Centrum", "Prinses Maxima Centrum", "Ronald McDonald", "Max Havelaar", "Anne Frank Huis",
    "Van Haren"))
# Titles of adults (staff, parents, professionals): the name right after one is an adult, not the pupil.
TITLES = frozenset({"juf", "juffrouw", "meester", "meneer", "mevrouw", "mevr", "mw", "dhr", "heer", "mr", "mrs",
                    "ms", "miss", "sir", "madam", "dr", "dokter", "docent", "agent", "wijkagent", "rechter",
                    "professor", "prof", "coach", "trainer", "directeur", "teacher", "officer", "judge"})
NOT_NAME_WORDS = frozenset(w.casefold() for w in """
    Jeugdzorg Jeugdbescherming Leerplicht Thuiszorg Kinderbescherming Politie Huisarts Wijkagent Gemeente
    Zorgteam Jeugdarts Jeugdverpleegkundige Orthopedagoog Psycholoog Logopedie Logopedist Fysiotherapie
    Kinderopvang Opvang Leerlingbegeleiding Schoolmaatschappelijk Samenwerkingsverband Stichting Centrum
    Bureau Raad Team Sociaal Wijk Buurt Ggz Ggd Jgz Cjg Kenniscentrum Karakter Accare Lentis Youz Levvel Altra
    Magister Somtoday Parnassys ParnasSys Teams Zoom Outlook Gmail Google WhatsApp Whatsapp Signal Telegram Matrix
    Element Excel Word Cito Havo Vwo Vmbo Mbo Hbo Praktijkonderwijs Atheneum Gymnasium Mavo Basisschool Brugklas
    Engels Nederlands Frans Duits Spaans Arabisch Turks Pools Tigrinya Wiskunde Biologie Geschiedenis Aardrijkskunde
    Gym Rekenen Taal Lezen Spelling Begrijpend Muziek
    Maandag Dinsdag Woensdag Donderdag Vrijdag Zaterdag Zondag Monday Tuesday Wednesday Thursday Friday Saturday
    Sunday Januari Februari Maart April Mei Juni Juli Augustus September Oktober November December January
    February March May June July August October Feb Mrt Apr Jun Jul Aug Sep Sept Okt Oct Nov Dec
    Kerst Kerstmis Kerstvakantie Pasen Pinksteren Hemelvaart Koningsdag Bevrijdingsdag Sinterklaas Ramadan
    Suikerfeest Offerfeest Herfstvakantie Voorjaarsvakantie Meivakantie Zomervakantie Carnaval Divali Holi
    Nederland Marokko Turkije Suriname Curaçao Aruba Bonaire Polen Syrië Eritrea Ethiopië Somalië Oekraïne
    Afghanistan Irak Iran België Duitsland Europa Amsterdam Rotterdam Utrecht Eindhoven Groningen Tilburg Almere
    Breda Nijmegen Arnhem Haarlem Zaandam Zwolle Leiden Maastricht Dordrecht Zoetermeer Leeuwarden Delft Gouda
    Amersfoort Apeldoorn Enschede Hengelo Deventer Alkmaar Emmen Venlo Helmond Oss Schiedam Vlaardingen Lelystad
    Purmerend Hoorn Hilversum Ede Assen Heerlen Roosendaal Zuid Noord Oost West Centrum Marokkaanse Marokkaans
    Turkse Surinaamse Antilliaanse Poolse Syrische Eritrese Nederlandse Engelse Islamitische Christelijke
    Moskee Kerk Ouderraad Medezeggenschapsraad Mr Ib Ib'er Smw Mdo Zat Opp Vir Lpa Bso Tso
    Zorg Advies Adviesteam Onderwijs Passend Speciaal Jeugd Gezin Huis Veilig Thuis School Vereniging Groep
    Dienst Afdeling Kinder Kind Ouder Ouders Steunpunt Meldpunt Loket Maatschappelijk Werk Hulp Sint Prins
    Mrs Ms Miss Sir Dr Juf Juffrouw Meester Meneer Mevrouw Mevr Mw Dhr Dokter Agent
    Koning Koningin Openbare Katholieke Protestantse Montessori Dalton Jenaplan Vrije Basisschool
""".split())
# Dutch and English words that start a sentence and are no name, so that "Naar Utrecht" or "Bellen
# Veilig Thuis" is not taken for a first and last name.
COMMON_WORDS = frozenset("""
    aan af al alle als altijd andere bel bellen belt beter bij binnenkort bespreken bespreking daarna dan dat de
    deze die dit doen door dus een eerst en er evaluatie evalueren even gaat gebeld gedaan gemaild gesprek
    gesproken graag haar heeft hem het hij hoe hun huisbezoek in is je kan komt kort langs maar mailen mail
    mailt maken met morgen na naar navragen niet nog nu of om ons ook op overleg over plannen plan samen
    sturen terugkoppelen terugkoppeling tot uit uitnodigen van vandaag verslag volgende voor vragen wat we
    week wel wie wil worden ze zij zijn zorgen zoeken afspraak afspreken agenda aanmelden aanvragen contact
    checken controleren doorverwijzen verwijzen melden melding moeder vader ouders leerling leerkracht juf
    meester mentor school klas groep the a an and to with call email meet check send ask talk plan follow
    visit home report ring phone parents pupil teacher next tomorrow today
""".split())
_TOKEN = re.compile(r"[@#]?[\wÀ-ÿ'’.-]+|[.!?:;\n]")
_CAP = re.compile(r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þ]?[a-zß-öø-ÿ]+)*")
_POSSESSIVE = re.compile(r"^(.+?)(?:['’]s|['’])$")


def check_length(text: str, lang: str, limit: int = MAX_TEXT, *, room: int = 0) -> None:
    """Invalid("input.too_long") when `text` is longer than `limit` characters (plus `room` for the
    words around the text, such as an owner and a date, which the message does not count)."""
    if len(text) > limit + room:
        raise Invalid("input.too_long", length=format_decimal(len(text), locale=lang), limit=limit)


@cache
def _name_lists() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, first names that are also ordinary words), casefolded."""
    path = Path(__file__).parent / "knowledge" / "first_names.txt"
    names, ordinary = set(), set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("~"):
            ordinary.add(line[1:].strip().casefold())
        else:
            names.add(line.casefold())
    return frozenset(names | ordinary), frozenset(ordinary)


def first_names() -> frozenset[str]:
    return _name_lists()[0]


def _tokens(text: str) -> list[tuple[str, bool]]:
    """The words of `text` with whether each starts a sentence (or a line, or follows a colon)."""
    found: list[tuple[str, bool]] = []
    start = True
    for raw in _TOKEN.findall(text):
        if raw in ".!?:;\n":
            start = True
            continue
        word = raw.strip(".-")
        if not word:
            continue
        found.append((word, start))
        start = raw.endswith((".", "!", "?")) and not re.fullmatch(r"\w\.", raw)   # "bel." ends a sentence
    return found


def _capitalised(word: str) -> bool:
    return bool(_CAP.fullmatch(word))


def _masked(words: list[str]) -> list[bool]:
    """Which words belong to an organisation, place or other phrase that is no person."""
    folded = [w.casefold() for w in words]
    masked = [False] * len(words)
    for phrase in NOT_NAME_PHRASES:
        size = len(phrase)
        for index in range(len(words) - size + 1):
            if folded[index:index + size] == phrase:
                masked[index:index + size] = [True] * size
    return masked


def name_in(text: str, known: set[str] | frozenset[str] = frozenset()) -> str | None:
    """The first phrase of `text` that looks like a person's name, or None. `known`: casefolded
    names of team members (whole and word by word), which are colleagues, not pupils."""
    names, ordinary = _name_lists()
    tokens = _tokens(text)
    words = [word for word, _ in tokens]
    masked = _masked(words)

    def plain(index: int) -> str:
        return words[index].casefold()

    def titled(index: int) -> bool:
        """Right after "juf", "meester", "Mrs" ...: an adult's name."""
        return index > 0 and plain(index - 1).rstrip(".") in TITLES

    def person_word(index: int) -> bool:
        """A capitalised word that may be part of a person's name."""
        word = words[index]
        if plain(index) in INFIXES:
            return False      # "De Wilgen", "Het Baken" are schools; "de Vries" counts after a first name
        return (not masked[index] and not word.startswith(("@", "#")) and _capitalised(word)
                and plain(index) not in NOT_NAME_WORDS)

    # 1. First and last name: capitalised words, with infixes between them.
    index = 0
    while index < len(words):
        if person_word(index) and titled(index):
            index += 1      # "juf Fatima Yilmaz", "Mrs Smith": the whole name after the title
            while index < len(words) and (person_word(index) or plain(index) in INFIXES):
                index += 1
            continue
        if not person_word(index):
            index += 1
            continue
        parts, end = [index], index + 1
        while end < len(words):
            look = end
            while look < len(words) and plain(look) in INFIXES and look - end < 3:
                look += 1
            if look < len(words) and person_word(look):
                parts.append(look)
                end = look + 1
            else:
                break
        if len(parts) >= 2:
            phrase = " ".join(words[parts[0]:parts[-1] + 1])
            first, start = plain(parts[0]), tokens[parts[0]][1]
            colleague = phrase.casefold() in known or first in known
            if start and first not in names and (first in COMMON_WORDS or first in known):
                parts = parts[1:]     # "Bellen Karim Tahiri": the sentence's first word is no name
                phrase = " ".join(words[parts[0]:parts[-1] + 1]) if len(parts) >= 2 else ""
                colleague = phrase.casefold() in known or plain(parts[0]) in known if parts else True
            if phrase and not colleague:
                return phrase
        index = end
    # 2. A single first name: capitalised (not as an ordinary word opening a sentence), lowercase
    #    after "van", "met", "bij" ..., or as a possessive.
    for index, (word, start) in enumerate(tokens):
        if masked[index] or word.startswith(("@", "#")) or titled(index):
            continue
        bare, possessive = word, False
        found = _POSSESSIVE.match(word)
        if found:
            bare, possessive = found.group(1), True
        elif (index + 1 < len(words) and plain(index + 1) in KIN and word.casefold().endswith("s")
              and word[:-1].casefold() in names):
            bare, possessive = word[:-1], True            # "Sannes moeder"
        key = bare.casefold()
        if index > 0 and words[index - 1].isdigit():
            continue                                      # "15 Jan": a date
        if key not in names or key in known or (key in NOT_NAME_WORDS and not possessive):
            continue
        capital = _capitalised(bare)
        after_relating = index > 0 and plain(index - 1) in RELATING
        if key in ordinary:       # "Hoop dat ...", "met hoop": only "... met Roos" or "Roos' moeder"
            if capital and (not start or possessive):
                return bare
        elif capital or after_relating or possessive:
            return bare
    return None


def member_names(ctx: Context) -> set[str]:
    """The team's members by every word of their names: colleagues, not pupils."""
    names: set[str] = set()
    if ctx.team is None:
        return names
    for member in ctx.session.exec(select(Member).where(Member.team_id == ctx.team.id)).all():
        names.add(member.display_name.casefold())
        names.update(word.casefold() for word in member.display_name.split())
    return names


def name_hint(ctx: Context, name: str) -> str:
    return ctx.t("input.name_hint", name=name)


# -- a field inside a dialogue --------------------------------------------------------------------------
def checked(field: str, parse: Callable[[str, Context, dict], object] | None = None):
    """The parse of a free-text step, with the name check: a text that looks like it names a person is
    held (answers[HELD]) and the field left empty, until the member answers the `rephrase_step`."""
    def run(text: str, ctx: Context, answers: dict):
        value = parse(text, ctx, answers) if parse else text.strip()
        if isinstance(value, str) and value:
            name = name_in(value, member_names(ctx))
            if name:
                answers[HELD] = {"field": field, "text": value, "name": name}
                return None
        return value
    return run


def rephrase_step(field: str, question: str, parse: Callable[[str, Context, dict], object] | None = None,
                  *, optional: bool = False) -> Step:
    """After `checked(field)` held a text: the hint, and the field's question (catalog key) again. 'ja'
    keeps the text as typed; anything else is the new text, taken as it is (the member has been told
    once); for an optional field "-" leaves it empty."""
    def parse_answer(text: str, ctx: Context, answers: dict):
        held = answers.pop(HELD)
        word = text.strip().casefold().rstrip(".!")
        if word in YES_WORDS:
            answers[field] = held["text"]
        elif optional and word in SKIP_WORDS:
            answers[field] = None
        else:
            answers[HELD] = held            # kept while the new text may still be refused
            answers[field] = parse(text, ctx, answers) if parse else text.strip()
            answers.pop(HELD, None)
        return None

    return Step(f"{field}_name", "input.description_prompt", parse=parse_answer,
                when=lambda answers: (answers.get(HELD) or {}).get("field") == field,
                prompt_values=lambda ctx, answers: {"hint": name_hint(ctx, answers[HELD]["name"]) + "\n",
                                                    "question": ctx.t(question)},
                privacy="full",
                codes_values=lambda ctx, answers: {"hint": ctx.t("input.name_hint_withheld") + "\n",
                                                   "question": ctx.t(question)},
                waits=lambda ctx, answers: ctx.t("input.waits_name"))


# -- a command or a meeting line -----------------------------------------------------------------------
KEEPERS: dict[str, Callable[[Context, dict, str], list[Reply]]] = {}
#: kind -> (is this line, typed while a text of this kind is held, a new line of its own rather than the
#: answer to the hint?, what handles such a new line)
NEW_LINES: dict[str, tuple[Callable[[Context, dict, str], bool], Callable[[Context, str], list[Reply] | None]]] = {}


def keeper(kind: str):
    """Registers what stores a held text of this kind once the member has answered the hint (a handler
    that holds meeting lines registers how it records them)."""
    def register(function):
        KEEPERS[kind] = function
        return function
    return register


def new_line(kind: str, handle: Callable[[Context, str], list[Reply] | None]):
    """Registers how to tell a new line from the answer to the hint while a text of this kind is held
    (a meeting goes on: the next "actie: ..." is no retyped "besluit: ..."), and what handles it."""
    def register(function):
        NEW_LINES[kind] = (function, handle)
        return function
    return register


def hold_named(ctx: Context, dialogue: str, text: str, answers: dict) -> list[Reply] | None:
    """None when `text` names nobody; else the hint, and `text` is held in `dialogue` (answers get
    "pending" and "name_hint") until the member rephrases it or keeps it. Beside another open dialogue
    nothing is held and nothing stored: the member is told to finish that one first."""
    name = name_in(text, member_names(ctx))
    if not name:
        return None
    engine = ctx.services.dialogues
    conversation = engine.open_conversation(ctx)
    if conversation is not None:
        title = engine.dialogues[conversation.dialogue].title if conversation.dialogue in engine.dialogues \
            else "dialogue.unknown"
        title = ctx.t(title)
        ctx.extra["dialogue_shown"] = True
        return [Reply(ctx.t("input.name_hint_busy", name=name, title=title), in_thread=True, privacy="full",
                      withheld_text=ctx.t("input.name_hint_busy_withheld", title=title))]
    # The member asked for this text to be stored: a line that follows is read as the answer (or as a new
    # line, see `new_line`), never let go with the held text lost.
    unasked = ctx.extra.pop("unasked", None)
    try:
        return engine.start(ctx, dialogue, {**answers, "pending": text.strip(), "name_hint": name})
    finally:
        if unasked is not None:
            ctx.extra["unasked"] = unasked


def _held_answer(text: str, ctx: Context, answers: dict) -> str:
    """'ja' keeps the held text; anything else is the new text (a repeated "besluit:" taken off). A new
    line of its own (another meeting line, the answer to another open question) is no answer: it is
    handled as such, and the held text waits (`_keep`)."""
    is_new = NEW_LINES.get(answers.get("kind"), (None, None))[0]
    if is_new is not None and is_new(ctx, answers, text):
        answers["new_line"] = text.strip()
        return answers["pending"]
    if text.strip().casefold().rstrip(".!") in YES_WORDS:
        return answers["pending"]
    if not_an_answer(text) and not (answers.get(ENGINE_KEY) or {}).get("nudged"):
        raise Invalid("dialogue.empty")     # a question in the room is no retyped line: said once what waits
    check_length(text, ctx.lang, answers.get("limit") or MAX_TEXT)
    prefix = answers.get("prefix")
    head, colon, rest = text.partition(":")
    if prefix and colon and head.strip().casefold() == prefix.casefold():
        text = rest
    if not text.strip():
        raise Invalid("dialogue.empty")
    return text.strip()


def _held_prompt(ctx: Context, answers: dict) -> dict:
    return {"hint": name_hint(ctx, answers["name_hint"]) + "\n", "question": ctx.t(answers["question"])}


def _held_codes(ctx: Context, answers: dict) -> dict:
    return {"hint": ctx.t("input.name_hint_withheld") + "\n", "question": ctx.t(answers["question"])}


def _keep(ctx: Context, answers: dict) -> list[Reply]:
    line = answers.pop("new_line", None)
    if line is None:
        return KEEPERS[answers["kind"]](ctx, answers, answers["text"])
    replies = NEW_LINES[answers["kind"]][1](ctx, line) or []
    held = {key: value for key, value in answers.items() if key != "text"}
    return replies + _still_held(ctx, held)


def _still_held(ctx: Context, held: dict) -> list[Reply]:
    """The held text after a new line was handled: asked again; or, when the new line opened a question of
    its own, kept as a draft that `!open` resumes at the hint."""
    engine = ctx.services.dialogues
    prefix = held.get("prefix") or ctx.t("input.line_title")
    if engine.open_conversation(ctx) is None:
        asked = engine.start(ctx, "name_rephrase", held)
        return [Reply(ctx.t("input.line_still_held", prefix=prefix), in_thread=True)] + asked[1:]
    inbound = ctx.inbound
    place = Conversation(transport=inbound.transport, room_id=inbound.room_id, user_id=inbound.user_id,
                         thread_id=inbound.thread_id, dialogue="name_rephrase",
                         team_id=ctx.team.id if ctx.team else None, state="text", answers={})
    answers = {**held, ENGINE_KEY: {"preset": [], DRAFT_STATE: "text"}}
    draft = drafts.keep(ctx.session, place, answers, ctx.now())
    return [Reply(ctx.t("input.line_kept_draft", prefix=prefix, command=draft_word(ctx.lang), number=draft.id),
                  in_thread=True)]


NAME_REPHRASE = Dialogue(
    name="name_rephrase",
    title="input.line_title",
    steps=[Step("text", "input.description_prompt", parse=_held_answer, prompt_values=_held_prompt,
                privacy="full", codes_values=_held_codes, waits=lambda ctx, a: ctx.t("input.waits_name"))],
    finish=_keep,
    case_data=True,
)
DIALOGUES = [NAME_REPHRASE]

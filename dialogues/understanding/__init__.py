"""The understanding layer: a plain message -> the topic it is about, the facts it states, safety.

    understand("ouders willen niet tekenen maar maken ook geen bezwaar", "nl")
    -> Understanding(topic="consent", facts=Facts(consent="no_objection"), sure=True, ...)

Three independent readings are combined:
1. safety rules (safety.py): acute danger or a child disclosing abuse wins over everything;
2. retrieval over the curated phrasings in dialogues/knowledge/topics/ (index.py), which ranks
   the topics, with the pseudo topic "outside" for small talk;
3. fact rules (facts_reader.py) for what the message already says about the case.
Deterministic and offline; the index is built on first use and kept. Logging names the topic and
score only, never the text.
"""
from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field, replace
from functools import lru_cache

from dialogues.knowledge.facts import POINT_TOPICS, Facts
from dialogues.understanding import text as tx
from dialogues.understanding.facts_reader import read_facts
from dialogues.understanding.index import PhrasingIndex
from dialogues.understanding.phrasings import AREA_TOPICS, OUTSIDE, load_phrasings
from dialogues.understanding.safety import read_safety

log = logging.getLogger(__name__)

SAFETY = "safety.acute"

# Deciding: these were set on the first held-out set (tests/understanding), then left alone.
NOT_UNDERSTOOD_BELOW = 0.16   # nothing in the phrasings comes near: treat as outside
SURE_AT = 0.32                # a top score from here on ...
SURE_MARGIN = 0.08            # ... that leads the next topic by this much is a clear winner;
SURE_RATIO = 1.4              # so is a top score from SURE_FLOOR on that is this many times the next one
SURE_FLOOR = 0.2              # with three words or more (on the held-out sets: more right answers at
                              # once, no more wrong ones; a bare "Z-9" is no clear question)
ALTERNATIVES = 3              # at most this many choices besides the top topic ...
MIN_CHOICES = 2               # ... and when unsure at least this many, if there are any
ALTERNATIVE_SHARE = 0.55      # a sure answer lists only alternatives reaching this share of its score
OUTSIDE_WEIGHT = 0.85         # small talk must win clearly: a doubtful message gets choices instead
OUTSIDE_ONLY_BELOW = 0.45     # ... and a topic scoring this much is never overruled by small talk
SAFETY_PHRASINGS_AT = 0.45    # the danger phrasings alone (without the safety rules) need this score
SAFETY_CHOICE_AT = 0.30       # ... and this score to be offered as one of the choices

# Deciding between near topics on what the message states (see _decided_by_facts): a topic whose cue
# the message holds is the answer when it scores at least this share of the top score and no other
# topic that near holds a cue of its own.
DECIDES_AT = 0.75
DECIDES_FLOOR = 0.2           # ... and itself scores at least this much

# Scoring: a topic's score is its nearest phrasings, plus this share of the topic's centroid.
CENTROID_SHARE = 0.35
# "How do I ... in the bot" and the area it is about share their words ("schorsing"); a question
# that does not mention the bot or a command is more likely about the area itself.
BOT_WORDS = re.compile(r"\b(?:bot|zorgbot|commando\w*|commands?|invoeren|vastleggen|registreer\w*|register\w*|"
                       r"record|instellen|tonen|toon|show|display|enter|set)\b")
HOWTO_PLAIN = 0.78
HOWTO_ABOUT_BOT = 1.15
# Naming the bot itself ("in de bot", "via zorgbot", "met een commando") makes a howto all but certain.
NAMES_BOT = re.compile(r"\b(?:bot|zorgbot|commando\w*|commands?)\b")
HOWTO_NAMING_BOT = 1.25
AREA_NAMING_BOT = 0.9

# Words of the team's own work: a message with one of them is never small talk.
DOMAIN_WORDS = frozenset(tx.SYNONYMS.values()) | frozenset(
    "leerling leerlingen pupil pupils student students kid kids casus case cases ouders ouder parents parent "
    "kind kinderen child children schorsing suspension verwijdering expulsion meldcode toestemming consent verzuim "
    "truancy school actie acties action actions taak taken task tasks herinnering herinneringen reminder reminders "
    "deadline notitie dossier gezin family mentor".split())
HELP_WORDS = frozenset({"hulp", "help", "help me", "hulp nodig", "i need help"})
# "wat kan jij allemaal", "so what can u do exactly": a question about the bot itself, however it is put.
_ABOUT_YOU = frozenset("jij je u you bot zorgbot".split())
_CAN = frozenset("kan kun kunt can".split())
_HELP_FILL = _ABOUT_YOU | _CAN | frozenset(
    "wat what so dus en eigenlijk allemaal precies exactly actually nog meer else all do doen voor mij me for us ons "
    "help helpen hey hoi hi hallo hello zoal zoals all".split())


def _asks_what_the_bot_can_do(folded: str) -> bool:
    words = folded.split()
    return (0 < len(words) <= 8 and set(words) <= _HELP_FILL and bool(_CAN & set(words))
            and bool(_ABOUT_YOU & set(words)) and words[0] in {"wat", "what", "so", "dus", "en", "hey", "hoi", "hi",
                                                               "hallo", "hello"})

__all__ = ["Understanding", "understand", "explain", "topic_ids", "warm_up"]


@dataclass(frozen=True)
class Understanding:
    topic: str | None                      # best topic id, None when clearly outside the team's work
    score: float                           # the top topic's score (for None: the likeness to small talk)
    alternatives: list[tuple[str, float]]  # next closest topics, for "unsure -> choices"
    facts: Facts
    sure: bool                             # True when the top topic clearly wins
    safety: bool                           # acute danger / disclosure: answer safety first


@dataclass(frozen=True)
class Explanation:
    """Why a message got its topic: for tests and `--verbose` (the caller decides what to show)."""
    understanding: Understanding
    ranking: list[tuple[str, float]]
    best_phrasings: dict[str, str] = field(default_factory=dict)
    words: list[str] = field(default_factory=list)
    rule: str = "retrieval"


@lru_cache(maxsize=1)
def _index() -> PhrasingIndex:
    started = time.perf_counter()
    index = PhrasingIndex(load_phrasings())
    log.debug("understanding index built: %d phrasings in %.1f ms", len(index.phrasings),
              (time.perf_counter() - started) * 1000)
    return index


def warm_up() -> None:
    """Build the index now (at start) instead of on the first question."""
    _index()


@lru_cache(maxsize=1)
def _topic_ids() -> tuple[str, ...]:
    known = {p.topic for p in _index().phrasings} - {OUTSIDE}
    return tuple([t for t in AREA_TOPICS if t in known] + sorted(t for t in known if t.startswith("howto.")))


def topic_ids() -> list[str]:
    """Every topic the phrasings cover, area topics first, then howto.<command>."""
    return list(_topic_ids())


def _rank(index: PhrasingIndex, folded: str, lang: str | None):
    words = index.query_words(folded)
    similarities, centroid = index.similarities(index.query_features(words, lang))
    # the best two phrasings per topic, in one pass (ties go to the earlier phrasing)
    top: dict[str, list] = {}
    for doc, similarity in similarities.items():
        topic = index.topic_of[doc]
        entry = top.get(topic)
        if entry is None:
            top[topic] = [similarity, doc, 0.0]
        elif similarity > entry[0] or (similarity == entry[0] and doc < entry[1]):
            entry[2] = entry[0]
            entry[0], entry[1] = similarity, doc
        elif similarity > entry[2]:
            entry[2] = similarity
    scores: dict[str, float] = {}
    best: dict[str, int] = {}
    for topic, (first, doc, second) in top.items():
        nearest = 0.8 * first + 0.2 * second
        # small talk has no common words, so its centroid says nothing: nearest phrasings only
        scores[topic] = nearest if topic == OUTSIDE else \
            (1 - CENTROID_SHARE) * nearest + CENTROID_SHARE * centroid.get(topic, 0.0)
        best[topic] = doc
    about_bot = bool(BOT_WORDS.search(folded))
    names_bot = bool(NAMES_BOT.search(folded)) and len(words) >= 3     # not "hoi zorgbot"
    for topic in scores:
        if topic.startswith("howto."):
            scores[topic] *= HOWTO_NAMING_BOT if names_bot else HOWTO_ABOUT_BOT if about_bot else HOWTO_PLAIN
        elif names_bot and topic != OUTSIDE:
            scores[topic] *= AREA_NAMING_BOT
    ranking = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return ranking, best, words


_COMMAND = re.compile(r"[!/]([a-z]+)")


# English aliases (and !amk) of the commands, to their Dutch name: howto topics use the Dutch name.
COMMAND_ALIASES = {
    "help": "hulp", "action": "actie", "actions": "acties", "done": "klaar", "reopen": "heropen",
    "reschedule": "verzet", "snooze": "uitstel", "reassign": "overdragen", "note": "notitie",
    "aftercare": "nazorg", "settings": "instellingen", "digest": "overzicht", "forget": "vergeet",
    "case": "casus", "consent": "toestemming", "escalate": "escalatie", "amk": "escalatie",
    "veiligthuis": "escalatie", "reportingcode": "meldcode", "suspension": "schorsing",
    "expulsion": "verwijdering", "language": "taal", "link": "koppel", "refer": "aanmelden",
    "minutes": "notulen", "meeting": "overleg", "room": "kamer",
}


def _mentioned_command(raw: str, topics: set[str]) -> str | None:
    for name in _COMMAND.findall(raw.casefold()):
        topic = f"howto.{COMMAND_ALIASES.get(name, name)}"
        if topic in topics:
            return topic
    return None


# What tells a topic from the topics it is often confused with. Each cue is a fact the member stated
# (read by facts_reader) or a word that names the matter itself, never a role or an agency: "the
# attendance officer" may be asked about in a question on the team's members, but "truancy" is
# always about attendance. A cue only decides among topics the phrasings already put close together.
_SUSPENSION_WORDS = re.compile(r"\b(?:schors\w*|geschorst|suspen\w*|time ?out)\b")
_EXPULSION_WORDS = re.compile(r"\b(?:verwijder\w*|expel\w*|expulsion\w*|kicked out|kick out|uitschrijv\w*|"
                              r"van school (?:ge)?stuurd|van school sturen|permanent(?:ly)? exclu\w*|"
                              r"(?:remov\w*|send\w*|sent) (?:\w+ ){0,2}(?:from|away from|out of) "
                              r"(?:the |our )?school)\b")
_ABSENCE_WORDS = re.compile(
    r"\b(?:verzuim\w*|spijbel\w*|afwezig\w*|absen\w*|truan\w*|attendance|thuiszit\w*|"
    r"zit (?:\w+ ){0,4}thuis|thuis zonder school|niet (?:meer )?naar school|niet (?:meer )?op school|"
    r"(?:missing|misses|missed|skip\w*|bunk\w*) (?:\w+ )?(?:school|lessons?|classes|class)|"
    r"(?:calls?|called|calling|phones?) (?:him|her|them|the child|the pupil) in sick|ziek ?(?:ge)?meld\w*)\b")
_SUSPICION_WORDS = re.compile(r"\b(?:vermoed\w*|suspect\w*|suspicion\w*|mishandel\w*|verwaarloo?s\w*|"
                              r"kindermishandeling|huiselijk geweld|neglect\w*|abuse\w*|domestic violence)\b")
_NAMED = {
    "verwijsindex": re.compile(r"\b(?:verwijsindex|verwijs index|referral index)\b"),
    "meldcode": re.compile(r"\b(?:meldcode|reporting code|stappenplan|aandachtsfunctionaris)\b"),
}


def _cues(folded: str, facts: Facts) -> set[str]:
    """The topics whose deciding cue this message holds."""
    cues = {topic for topic, pattern in _NAMED.items() if pattern.search(folded)}
    suspension, expulsion = bool(_SUSPENSION_WORDS.search(folded)), bool(_EXPULSION_WORDS.search(folded))
    if suspension and not expulsion:
        cues.add("suspension")
    if expulsion and not suspension:
        cues.add("expulsion")
    if _ABSENCE_WORDS.search(folded):
        cues.add("route.leerplicht")
    # who holds authority, when it is not simply both parents (a divorce alone does not say: most
    # divorced parents keep joint authority, and then the question is as often one of consent)
    if facts.authority in ("one_parent", "guardian", "family_guardian"):
        cues.add("authority")
    # what the parents (or the pupil) said; "without consent" alone is as often about sharing as about consent
    if facts.consent not in (None, "not_asked") or facts.pupil_objects is not None:
        cues.add("consent")
    if facts.parents_avoid_help or _SUSPICION_WORDS.search(folded):
        cues.add("veilig_thuis")
    return cues


# The topics a case's facts can tell apart: each has a cue above. Only between these do the facts
# decide; a near topic of another kind (the minutes, who reports back, sharing with a partner) is a
# different question the same words can belong to, and stays a choice.
DECIDABLE = frozenset({"authority", "consent", "veilig_thuis", "meldcode", "suspension", "expulsion",
                       "route.leerplicht", "verwijsindex"})


def _decided_by_facts(real: list[tuple[str, float]], folded: str, facts: Facts) -> tuple[str, float] | None:
    """The one topic near the top whose cue the message holds, when no other near topic has one: the
    facts decide what the phrasings left open ("verwijderen" + basisschool -> expulsion, not suspension;
    one parent with authority + consent -> authority). None when the cues do not single one out, when
    a near topic is not one the facts can decide, or when a howto leads ("hoe verwijder ik een casus"
    is about the bot, whatever its words). Howtos further down are left aside: the top topic already
    says the message is not about the bot. The danger topic is never decided away by a case's facts."""
    if not real or real[0][0].startswith("howto."):
        return None
    top = real[0][1]
    near = [(topic, score) for topic, score in real[:ALTERNATIVES]
            if score >= DECIDES_AT * top and not topic.startswith("howto.")]
    if any(topic not in DECIDABLE for topic, _ in near):
        return None
    cues = _cues(folded, facts)
    cued = [(topic, score) for topic, score in near if topic in cues]
    if len(cued) == 2:
        cued = [chosen for chosen in cued if chosen[0] == _covering({cued[0][0], cued[1][0]}, facts)]
    if len(cued) != 1 or cued[0][1] < DECIDES_FLOOR:
        return None
    return cued[0]


# Asking to discuss a pupil, or to involve the parents: with the pupil's age (or who holds authority)
# stated, that is the question who decides, which the consent answer gives for that age.
_CONSENT_ASK = re.compile(
    r"\b(?:toestemming\w*|consent\w*|bespreken|bespreking|bespreek|inbrengen|ingebracht|discuss\w*|"
    r"bring (?:him|her|them|the pupil|the student) (?:in|into)|"
    r"(?:ouders|vader|moeder|parents|father|mother|mum|mom|dad) (?:\w+ ){0,2}(?:bellen|informeren|inlichten|"
    r"vertellen|betrekken|call|phone|contact|tell|inform)|(?:bellen|informeren|inlichten|vertellen|betrekken|call|"
    r"phone|ring|contact|tell|inform|involve) (?:\w+ ){0,2}(?:ouders|vader|moeder|parents|father|mother|mum|mom|dad))\b")
_CONSENT_NEAR = frozenset("consent authority privacy.sharing reporting_back zat.referral case.intake".split())


def _asks_consent_for(folded: str, facts: Facts, real: list[tuple[str, float]]) -> str | None:
    """"consent" (or "authority" when the message says who holds it) for a question whether the school
    may discuss a pupil of a stated age or involve the parents; None otherwise."""
    near = [topic for topic, _ in real[:ALTERNATIVES]]
    holder = facts.authority in ("guardian", "one_parent", "family_guardian")
    stance = facts.pupil_objects is not None or facts.consent not in (None, "not_asked")
    if not ((facts.age is not None or holder or facts.authority == "pupil_adult")
            and (_CONSENT_ASK.search(folded) or stance) and any(topic in _CONSENT_NEAR for topic in near)):
        return None
    return "authority" if holder and "authority" in near else "consent"


def _covering(pair: set[str], facts: Facts) -> str | None:
    """Of two cued topics, the one whose answer for these facts also gives the other's: the consent
    answer to parents who refuse or object weighs Veilig Thuis too (advice/consent.toml, "objection")."""
    if pair == {"consent", "veilig_thuis"} and facts.consent in ("refused", "objection"):
        return "consent"
    return None


# What the member said about the pupil just before ("het gaat om een leerling van 16 in het vo") holds for
# the next question about her, as long as that question names none of these itself.
REMEMBERED = ("age", "school_type", "authority")


def _with_known(facts: Facts, known: Facts | None) -> Facts:
    if known is None or any(getattr(facts, name) is not None for name in REMEMBERED):
        return facts
    kept = {name: getattr(known, name) for name in REMEMBERED if getattr(known, name) is not None}
    return replace(facts, **kept) if kept else facts


def _decide(raw: str, lang: str | None, known: Facts | None = None) -> Explanation:
    index = _index()
    folded = tx.fold(raw)
    safety = read_safety(folded)
    facts = _with_known(read_facts(raw, folded, safety), known)
    ranking, best, words = _rank(index, folded, lang)
    real = [(topic, round(score, 4)) for topic, score in ranking if topic != OUTSIDE]
    outside = dict(ranking).get(OUTSIDE, 0.0)
    phrasings = {topic: index.phrasings[doc].text for topic, doc in best.items()}

    def result(topic, score, alternatives, sure, rule):
        chosen = Understanding(topic, round(score, 4), alternatives, facts, sure, safety.safety)
        return Explanation(chosen, real, phrasings, words, rule)

    if safety.safety or facts.self_harm:
        # a pupil who hurts themselves or speaks of suicide is a child in danger too (112, then 113)
        others = [(t, s) for t, s in real if t != SAFETY][:ALTERNATIVES]
        return Explanation(Understanding(SAFETY, max(dict(real).get(SAFETY, 0.0), 1.0), others, facts, True, True),
                           real, phrasings, words, "safety rules")
    command = _mentioned_command(raw, set(_topic_ids()))
    if command is None and (folded in HELP_WORDS or _asks_what_the_bot_can_do(folded)):
        command = "howto.hulp"
    if command:
        return result(command, 1.0, [(t, s) for t, s in real if t != command][:ALTERNATIVES], True, "command named")
    if facts.point in POINT_TOPICS and not safety.concern:
        # the question names its point ("wie beslist over schorsing"): that point's topic answers it
        topic = POINT_TOPICS[facts.point]
        return result(topic, max(dict(real).get(topic, 0.0), SURE_AT), [(t, s) for t, s in real if t != topic][:ALTERNATIVES],
                      True, "point named")
    if real and real[0][0] == SAFETY and (real[0][1] < SAFETY_PHRASINGS_AT or safety.everyday) and len(real) > 1:
        real = [real[1], real[0]] + real[2:]     # weak likeness to a danger phrasing: offer it, not more
    # a faint likeness to a danger phrasing is no reason to offer "acute danger" as a choice
    real = [(t, s) for i, (t, s) in enumerate(real) if t != SAFETY or i == 0 or s >= SAFETY_CHOICE_AT]
    top_score = real[0][1] if real else 0.0
    # a message about a pupil, or in the team's own words, is never small talk
    states_facts = facts != Facts() or bool(DOMAIN_WORDS & set(words))
    small_talk = top_score < OUTSIDE_ONLY_BELOW and OUTSIDE_WEIGHT * outside > top_score
    def with_concern(topic: str, score: float, alternatives: list) -> list:
        """A child telling of home in words the rules do not know: "a child in danger" comes first
        among the other choices."""
        if not safety.concern or topic == SAFETY:
            return alternatives
        offered = (SAFETY, min(score, dict(real).get(SAFETY, 0.0)))
        return ([offered] + [a for a in alternatives if a[0] != SAFETY])[:MIN_CHOICES]

    if not real or top_score < NOT_UNDERSTOOD_BELOW or small_talk:
        if not ((states_facts or safety.concern) and real):
            return result(None, outside, [], True, "outside")
        return result(real[0][0], real[0][1], with_concern(real[0][0], real[0][1], real[1:1 + ALTERNATIVES]), False,
                      "facts without a clear topic")
    if safety.neglect and not real[0][0].startswith("howto."):      # signs of neglect: a suspicion, for Veilig Thuis
        others = [(t, s) for t, s in real if t != "veilig_thuis"][:ALTERNATIVES]
        score = max(real[0][1], dict(real).get("veilig_thuis", 0.0))
        return result("veilig_thuis", score, others, True, "neglect signs")
    topic, score = real[0]
    second = real[1][1] if len(real) > 1 else 0.0
    sure = ((score >= SURE_AT and score - second >= SURE_MARGIN)
            or (score >= SURE_FLOOR and score >= SURE_RATIO * second and len(set(words)) >= 3))
    # the facts settle what the phrasings left open; a clear winner of the phrasings stays, and so do
    # the choices when a child may be telling of home (a child in danger comes first among them)
    decided = None if sure or safety.concern else _decided_by_facts(real, folded, facts)
    asked = None if sure or safety.concern or decided else _asks_consent_for(folded, facts, real)
    if asked is not None:
        # "leerling is 15, mag ik haar bespreken", "pupil is 18, can I call the parents": who decides
        alternatives = [(t, s) for t, s in real if t != asked][:ALTERNATIVES]
        return result(asked, max(dict(real).get(asked, 0.0), score), alternatives, True, "consent for a pupil")
    if decided is not None:
        topic, score = decided
        others = [(t, s) for t, s in real if t != topic]
        alternatives = [(t, s) for t, s in others if s >= ALTERNATIVE_SHARE * score][:ALTERNATIVES]
        return result(topic, score, alternatives, True, "facts decide")
    alternatives = [(t, s) for t, s in real[1:] if s >= ALTERNATIVE_SHARE * score][:ALTERNATIVES]
    if not sure and len(alternatives) < MIN_CHOICES:
        alternatives = real[1:1 + MIN_CHOICES]
    if not sure:
        alternatives = with_concern(topic, score, alternatives)
    if topic == SAFETY:       # the phrasings found danger the rules missed: still safety first
        return Explanation(Understanding(topic, score, alternatives, facts, True, True), real, phrasings, words,
                           "safety phrasings")
    return result(topic, score, alternatives, sure, "retrieval")


def understand(text: str, lang: str | None, known: Facts | None = None) -> Understanding:
    """What a member's message is about, what it states, and whether it is about a child in danger.
    `known`: the pupil's facts from the member's line before, used where this message names none."""
    understanding = _decide(text or "", lang, known).understanding
    log.debug("understood topic=%s score=%.3f sure=%s safety=%s alternatives=%s", understanding.topic,
              understanding.score, understanding.sure, understanding.safety,
              [topic for topic, _ in understanding.alternatives])
    return understanding


def explain(text: str, lang: str | None) -> str:
    """A readable account of a match (for tests and debugging; it contains the message's words)."""
    e = _decide(text or "", lang)
    u = e.understanding
    lines = [f"topic={u.topic} score={u.score:.3f} sure={u.sure} safety={u.safety} rule={e.rule}",
             f"words={e.words}", f"facts={u.facts}"]
    for topic, score in e.ranking[:5]:
        lines.append(f"  {score:.3f} {topic:<22} ~ {e.best_phrasings.get(topic, '')!r}")
    return "\n".join(lines)

"""Is a typed line clearly English or clearly Dutch? A small, fast, deterministic word count.

Only words that belong to one of the two languages count: frequent function words and the words of
the care team's own subjects (pupil, parents, consent, meeting ...). Words both languages use
("in", "is", "was", "we", "of", "school", "help", "student", "team") and words that are easily
the other language's ("die", "been", "door", "want") count for neither. A line decides only with a
few words of one language and a clear margin over the other; "ok", "ja", "2", "Z-17", a date or a
name decide nothing (None), and so does a line that mixes the two evenly.
"""
from __future__ import annotations

import re

ENGLISH = frozenset("""
    the a an and or but not no yes this that these those there here what which who whom whose where
    when why how if because about with from to for at by into onto on off up out after before than then
    also too very much many some any every all nothing something anything

    i you he she it they them their theirs his her hers him its my mine your yours our ours
    i'm i've i'd i'll you're you've he's she's it's we're they're they've
    don't doesn't didn't can't cannot won't isn't aren't wasn't weren't haven't hasn't shouldn't
    am are were be being has have having do does did done can could should would will shall must may
    might need needs wants know knows think tell tells told say says said go goes going get gets
    got make find see saw come comes came give take please thanks thank hello hi today tomorrow yesterday

    pupil pupils child children parent parents mother father mum mom dad uncle aunt brother sister
    grandfather grandmother sick ill care teacher teachers class classroom home safe abuse abused abusing neglect
    neglected bullied bullying bully hits hitting beats beaten touches touched touching hurts hurt
    worried worry concerned scared afraid report reporting reported action actions
    consent sits sitting who's attendance truant absent suspension expelled expulsion
""".split())

DUTCH = frozenset("""
    de het een en maar niet geen wel ja nee dit dat deze daar hier wat welke wie waar wanneer waarom
    hoe als omdat van naar uit voor bij met aan op te om tot na zonder tegen tussen dan ook nog al
    toch echt heel erg veel weinig alle iets niets niks zo nu dus mee morgen vandaag gisteren

    ik jij je jou jouw u uw hij zij ze het wij ons onze jullie hun hen hem haar mijn zijn m'n z'n 't
    er bent heb hebt heeft hebben waren wordt worden werd kan kun kunt kunnen mag mogen
    moet moeten wil wilt willen zal zullen zou zouden doe doet doen weet weten denk denkt zeg zegt
    zei gaat gaan ga komt komen krijg krijgt graag alsjeblieft alstublieft bedankt dank hallo hoi

    leerling leerlingen kinderen ouders ouder moeder vader oom tante broer zus opa oma ziek juf meester
    leerkracht docent klas thuis veilig misbruik mishandeling mishandeld verwaarlozing verwaarloosd
    gepest pesten slaat sloeg geslagen aanraakt aangeraakt betast zit zitten zorgen zorg bezorgd bang
    melding melden meldcode vergadering overleg actie acties toestemming verzuim schorsing
    verwijdering leerplicht
""".split())

# A word listed for both languages counts for neither.
_SHARED = ENGLISH & DUTCH
ENGLISH = ENGLISH - _SHARED
DUTCH = DUTCH - _SHARED

# The words that stop a dialogue without being commands (dialogues.engine.CANCEL_WORDS), by language.
STOP_WORDS = {"annuleer": "nl", "annuleren": "nl", "stoppen": "nl", "afbreken": "nl",
              "cancel": "en", "abort": "en"}

MIN_WORDS = 2          # words of the winning language at least
MAX_CHARS = 2000       # a long message is judged by its beginning
_WORD = re.compile(r"[a-zà-ÿ']+")


def evidence(text: str) -> tuple[int, int]:
    """(English words, Dutch words) in the text."""
    english = dutch = 0
    for word in _WORD.findall(text[:MAX_CHARS].casefold()):
        if word not in ENGLISH and word not in DUTCH:
            word = word.strip("'").removesuffix("'s")      # "pupil's" counts as "pupil"
        if word in ENGLISH:
            english += 1
        elif word in DUTCH:
            dutch += 1
    return english, dutch


def guess(text: str) -> str | None:
    """"en" or "nl" when the text is clearly that language, else None."""
    english, dutch = evidence(text)
    winner, loser, lang = (english, dutch, "en") if english > dutch else (dutch, english, "nl")
    if winner >= MIN_WORDS and winner >= 2 * loser + 1:
        return lang
    return None

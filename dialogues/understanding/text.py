"""Turning a message into the features the matcher compares: normalised words, stems, n-grams.

Professionals type fast: abbreviations (VT, SMW, JGZ), compounds ("toestemmingsformulier"),
typos and no accents. Both the curated phrasings and the incoming message go through the same
steps, so whatever is done here is done on both sides.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[a-z0-9]+")

# Abbreviations and synonyms, replaced by one canonical form before stemming. Multi-word keys
# are matched on word boundaries. The canonical form is what the phrasings mostly use, so that
# "VT", "AMK" and "Veilig Thuis" become the same feature.
SYNONYMS: dict[str, str] = {
    "veilig thuis": "vt", "veiligthuis": "vt", "amk": "vt", "ahvm": "vt", "shg": "vt",
    "advies en meldpunt kindermishandeling": "vt", "safe at home": "vt",
    "zorg en adviesteam": "zat", "zorg- en adviesteam": "zat", "zorgadviesteam": "zat",
    "care and advice team": "zat",
    "schoolmaatschappelijk werk": "smw", "schoolmaatschappelijk werker": "smw",
    "schoolmaatschappelijkwerker": "smw", "school social worker": "smw", "social worker": "smw",
    "jeugdgezondheidszorg": "jgz", "schoolarts": "jgz", "jeugdarts": "jgz", "jeugdverpleegkundige": "jgz",
    "school doctor": "jgz", "school nurse": "jgz", "youth doctor": "jgz", "youth physician": "jgz",
    "school physician": "jgz", "youth nurse": "jgz", "youth health": "jgz",
    "leerplichtambtenaar": "lpa", "leerplicht ambtenaar": "lpa", "attendance officer": "lpa",
    "intern begeleider": "ib", "ib er": "ib", "iber": "ib", "internal coach": "ib",
    "zorgcoordinator": "zoco", "zorg coordinator": "zoco", "care coordinator": "zoco", "zoco": "zoco",
    "ondertoezichtstelling": "ots", "onder toezicht stelling": "ots", "supervision order": "ots",
    "ontwikkelingsperspectief": "opp", "ontwikkelingsperspectiefplan": "opp",
    "plan van aanpak": "pva", "plan of approach": "pva", "pva": "pva", "handelingsplan": "pva",
    "groepsleerkracht": "leerkracht", "docent": "leerkracht",
    "teacher": "leerkracht", "juf": "leerkracht", "meester": "leerkracht",
    "kindermishandeling": "mishandeling", "child abuse": "mishandeling",
    "huiselijk geweld": "huiselijkgeweld", "domestic violence": "huiselijkgeweld",
    "care team": "zorgteam", "zorg team": "zorgteam",
    "verwijs index": "verwijsindex", "referral index": "verwijsindex",
    "police": "politie", "wijkagent": "politie", "cops": "politie",
    "minutes": "notulen",
    "e mail": "email", "e-mail": "email", "permission": "consent", "toestemmings": "toestemming",
    # shorthand of the chat: "lln", "lk", "wkn", "ib'er" (folded to "iber"), "smw'er"
    "lln": "leerling", "ll": "leerling", "llg": "leerling", "lkr": "leerkracht", "lk": "leerkracht",
    "lkn": "leerkracht", "wk": "week", "wkn": "weken", "wks": "weeks", "wk s": "weeks", "yo": "year old",
    "y o": "year old", "yr old": "year old", "jr": "jaar", "ibers": "ib", "ibr": "ib", "smwer": "smw",
    "smw er": "smw", "schoolmaatschappelijk werkster": "smw", "jgzer": "jgz", "gp": "huisarts",
    "family doctor": "huisarts", "vi": "verwijsindex", "zorgco": "zoco", "zoco er": "zoco",
    # the same thing in other words (and across the two languages, so both sets of phrasings count)
    "bureau jeugdzorg": "jeugdhulp", "bjz": "jeugdhulp", "jeugdzorg": "jeugdhulp", "youth care": "jeugdhulp",
    "youth services": "jeugdhulp", "youth support": "jeugdhulp", "wijkteam": "jeugdhulp",
    "community officer": "politie", "community police officer": "politie", "neighbourhood officer": "politie",
    "police officer": "politie", "youth officer": "politie", "youth police officer": "politie", "agent": "politie", "press charges": "aangifte", "file charges": "aangifte",
    "police report": "aangifte",
    "spijbelt": "spijbelen", "spijbelde": "spijbelen", "spijbelaar": "spijbelen", "skips school": "truancy",
    "skipping school": "truancy", "skip school": "truancy", "bunking off": "truancy", "truant": "truancy",
    "thuiszitter": "thuiszitten", "thuiszit": "thuiszitten", "zit thuis": "thuiszitten",
    "casusregisseur": "casemanager", "regisseur": "casemanager", "regiehouder": "casemanager",
    "case manager": "casemanager", "case coordinator": "casemanager",
    "notuleert": "notulen", "notuleren": "notulen", "notulist": "notulen", "takes notes": "notulen",
    "take notes": "notulen", "taking notes": "notulen", "note taker": "notulen", "minute taker": "notulen",
    "action plan": "pva", "actieplan": "pva",
    "suspend": "suspension", "suspended": "suspension", "suspending": "suspension", "suspensions": "suspension",
    "geschorst": "schorsen", "schorst": "schorsen", "schorsing": "schorsen", "schorsingen": "schorsen",
    "expel": "expulsion", "expels": "expulsion", "expelled": "expulsion", "expelling": "expulsion", "kicked out": "expulsion",
    "kick out": "expulsion", "van school gestuurd": "verwijdering", "van school sturen": "verwijdering",
    "van school af": "verwijdering", "definitief verwijderd": "verwijdering", "definitief verwijderen": "verwijdering",
    "gecertificeerde instelling": "gi", "jeugdbescherming": "gi", "youth protection agency": "gi",
    "youth protection": "gi", "gezinsvoogd": "gi", "family guardian": "gi",
    "custody": "gezag", "parental responsibility": "gezag", "parental authority": "gezag", "ouderlijk gezag": "gezag",
    "aandachtsfunctionaris": "meldcode", "safeguarding lead": "meldcode", "designated safeguarding": "meldcode",
    "reporting code": "meldcode",
}
_SYNONYM_RE = re.compile(r"\b(" + "|".join(sorted((re.escape(k) for k in SYNONYMS), key=len, reverse=True))
                         + r")\b")

# Words that carry no topic. Kept short on purpose: "niet", "geen", "no" and "not" stay, because
# the matcher may need them ("geen bezwaar" is a consent phrasing of its own), and so do the question
# words ("wie" leans to roles, "wanneer" to referral and meetings, "hoe vaak" to meetings).
STOPWORDS = frozenset("""
de het een en of in op aan van voor met bij te er is zijn was ben bent wordt worden dat die dit deze
ik je jij u we wij ze zij hij het mijn ons onze hun haar hem me mij
moet moeten kan kunnen mag mogen zou zouden wil willen heb hebben heeft had doe doen dan als ook nog
al maar toch even eens wel gewoon nou hoor zo om naar uit over tot door
the a an and or in on at of for with to is are was were be been it its this that these those i you
we they he she him her my our their do does did can could should
would may might must have has had will shall so as if then also just about from into by please
""".split())


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation to spaces: "Zorgcoördinator!" -> "zorgcoordinator"."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("'", "").replace("\u2019", "")
    return " ".join(_WORD.findall(text))


def canonical(text: str) -> str:
    """The folded text with abbreviations and synonyms replaced by their canonical form."""
    return _SYNONYM_RE.sub(lambda m: SYNONYMS[m.group(1)], fold(text))


_STEMMERS = {"nl": snowballstemmer.stemmer("dutch"), "en": snowballstemmer.stemmer("english")}


@lru_cache(maxsize=50_000)
def stem(word: str, lang: str) -> str:
    return _STEMMERS[lang].stemWord(word)


def words(text: str) -> list[str]:
    """Content words of canonical text, stopwords left out."""
    return [w for w in text.split() if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


def char_ngrams(word_list: list[str], low: int = 3, high: int = 5) -> list[str]:
    """Character n-grams inside each padded word: they carry typos and compound parts."""
    grams: list[str] = []
    for word in word_list:
        padded = f"<{word}>"
        for size in range(low, high + 1):
            grams.extend(padded[i:i + size] for i in range(len(padded) - size + 1))
    return grams

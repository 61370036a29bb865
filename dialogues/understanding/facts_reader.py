"""Reading the facts a message states: age, school type, authority, consent, suspension length.

Rules over the folded text (lower case, no accents, no punctuation). Negation is part of every
rule ("geen bezwaar" is no objection; "willen niet tekenen maar maken ook geen bezwaar" is no
objection too), and a field is only filled when the message says it: nothing is guessed.

Suspension length: a week counts as 5 school days ("twee weken" -> 10), a day as 1; the member's
own number of days is kept as said.
"""
from __future__ import annotations

import re

from dialogues.knowledge.facts import Facts
from dialogues.understanding.safety import SafetyReading

NUMBER_WORDS = {
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
    "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15,
    "zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19, "twintig": 20,
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}
_NUM = r"(\d{1,2}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"

_CHILD = (r"(?:meisje|jongen|kind|leerling|zoon|dochter|puber|scholier|student|pupil|girl|boy|child|kid|son|"
          r"daughter|teenager|learner)")
_AGE_PATTERNS = [
    re.compile(rf"\b{_NUM} ?jarige?\b"),
    re.compile(rf"\b{_NUM} (?:jaar|jr)\b(?! geleden)"),
    re.compile(rf"\b{_CHILD} (?:van|of|aged?|is|van nu) {_NUM}\b(?! (?:dag|week|weken|maand|days?|weeks?|months?))"),
    re.compile(rf"\b{_CHILD} {_NUM}\b(?! (?:dag|week|weken|maand|uur|days?|weeks?|months?|hours?|keer|times))"),
    re.compile(rf"\b{_NUM} ?years? ?old\b"),
    re.compile(rf"\b(?:aged?) {_NUM}\b"),
    re.compile(rf"\b(?:hij|zij|ze|he|she|hes|shes|they) (?:is|was|wordt|turns|turned|is nu|is bijna)? ?{_NUM}\b"
               r"(?! (?:dag|dagen|week|weken|maand|keer|uur|days?|weeks?|months?|times|hours?|min))"),
]


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def read_age(raw: str, folded: str) -> int | None:
    bracketed = re.search(r"\((\d{1,2})\)", raw)       # "leerling (15)"
    if bracketed and 3 <= int(bracketed.group(1)) <= 25:
        return int(bracketed.group(1))
    for pattern in _AGE_PATTERNS:
        match = pattern.search(folded)
        if match and match.group(1) not in ("een", "a", "one"):
            age = _number(match.group(1))
            if 3 <= age <= 25:
                return age
    return None


_SCHOOL = [
    ("so", re.compile(r"\b(?:v?so ?school|v?so leerling|speciaal onderwijs|voortgezet speciaal|cluster [1-4]|"
                      r"special (?:needs )?(?:education|school))\b")),
    ("mbo", re.compile(r"\b(?:mbo|roc|mbo ?(?:school|student|leerling|er)|beroepsopleiding|"
                       r"vocational (?:college|school))\b")),
    ("vo", re.compile(r"\b(?:vo|voortgezet onderwijs|havo|vwo|vmbo|mavo|gymnasium|atheneum|lyceum|brugklas\w*|"
                      r"brugpieper|klas [1-6]|[1-6]e klas|onderbouw|bovenbouw|middelbare school|praktijkonderwijs|"
                      r"secondary (?:school|education)|high school|form [1-6]|year (?:7|8|9|10|11|12|13))\b")),
    ("po", re.compile(r"\b(?:po|basisschool|basisonderwijs|primair onderwijs|groep [1-8]|kleuter\w*|"
                      r"sbo|speciaal basisonderwijs|primary (?:school|education)|elementary school|grade [1-6])\b")),
]


def read_school_type(raw: str, folded: str) -> str | None:
    if re.search(r"\b(?:V?SO)\b", raw):                 # only the capitals: "so" is an English word
        return "so"
    for school_type, pattern in _SCHOOL:
        if pattern.search(folded):
            return school_type
    return None


_AUTHORITY = [
    ("family_guardian", re.compile(r"\b(?:gezinsvoogd\w*|ots|ondertoezichtstelling|onder toezicht (?:gesteld|stelling)|"
                                   r"family guardian|supervision order|under supervision)\b")),
    ("guardian", re.compile(r"\b(?:voogd|voogdij|voogdes|guardian|guardianship)\b")),
    ("one_parent", re.compile(r"\b(?:eenhoofdig gezag|"
                              r"alleen (?:de )?(?:moeder|vader|mama|papa) (?:heeft )?(?:het )?gezag|"
                              r"(?:moeder|vader) heeft alleen (?:het )?gezag|"
                              r"(?:moeder|vader) heeft (?:het )?(?:gezag|eenhoofdig gezag) alleen|"
                              r"(?:vader|moeder) heeft geen gezag|sole (?:parental )?(?:authority|custody)|"
                              r"only (?:the )?(?:mother|father|mum|mom|dad) has (?:parental )?(?:authority|custody)|"
                              r"(?:father|mother) has no (?:parental )?(?:authority|custody)|"
                              # "moeder heeft gezag, vader niet" / "mother has custody, father doesn't"
                              r"(?:moeder|vader|mama|papa) heeft (?:het )?gezag,? (?:en |maar )?(?:de )?"
                              r"(?:vader|moeder|papa|mama) niet|"
                              r"(?:mother|father|mum|mom|dad) has (?:parental )?(?:authority|custody),? "
                              r"(?:and |but )?(?:the )?(?:father|mother|mum|mom|dad) (?:doesnt|does not|not|has not|hasnt))\b")),
    ("both_parents", re.compile(r"\b(?:beide ouders (?:hebben |met )?(?:het )?gezag|gezamenlijk gezag|"
                                r"(?:allebei|beiden) (?:het )?gezag|both parents (?:have|hold|share) "
                                r"(?:parental )?(?:authority|custody)|joint (?:parental )?(?:authority|custody))\b")),
    ("pupil_adult", re.compile(r"\b(?:meerderjarig|is (?:al )?volwassen|(?:is|now|turned) (?:an )?adult|of age)\b")),
]


def read_authority(folded: str) -> str | None:
    for authority, pattern in _AUTHORITY:
        if pattern.search(folded):
            return authority
    return None


_PUPIL_OBJECTS = re.compile(
    r"\b(?:wil (?:niet|geen) dat (?:we |wij |jullie |school |de school |ze |zij |iemand )?"
    r"(?:(?:zijn|haar|z n|zn|de|mijn) )?(?:ouders|moeder|vader|mama|papa)|"
    r"(?:doesnt|does not|dont|do not) want (?:us|you|the school|anyone|school) to (?:tell|inform|contact|call|involve) "
    r"(?:his|her|their|the) (?:parents|mother|father|mum|mom|dad)|"
    r"(?:leerling|kind|jongere|hij|zij|ze) (?:wil|weigert) (?:dit |het )?niet (?:delen|vertellen|bespreken)|"
    r"(?:leerling|kind|jongere) (?:maakt|heeft) bezwaar|(?:leerling|kind|jongere) weigert|"
    r"(?:doesnt|does not|dont|do not) want (?:(?:his|her|their|the) )?(?:parents|mother|father|mum|mom|dad)|"
    r"(?:pupil|student|child|teen) (?:objects|refuses|does not agree|doesnt agree))")
_PUPIL_AGREES = re.compile(r"\b(?:leerling|kind|jongere|pupil|student) "
                           r"(?:stemt in|gaat akkoord|vindt het goed|agrees)\b")

_CONSENT = [
    ("withdrawn", re.compile(r"\b(?:trekken|trekt|trok|trokken) (?:\w+ ){0,3}in\b|\bingetrokken\b|\bintrekken\b|"
                             r"\bwithdr[ae]w|\bwithdrawn\b|\brevok")),
    ("no_objection", re.compile(r"\b(?:geen bezwaar|geen bezwaren|niet tegen|geen probleem mee|no objections?|"
                                r"(?:dont|do not|didnt|did not|wont|will not|doesnt|does not) object|"
                                r"not object|nothing against)\b")),
    ("not_asked", re.compile(r"\b(?:zonder (?:\w+ )?toestemming|niet gevraagd|nog niet (?:om toestemming )?gevraagd|"
                             r"nog geen toestemming gevraagd|niet om toestemming gevraagd|without (?:\w+ )?consent|"
                             r"not (?:yet )?asked|havent asked|have not asked|didnt ask|did not ask|"
                             r"not been asked)\b")),
    ("objection", re.compile(r"\b(?:bezwaar|bezwaren|maken bezwaar|object|objects|objected|objection)\b")),
    ("refused", re.compile(r"\b(?:weiger\w*|geweigerd|willen niet|wil niet|(?:niet|nooit) tekenen|tekenen niet|"
                           r"(?:geven|gaven|geeft|gaf) geen toestemming|geen toestemming (?:geven|gegeven|gekregen)|"
                           r"toestemming niet (?:gegeven|geven|verleend)|zeggen nee|zeiden nee|zegt nee|"
                           r"nee (?:zeggen|gezegd)|refus\w*|"
                           r"(?:wont|will not|dont|do not|didnt|did not) (?:sign|agree|consent|give)|said no|say no|"
                           r"(?:doesnt|does not|dont|do not) want (?:us|you|the school|school) to "
                           r"(?:discuss|talk|share))\b")),
    ("given", re.compile(r"\b(?:getekend|ondertekend|tekenden|toestemming (?:gegeven|gekregen|verleend)|"
                         r"geven toestemming|gaven toestemming|stemmen in|stemden in|akkoord|"
                         r"signed|gave (?:their )?consent|consent (?:given|granted)|agreed|consented|"
                         r"ja gezegd|said yes)\b")),
]


# A signature at enrolment or a line in the school guide is no consent to a discussion (003:L2823-2833).
_AT_ENROLMENT = re.compile(r"\b(?:bij (?:de )?inschrijving|inschrijf\w*|aanmeldformulier|schoolgids|"
                           r"(?:at|on|upon|during) (?:the )?(?:enrol\w*|registration|admission)|enrol(?:l)?ment form|"
                           r"when (?:he|she|they|the pupil|the child) (?:enrol\w*|started)|school guide|"
                           r"school prospectus)\b")


def read_consent(folded: str) -> tuple[str | None, bool | None]:
    """(parents' consent state, whether the pupil objects) as far as stated."""
    pupil_objects: bool | None = None
    rest = folded
    objecting = _PUPIL_OBJECTS.search(folded)
    if objecting:
        pupil_objects = True
        rest = folded[:objecting.start()] + " | " + folded[objecting.end():]
    elif _PUPIL_AGREES.search(folded):
        pupil_objects = False
    # "they keep refusing every offer of help" says nothing about consent to a discussion
    rest = _AVOID_HELP.sub(" | ", rest)
    about_else = re.search(r"\b(?:niet eens met|disagree|not agree with|schors\w*|geschorst|suspen\w*|"
                           r"verwijder\w*|expel\w*|expulsion)\b", rest)
    if about_else and not re.search(r"\b(?:toestemming|consent|tekenen|sign|bespreken|delen|share)\b", rest):
        return None, pupil_objects          # an objection to something else, e.g. a suspension
    for state, pattern in _CONSENT:
        if pattern.search(rest):
            if state == "refused" and not re.search(r"\b(?:ouder|ouders|moeder|vader|parent|parents|mother|"
                                                    r"father|teken|sign|toestemming|consent|zij|they)\b", rest):
                continue                     # "wil niet" without parents or consent in sight
            if state == "objection" and pupil_objects and not re.search(r"\b(?:ouder|ouders|parent)", rest):
                continue
            if state == "given" and _AT_ENROLMENT.search(rest):
                continue                     # signed at enrolment: not a consent (nor a refusal)
            return state, pupil_objects
    return None, pupil_objects


_SUSPENSION_WORD = re.compile(r"\b(?:schors\w*|geschorst|suspen\w*|time ?out|time-out)\b")
_DURATION = re.compile(rf"\b{_NUM} ?(dag|dagen|dagn|dgn|schooldag|schooldagen|werkdagen|week|weken|"
                       r"days?|school days?|weeks?)\b")


def read_suspension_days(folded: str) -> int | None:
    """Days of a suspension the message states (a week = 5 school days)."""
    if not _SUSPENSION_WORD.search(folded):
        return None
    match = _DURATION.search(folded)
    if not match:
        return None
    count = _number(match.group(1))
    per_unit = 5 if match.group(2).startswith(("week", "weken")) else 1
    return count * per_unit


_AVOID_HELP = re.compile(
    r"\b(?:houden (?:de )?(?:boot|hulp|zorg) af|hulp (?:af|weigeren|mijden|ontlopen)|mijden (?:de )?hulp|"
    r"zorgmijd\w*|ontlopen (?:de )?(?:hulp|zorg|afspraken)|"
    r"komen (?:steeds |telkens |weer |nooit )?niet (?:op ?dagen|opdagen)|"
    r"komen nooit|werken niet mee|willen geen hulp|weigeren (?:alle |elke )?hulp|trekken zich terug|"
    r"avoid\w* (?:help|care|contact)|refus\w* (?:all |any )?help|keep (?:refusing|avoiding|cancelling)|"
    r"(?:dont|do not|never) show up|(?:wont|will not|dont|do not) cooperate|no ?shows?)\b")

_ZAT = r"(?:zat|zorg en adviesteam|zorg- en adviesteam|care and advice team)"
_NOT_DISCUSSED = re.compile(rf"\b(?:nog niet|niet|nooit) (?:\w+ ){{0,3}}(?:besproken|ingebracht|geweest|aangemeld)\b"
                            rf"(?=.*\b{_ZAT}\b)|\b{_ZAT}\b.*\b(?:nog niet|niet) (?:besproken|ingebracht)|"
                            rf"\bnot (?:yet |been )*(?:discussed|raised|brought)\b(?=.*\b{_ZAT}\b)")
_DISCUSSED = re.compile(rf"\b(?:al|is|was|eerder|wel) (?:\w+ ){{0,3}}(?:besproken|ingebracht)\b(?=.*\b{_ZAT}\b)|"
                        rf"\b(?:already|was|been|has been) (?:\w+ ){{0,2}}discussed\b(?=.*\b{_ZAT}\b)")


def read_discussed_in_zat(folded: str) -> bool | None:
    if _NOT_DISCUSSED.search(folded):
        return False
    if _DISCUSSED.search(folded):
        return True
    return None


def read_facts(raw: str, folded: str, safety: SafetyReading) -> Facts:
    consent, pupil_objects = read_consent(folded)
    return Facts(
        age=read_age(raw, folded),
        school_type=read_school_type(raw, folded),
        authority=read_authority(folded),
        consent=consent,
        pupil_objects=pupil_objects,
        suspension_days=read_suspension_days(folded),
        acute_danger=safety.acute_danger,
        disclosure=safety.disclosure,
        parents_avoid_help=bool(_AVOID_HELP.search(folded)),
        discussed_in_zat=read_discussed_in_zat(folded),
    )

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
    re.compile(rf"\b{_NUM} (?:jaar )?geworden\b"),
    re.compile(rf"\b{_CHILD} is (?:net|al|nu|pas|bijna) {_NUM}\b(?! (?:dag|week|weken|maand|uur|keer))"),
    re.compile(rf"\b(?:just |has )?turned {_NUM}\b"),
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
    ("so", re.compile(r"\b(?:vso|v?so ?school|v?so leerling|speciaal onderwijs|voortgezet speciaal|cluster [1-4]|"
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
                                r"(?:hebben|met) (?:allebei |beiden |beide |samen )+(?:het )?gezag|samen (?:het )?gezag|"
                                r"(?:allebei|beiden|beide) (?:het )?gezag|both parents (?:have|hold|share) "
                                r"(?:parental )?(?:authority|custody)|joint (?:parental )?(?:authority|custody))\b")),
    ("pupil_adult", re.compile(r"\b(?:meerderjarig|is (?:al )?volwassen|(?:is|now|turned) (?:an )?adult|of age)\b")),
]


# "leerling is 15, moeder heeft gezag": one parent named as holding authority, and no word of the other
# parent holding it too, is one parent's authority (the fact the member gave, not "usually both").
_ONE_NAMED = re.compile(r"\b(?:(?:de )?(?:moeder|vader|mama|papa) heeft (?:het )?(?:ouderlijk )?gezag|"
                        r"(?:the )?(?:mother|father|mum|mom|dad) (?:has|holds) (?:the )?(?:parental )?(?:authority|custody))\b"
                        r"(?! (?:\w+ )?(?:samen|ook|allebei|beiden|too|as well|together|jointly|with))")
_BOTH_TOO = re.compile(r"\b(?:beide|beiden|allebei|samen|gezamenlijk|ook (?:\w+ )?gezag|both|joint\w*|too|as well)\b")


def read_authority(folded: str) -> str | None:
    for authority, pattern in _AUTHORITY:
        if pattern.search(folded):
            return authority
    if _ONE_NAMED.search(folded) and not _BOTH_TOO.search(folded):
        return "one_parent"
    return None


_PUPIL_OBJECTS = re.compile(
    r"\b(?:wil (?:niet|geen) dat (?:we |wij |jullie |school |de school |ze |zij |iemand )?"
    r"(?:(?:zijn|haar|z n|zn|de|mijn) )?(?:ouders|moeder|vader|mama|papa)|"
    r"(?:doesnt|does not|dont|do not) want (?:us|you|the school|anyone|school) to (?:tell|inform|contact|call|involve) "
    r"(?:his|her|their|the) (?:parents|mother|father|mum|mom|dad)|"
    r"(?:leerling|kind|jongere|hij|zij|ze) (?:wil|weigert) (?:dit |het )?niet (?:delen|vertellen|bespreken)|"
    r"(?:leerling|kind|jongere|meisje|jongen)(?: van (?:\d{1,2}|\w+))? (?:maakt|heeft) (?:zelf )?bezwaar|"
    r"(?:leerling|kind|jongere|meisje|jongen)(?: van (?:\d{1,2}|\w+))?(?: zelf)? weigert|weigert (?:zelf|het zelf)|"
    r"(?:wil|willen) (?:zelf )?niet (?:besproken|ingebracht) worden|"
    r"(?:does not|doesnt|dont|do not) want to be (?:discussed|brought in|talked about)|"
    r"(?:she|he|the pupil|the student|the child) (?:herself |himself )?(?:refuses|objects)|"
    r"(?:pupil|student|child|teen|girl|boy|learner)(?: (?:of |aged )?\d{1,2})? (?:herself |himself )?"
    r"(?:refuses|objects|does not want|doesnt want|won t|wont)\b|"
    r"(?:doesnt|does not|dont|do not) want (?:(?:his|her|their|the) )?(?:parents|mother|father|mum|mom|dad)|"
    r"(?:pupil|student|child|teen) (?:objects|refuses|does not agree|doesnt agree))")
_PUPIL_AGREES = re.compile(r"\b(?:leerling|kind|jongere|pupil|student) "
                           r"(?:stemt in|gaat akkoord|vindt het goed|agrees)\b")

_CONSENT = [
    ("withdrawn", re.compile(r"\b(?:trekken|trekt|trok|trokken) (?:\w+ ){0,3}in\b|\bingetrokken\b|\bintrekken\b|"
                             r"\bteruggetrokken\b|\bterugtrekken\b|\b(?:trekken|trekt|trok|trokken) (?:\w+ ){0,4}toestemming "
                             r"(?:\w+ ){0,4}terug\b|"
                             r"\bwithdr[ae]w|\bwithdrawn\b|\brevok")),
    ("no_objection", re.compile(r"\b(?:geen bezwaar|geen bezwaren|niet tegen|geen probleem mee|no objections?|"
                                r"(?:dont|do not|didnt|did not|wont|will not|doesnt|does not) object|"
                                r"not object|nothing against)\b")),
    ("not_asked", re.compile(r"\b(?:zonder (?:\w+ )?toestemming|niet gevraagd|nog niet (?:om toestemming )?gevraagd|"
                             r"nog geen toestemming gevraagd|niet om toestemming gevraagd|without (?:\w+ )?consent|"
                             r"not (?:yet )?asked|havent asked|have not asked|didnt ask|did not ask|"
                             r"not been asked)\b")),
    ("objection", re.compile(r"\b(?:bezwaar|bezwaren|maken bezwaar|object|objects|objected|objection)\b|"
                             # "vader is tegen", "dad is against it"
                             r"\b(?:vader|moeder|papa|mama|ouder|ouders|father|mother|dad|mum|mom|parent|parents) "
                             r"(?:is|zijn|was|waren|is er|is het|are|is) (?:\w+ )?(?:tegen|against)\b")),
    ("refused", re.compile(r"\b(?:weiger\w*|geweigerd|willen niet|wil niet|(?:niet|nooit) tekenen|tekenen niet|"
                           r"(?:geven|gaven|geeft|gaf) geen toestemming|geen toestemming (?:geven|gegeven|gekregen)|"
                           r"toestemming niet (?:gegeven|geven|verleend)|zeggen nee|zeiden nee|zegt nee|"
                           r"nee (?:zeggen|gezegd)|refus\w*|"
                           r"(?:wont|will not|dont|do not|didnt|did not) (?:sign|agree|consent|give)|said no|say no|"
                           r"(?:doesnt|does not|dont|do not) want (?:us|you|the school|school) to "
                           r"(?:discuss|talk|share))\b")),
    ("given", re.compile(r"\b(?:getekend|ondertekend|tekenden|toestemming (?:gegeven|gekregen|verleend)|"
                         r"(?<!wie )(?<!wie er )(?:geven|gaven|geeft|gaf) (?:wel |al )?toestemming|stemmen in|stemden in|akkoord|"
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
    r"komen nooit|werken niet mee|willen geen hulp|weigeren (?:\w+ ){0,3}hulp|trekken zich terug|"
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


# -- the point a question asks within its topic (Facts.point) ------------------------------------------
# Each pattern names the point itself, so that it decides the topic too (POINT_TOPICS); the first that
# holds wins. A suspension question is read for its suspension points only.
_SCHOOL_AGE = re.compile(r"\b(?:leerplichtig\w*|kwalificatieplicht\w*|startkwalificatie\w*|"
                         r"compulsory (?:school|education) age|school ?leaving age|qualification (?:duty|obligation)|"
                         r"basic qualification)\b")
_AGE_ASKED = re.compile(r"\b(?:(?:vanaf|tot|op|met|bij) welke leeftijd|hoe oud|tot wanneer|vanaf wanneer|"
                        r"(?:from|until|till|up to|at) what age|how old|until when)\b")
_SCHOOL_DUTY = re.compile(r"\b(?:leerplicht\w*|naar school|op school|compulsory|in school|to school|"
                          r"be in (?:school|education))\b")
_STILL_SCHOOL = re.compile(r"\b(?:hoeft|moet|moeten|hoeven) (?:\w+ ){0,3}nog naar school|"
                           r"(?:still )?(?:has|have|need|needs) to (?:go to|be in|attend) school\b")
_ABSENCE = re.compile(r"\b(?:verzuim\w*|afwezig\w*|absen\w*|spijbel\w*|gespijbeld|truan\w*|ongeoorloofd\w*|"
                      r"unauthori[sz]ed|(?:missed|missing|skipped) (?:\w+ )?(?:school|lessons|classes|hours))\b")
_REPORT_ASKED = re.compile(r"\b(?:\d{1,3} (?:uur|uren|lesuren|hours|lessons|lesson hours)|melden|meld|gemeld|"
                           r"doorgeven|doorgegeven|report(?:s|ed|ing)?(?! back)|notify|grens|threshold|limit|vanaf hoeveel|"
                           r"how many hours|hoeveel uur)\b")
_LEAVE = re.compile(r"\b(?:luxe ?verzuim|(?:extra |bijzonder |buitengewoon |special |extra )?verlof|"
                    r"vrij (?:vragen|buiten|krijgen|nemen|geven)|vrij (?:\w+ ){0,2}(?:vakantie|bruiloft|begrafenis)|"
                    r"(?:eerder|langer|extra) (?:\w+ )?(?:op |met )?vakantie|vakantie\w* (?:eerder|verlengen|buiten)|"
                    r"buiten de (?:school)?vakantie\w*|op vakantie|vakantieverlof|"
                    r"(?:extra |special )?leave (?:of absence|for (?:a |the )?(?:holiday|vacation|wedding|funeral))|"
                    r"extra leave|special leave|(?:go|going|leave|leaving|take|taking) (?:\w+ )?(?:on )?(?:a )?"
                    r"(?:holiday|vacation)|before the (?:school )?holidays|outside (?:the )?school holidays|"
                    r"term ?time holiday|time off (?:school )?for)\b")
_SUSPENSION_NOTIFY = re.compile(r"\b(?:inspectie\w*|onderwijsinspectie|inspectorate|inspection|leerplicht\w*|"
                                r"attendance officer|lpa|melden|gemeld|doorgeven|doorgegeven|melding|"
                                r"report(?:ed)?|notify|notified)\b")
_SUSPENSION_WHO = re.compile(r"\b(?:wie (?:\w+ ){0,2}(?:beslist|besluit|mag|kan|bepaalt|is bevoegd|neemt)|"
                             r"bevoegd(?:heid)? (?:om|tot) (?:te )?schors\w*|"
                             r"who (?:\w+ ){0,2}(?:decides?|may|can|is allowed|has the (?:power|right|authority)|"
                             r"takes?|makes?))\b")
_VT = r"(?:veilig thuis|vt|amk|zorgmelding|melding|report|care report|meld\w*)"
_VT_INFORM = re.compile(r"\b(?:(?:ouders|ouder|parents|parent|family|gezin) (?:\w+ ){0,4}(?:inlichten|informeren|"
                        r"vertellen|weten|horen|op de hoogte|vooraf|van tevoren|tell|told|inform\w*|know|hear|"
                        r"beforehand|in advance)|(?:inlichten|informeren|vertellen|"
                        r"inform|tell) (?:\w+ ){0,2}(?:de |the )?(?:ouders|parents|family|gezin))\b")
_ZORGMELDING = re.compile(r"\bzorgmelding\w*|\bcare report\w*")
_WHAT_IS = re.compile(r"\b(?:wat is|wat houdt|wat betekent|wat bedoel\w*|hoe werkt|what is|what does|whats|"
                      r"what do you mean|how does)\b")
_ADVICE_VS_REPORT = re.compile(r"\b(?:verschil|difference|versus|vs|or|of) \b.*\b(?:advies|advice|consult)\b.*"
                               r"\b(?:melding|melden|report\w*)\b|\b(?:advies|advice|consult) (?:\w+ ){0,3}"
                               r"(?:of|or|versus|vs|en|and) (?:\w+ ){0,3}(?:melding|melden|report\w*)\b"
                               r"(?=.*\b(?:verschil|difference|wanneer|when|which|welke|wat|what)\b)|"
                               r"\b(?:verschil|difference)\b.*\b(?:melding|report)\b.*\b(?:advies|advice|consult)\b")
_CONSENT_WORDS = re.compile(r"\b(?:toestemming\w*|consent\w*|tekenen|getekend|sign\w*|handtekening)\b")
_ENOUGH = re.compile(r"\b(?:genoeg|voldoende|geldt|telt|gelden|tellen|als toestemming|enough|count\w*|"
                     r"as consent|sufficient|valid|is dat|is that|does that)\b")
_ALSO_PUPIL = re.compile(r"\b(?:zelf ook|ook zelf|ook (?:\w+ ){0,2}(?:toestemming|tekenen)|naast (?:zijn|haar|de) "
                         r"ouders|dubbele toestemming|double consent|also (?:\w+ ){0,2}(?:consent|sign|agree)|"
                         r"(?:consent|sign|agree) (?:\w+ ){0,3}(?:too|as well)|as well as (?:his|her|the) parents|"
                         r"besides (?:his|her|the) parents)\b")

# whose leave: a family's or a pupil's (a colleague's "ik ga met verlof" is not about leerplicht)
_LEAVE_WHO = re.compile(r"\b(?:ouders?|gezin|familie|leerling\w*|kind\w*|zoon|dochter|aanvra\w*|aanvraag|"
                        r"parents?|family|families|pupils?|child\w*|students?|son|daughter|request\w*|"
                        r"who decides|wie beslist|mag dat|is that allowed|allowed)\b")
_REFERRAL_INDEX = re.compile(r"\b(?:vi|verwijsindex|verwijs index|referral index)\b")
# "moet vader ook tekenen" asks about the parents' authority, not about the pupil's own consent
_A_PARENT = re.compile(r"\b(?:vader|moeder|papa|mama|father|mother|dad|mum|mom|gescheiden|divorced)\b")

# Sharing: the school sending a report or file out, or a partner with professional secrecy sharing its own.
_SCHOOL_SENDS = re.compile(
    r"\b(?:mag|mogen|kan|kunnen|moet|may|can|should|shall) (?:ik|we|wij|de school|i|the school) (?:\w+ ){0,6}"
    r"(?:mailen|e-?mailen|doorsturen|doormailen|opsturen|sturen|meegeven|email|e-?mail|forward|send)\b")
_DOCUMENT = re.compile(r"\b(?:verslag\w*|notulen|dossier\w*|gegevens|rapport\w*|report|minutes|notes|file|"
                       r"files|records?|data)\b")
# the school telling an outside body about a pupil ("mag ik de politie inlichten over een leerling")
_RECIPIENT = (r"(?:politie|police|wijkagent|agent|huisarts|gp|family doctor|gemeente|municipality|wijkteam|"
              r"local team|jeugdzorg|youth care|jeugdhulp|instantie|agency|partner|partners)")
_SCHOOL_TELLS = re.compile(
    rf"\b(?:mag|mogen|kan|kunnen|may|can|should|am i allowed to) (?:ik|we|wij|de school|i|the school) "
    rf"(?:(?:\w+ ){{0,3}}(?:aan |to |with |met )?(?:de |het |the )?{_RECIPIENT} (?:\w+ ){{0,4}}"
    rf"(?:inlichten|informeren|vertellen|melden|doorgeven|tell|inform|share|report)|"
    rf"(?:tell|inform|vertellen|informeren|inlichten|share|delen|doorgeven|pass on) (?:\w+ ){{0,3}}"
    rf"(?:de |het |the |aan |to |with |met )*{_RECIPIENT})\b")
_WITHOUT_CONSENT = re.compile(r"\b(?:zonder (?:\w+ )?toestemming|without (?:\w+ ){0,2}consent)\b")
_PARTNER = (r"(?:smw\w*|jgz|ggd|jeugdarts\w*|jeugdverpleegkundige\w*|schoolmaatschappelijk\w*|"
            r"maatschappelijk werk\w*|school social worker|social worker|school nurse|youth doctor|school doctor|"
            r"huisarts|gp|family doctor|jeugdzorg|youth care)")
_PARTNER_SHARES = re.compile(
    rf"\b{_PARTNER} (?:\w+ ){{0,4}}(?:delen|vertellen|inbrengen|doorgeven|geven|share|tell|pass on|bring in|give)\b"
    rf"(?=.*\b(?:info\w*|gegevens|dossier\w*|file|files|data|notes|records?|weet|knows?)\b)|"
    rf"\b(?:info\w*|gegevens) (?:uit|from) (?:haar|zijn|het|her|his|their|its|the) (?:eigen |own )?(?:dossier|file)\b")


_EXPEL = re.compile(r"\b(?:verwijder\w*|van school (?:ge)?stuurd|van school sturen|expel\w*|expulsion|kick\w* out)\b")
_POOR_RESULTS = re.compile(r"\b(?:cijfers|vorderingen|resultaten|prestaties|leerprestaties|onvoldoendes|zittenblijv\w*|"
                           r"blijft zitten|grades|marks|results|progress|failing)\b")


# "wie beslist over bespreken zonder toestemming": the director (003:L2948-2956), not the age rule
_WHO_DECIDES = re.compile(r"\b(?:wie (?:\w+ ){0,2}(?:beslist|besluit|bepaalt|neemt (?:\w+ )?besluit)|"
                          r"who (?:\w+ ){0,2}(?:decides?|makes (?:\w+ )?decision|takes (?:\w+ )?decision))\b")
# "mogen we anoniem bespreken zonder toestemming": yes, mode 3 (003:L2902-2918)
_ANONYMOUS = re.compile(r"\b(?:anoniem\w*|anonym\w*|zonder naam|without (?:a |the |his |her )?name|no names?)\b")
_MAY_OR_NEED = re.compile(r"\b(?:mag|mogen|kan|kunnen|moet|moeten|hoeft|hoeven|nodig|may|can|could|need|needs|"
                          r"must|have to|do we|allowed|zonder|without)\b")
# "ouders weigeren alle hulp en we maken ons ernstig zorgen: mag het zonder toestemming" (004:L2380-2384)
_SERIOUS = re.compile(r"\b(?:ernstig\w*|grote zorgen|serious\w*|grave|very worried|ernstige zorgen)\b")


def read_point(folded: str, age: int | None) -> str | None:
    """The point the question asks within its topic, when it names one (see Facts.point)."""
    if _WITHOUT_CONSENT.search(folded) and not _SUSPENSION_WORD.search(folded):
        if _ANONYMOUS.search(folded) and _MAY_OR_NEED.search(folded):
            return "anonymous"
        if _AVOID_HELP.search(folded) and _SERIOUS.search(folded):
            return "all_help_refused"
        if _WHO_DECIDES.search(folded):
            return "who_decides_without_consent"
    if _ANONYMOUS.search(folded) and _CONSENT_WORDS.search(folded) and _MAY_OR_NEED.search(folded) \
            and not _SUSPENSION_WORD.search(folded):
        return "anonymous"
    if _CONSENT[0][1].search(folded) and _CONSENT_WORDS.search(folded) and not _SUSPENSION_WORD.search(folded):
        return "consent_withdrawn"          # "ouders trekken hun toestemming in": the consent topic answers it
    if _EXPEL.search(folded) and _POOR_RESULTS.search(folded) and not _SUSPENSION_WORD.search(folded):
        return "expulsion_progress"
    if _SUSPENSION_WORD.search(folded):
        if _SUSPENSION_WHO.search(folded):
            return "suspension_who"
        if _SUSPENSION_NOTIFY.search(folded):
            return "suspension_notify"
        return None
    if _SCHOOL_AGE.search(folded) or _STILL_SCHOOL.search(folded) or (
            _AGE_ASKED.search(folded) and _SCHOOL_DUTY.search(folded) and not _CONSENT_WORDS.search(folded)):
        return "leerplicht_age"
    if _LEAVE.search(folded) and _LEAVE_WHO.search(folded) and not _CONSENT_WORDS.search(folded):
        return "leave"
    if _ABSENCE.search(folded) and _REPORT_ASKED.search(folded):
        return "absence_report"
    if _ADVICE_VS_REPORT.search(folded) and re.search(r"\b(?:veilig thuis|vt|amk)\b|melding|report", folded):
        return "advice_vs_report"
    if (re.search(rf"\b{_VT}\b", folded) and _VT_INFORM.search(folded) and not _CONSENT_WORDS.search(folded)
            and not _REFERRAL_INDEX.search(folded)):
        return "vt_inform_parents"
    if _ZORGMELDING.search(folded) and (_WHAT_IS.search(folded) or len(folded.split()) <= 3):
        return "zorgmelding"
    if ((_SCHOOL_SENDS.search(folded) and _DOCUMENT.search(folded)) or _SCHOOL_TELLS.search(folded)) and (
            not _CONSENT_WORDS.search(folded) or _WITHOUT_CONSENT.search(folded)):
        return "school_sends"
    if _PARTNER_SHARES.search(folded) and not _CONSENT_WORDS.search(folded):
        return "partner_shares"
    if _CONSENT_WORDS.search(folded) and _AT_ENROLMENT.search(folded) and _ENOUGH.search(folded):
        return "enrolment_signature"
    if (_CONSENT_WORDS.search(folded) and _ALSO_PUPIL.search(folded) and (age is None or age < 16)
            and not _A_PARENT.search(folded)):
        return "double_consent"
    return None


# Self-harm or suicide: 112 first, then 113 (safety.acute, rule "self_harm").
_SELF_HARM = re.compile(
    r"\b(?:(?:zichzelf|zich|haarzelf|hemzelf) (?:\w+ ){0,2}(?:snijdt|snijden|sneed|beschadig\w*|pijn doet|"
    r"iets aan ?(?:te )?doen|iets aandoet|van kant (?:te )?maken|ophangen|verwond\w*)|"
    r"snijdt (?:zich|zichzelf)|automutil\w*|zelfbeschadig\w*|zelfmoord\w*|suicid\w*|zelfdoding|"
    r"niet meer (?:wil |willen )?leven|dood (?:wil|willen) zijn|wil dood|er een eind aan (?:wil )?maken|"
    r"self ?harm\w*|cutting (?:herself|himself|themselves)|cuts (?:herself|himself|themselves)|"
    r"(?:hurt|hurting|harm|harming|kill|killing) (?:herself|himself|themselves)|"
    r"(?:want|wants|wanted) to die|(?:end|ending) (?:her|his|their) life|(?:does not|doesnt|dont) want to live)\b")


def read_facts(raw: str, folded: str, safety: SafetyReading) -> Facts:
    consent, pupil_objects = read_consent(folded)
    age = read_age(raw, folded)
    return Facts(
        age=age,
        school_type=read_school_type(raw, folded),
        authority=read_authority(folded),
        consent=consent,
        pupil_objects=pupil_objects,
        suspension_days=read_suspension_days(folded),
        acute_danger=safety.acute_danger,
        disclosure=safety.disclosure,
        parents_avoid_help=bool(_AVOID_HELP.search(folded)),
        discussed_in_zat=read_discussed_in_zat(folded),
        point=read_point(folded, age),
        self_harm=bool(_SELF_HARM.search(folded)),
    )

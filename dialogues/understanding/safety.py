"""Recognising acute danger and a child disclosing abuse, with recall first.

A rule set over the folded text, independent of the phrasing index, so that even three words
("kind zegt papa slaat") are caught. The only way out is a message that is clearly about
procedure or a suspicion in general ("hoe werkt de meldcode bij mishandeling", "we vermoeden
mishandeling"): that goes to the meldcode / Veilig Thuis topics instead, which answer it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")")


ACUTE = _any(
    r"acu(?:u?t|te)(?:ly)? (?:onveilig|gevaar|bedreig\w*|unsafe|danger|in danger|at risk)", r"direct gevaar",
    r"onmiddellijk gevaar", r"levensgevaar",
    r"in gevaar", r"niet (?:meer )?veilig\b", r"onveilig",
    r"durft? (?:\w+ ){0,2}(?:niet|nooit) (?:meer )?(?:terug )?naar huis", r"wil (?:niet|nooit) (?:meer )?(?:terug )?naar huis",
    r"(?:durft?|wil|wilt) (?:niet|nooit) (?:meer )?(?:terug )?(?:naar )?(?:huis|thuis) (?:te )?(?:gaan|komen)",
    r"(?:doesnt|does not|dont|do not|daren?t|dare not) (?:dare|want) (?:to )?go(?:ing)? (?:back )?home",
    r"(?:afraid|scared|frightened|terrified) (?:\w+ ){0,2}(?:to go|of going) (?:back )?home",
    r"bang (?:om )?(?:naar|voor) (?:huis|thuis|zijn vader|haar vader|zijn moeder|haar moeder|papa|mama)",
    r"zelfmoord", r"suicid", r"suizid", r"zichzelf (?:iets )?(?:aan ?doen|te lijf)", r"snijdt zich",
    r"zich(?:zelf)? iets (?:\w+ )?aan ?(?:doen|te doen)", r"wil(?:t|len)? (?:dood|niet meer leven)", r"dood (?:wil|wilt|willen)\b",
    r"snij(?:dt|den|t) (?:zich|zichzelf|haar|zijn)", r"zelfbeschadig\w*", r"automutil\w*",
    r"(?:cuts?|cutting) (?:himself|herself|themselves|on (?:his|her|their) (?:arm|arms|wrist|wrists|legs?))",
    r"suicidal", r"(?:levensmoe|doodswens)", r"overdosis", r"overdose",
    r"wants? to die", r"niet meer (?:wil|willen) leven", r"(?:doesnt|does not|dont) want to live",
    r"end (?:his|her|their) life",
    r"wapen", r"mes (?:bij|mee|getrokken)", r"met de dood bedreigd", r"bedreigd", r"dreigt (?:hem|haar|het kind)",
    r"vermist\b", r"(?:child|pupil|student|boy|girl|kid|son|daughter) (?:\w+ ){0,2}(?:is|has gone|went|gone|has been|"
    r"was|are|were|reported) (?:\w+ )?missing\b", r"missing (?:child|pupil|student|boy|girl|kid)\b",
    r"(?:dagen|nachten|nachts|weekend|weken) (?:lang )?alleen thuis", r"alleen thuis (?:gelaten|achtergelaten)",
    r"(?:alone|by (?:him|her)self) at home for (?:days|nights|the weekend|a week)", r"left (?:home )?alone for",
    r"immediate danger", r"in danger", r"unsafe", r"not safe", r"isnt safe", r"life threatening",
    r"(?:doesnt|does not|dont|do not|never) feel safe",
    r"(?:afraid|scared|frightened|terrified) (?:to go|of going) home",
    r"(?:doesnt|does not|wont|will not) (?:want to )?go home",
    r"kill (?:himself|herself|themselves|myself)", r"self ?harm",
    r"(?:harm|harming|hurt|hurting) (?:himself|herself|themselves)",
    r"weapon", r"knife", r"threatened",
)

ABUSE = _any(
    r"sla(?:at|an)\b", r"sloeg(?:en)?\b", r"geslagen", r"slaan\b", r"klappen (?:krijgt|gekregen|geeft)",
    r"schop(?:t|pen)\b", r"(?:krijgt|kreeg|krijgen|kregen) (?:\w+ ){0,2}klappen", r"klappen van",
    r"(?:zich(?:zelf)?|haar|zijn armen|zijn arm|haar armen|haar arm) (?:\w+ )?(?:gesneden|snijdt|kerft)",
    r"naakt\w*", r"zonder kleren", r"naked", r"nudes?\b", r"sextortion", r"sexting",
    r"geschopt", r"mishandel", r"misbruik", r"seksue", r"aangerand", r"aanranding", r"verkracht", r"betast",
    r"blauwe plek", r"brandwond", r"opgesloten", r"vastgebonden", r"knijpt", r"gewurgd", r"wurgt",
    r"geweld", r"uitgescholden en geslagen", r"hit\b", r"hits\b", r"hitting", r"beat(?:s|en|ing)?\b",
    r"abus", r"molest", r"rape", r"bruise", r"burn marks", r"kick(?:s|ed)\b", r"punch", r"slap",
    r"touch(?:es|ed)? (?:her|him|them) inappropriately", r"violen", r"hurt(?:s)? (?:her|him)\b", r"strangl",
    r"gooit (?:met )?(?:\w+ )?(?:naar|tegen) (?:me|mij|hem|haar)", r"throws? (?:\w+ )?at (?:me|him|her)",
    r"\w*brandjes", r"\w*brandplek\w*", r"snijwond\w*", r"\w*brandwond\w*", r"burns\b",
    r"gebroken (?:arm|been|rib|pols|neus|vinger)\w*", r"botbreuk",
    r"broken (?:arm|leg|rib|wrist|nose|finger)", r"fractur\w*",
    r"uithuwelijk\w*|uitgehuwelijkt|gedwongen (?:huwelijk|trouwen)|huwelijksdwang|forced (?:into )?marriage",
    r"besnijd\w*|besneden|genitale verminking|genital mutilation|\bfgm\b|(?:will|going to) be cut\b",
   
    r"eergerelateerd|honou?r (?:based|related) violence|loverboy\w*|uitbuit\w*|mensenhandel|exploitation|traffick\w*",
    r"grooming", r"(?:krijgt|kreeg|gets|got) (?:thuis )?(?:geen|no) (?:eten|food)",
    r"opslui\w*", r"sluit (?:haar|hem|me|mij|ze) op", r"locks? (?:her|him|them|me) (?:in|up)", r"aangeraakt",
    r"aanraakt", r"(?:is|being|gets|got|was) touched", r"verwond\w*", r"gewond", r"injur\w*", r"wounds?\b",
    r"riem\b", r"belt\b", r"smack\w*", r"spank\w*", r"pak slaag", r"mishandel\w*",
    r"(?:gedreigd|dreigt|dreigde|threatened|threatens) (?:\w+ ){0,3}(?:iets aan te doen|te slaan|te vermoorden|"
    r"dood te maken|to hurt|to kill|to hit|to beat)",
    r"(?:weggelopen|gevlucht|weg gelopen) (?:van|uit) (?:huis|thuis)|(?:het )?huis uit gevlucht|"
    r"(?:ran|run|runs|running) away from home|runaway",
    r"pijn gedaan", r"doet (?:me|mij|ons|hem|haar) pijn", r"geknepen", r"door elkaar geschud", r"mept", r"gemept",
    r"trapt", r"getrapt", r"touch(?:es|ed)? (?:her|him|me|them)\b", r"chok(?:e|es|ed|ing)\b",
    r"shak(?:es|en) (?:her|him)",
    r"slaps?\b", r"slapped", r"hurts? (?:me|them)\b", r"marks on (?:his|her|their)", r"heeft gezeten", r"striemen",
    r"welts", r"blauw oog", r"black eye", r"aan (?:haar|hem|me|mij) (?:zit|zat|zitten)\b",
    r"doet (?:hem|haar) pijn", r"locked (?:up|in)", r"incest", r"huiselijkgeweld",
)

TELLS = _any(
    r"zegt", r"zei\b", r"vertel", r"verteld", r"geeft aan", r"laat weten", r"heeft gezegd", r"onthul",
    r"says", r"said", r"tells", r"told", r"discloses", r"disclosed", r"reports that", r"confided",
    r"wordt (?:thuis |vaak |steeds |weer )?(?:geslagen|mishandeld|misbruikt|geschopt)",
    r"is (?:thuis |gisteren |weer )?(?:geslagen|mishandeld|misbruikt|geschopt|aangerand|verkracht)",
    r"(?:is|was|gets|got|being) (?:hit|beaten|abused|kicked|raped|molested)",
    r"(?:papa|mama|vader|moeder|stiefvader|vriend van (?:mama|moeder)|dad|mum|mom|father|mother|stepfather) "
    r"(?:slaat|schopt|mishandelt|misbruikt|hits|beats|abuses|kicks)",
)

# A message about procedure or a suspicion in general, not about a child in danger now.
PROCEDURE = _any(
    r"hoe werkt", r"wat is (?:de|het|een)", r"wat zijn", r"stappen", r"stappenplan", r"meldcode", r"afwegingskader",
    r"vermoed", r"signalen", r"zorgen over", r"wanneer (?:moet|moeten|mag|mogen|melden|bellen)",
    r"protocol", r"procedure", r"in (?:het )?algemeen",
    r"wat (?:doe|doen|moet|moeten) (?:je|we|ik|wij) (?:bij|als|met)",
    r"how does", r"what is the", r"what are the", r"steps", r"reporting code", r"suspect", r"suspicion",
    r"signs of",
    r"when (?:do|should|must|to)", r"what to do (?:with|when|if|about)", r"in general",
)


# Violence by a pupil, or against staff: a matter for suspension, expulsion or the police route,
# not a child in danger. These spans are taken out before the abuse words are looked for.
PUPIL_AS_ACTOR = _any(
    r"(?:geweld|agressie) (?:tegen|naar) (?:een |de )?(?:docent|leerkracht|leraar|juf|meester|medewerker|collega|"
    r"concierge|klasgenoot|medeleerling|andere leerling)\w*",
    r"(?:leerling|hij|zij|ze|jongen|meisje) (?:slaat|sloeg|schopt|schopte|heeft) (?:een |de )?(?:docent|leerkracht|"
   
    r"leraar|juf|meester|klasgenoot|medeleerling|andere leerling)\w*"
    r"(?: (?:\w+ ){0,4}(?:geslagen|geschopt|bedreigd|aangevallen))?",
    r"(?<!door )(?<!door een )(?<!door de )(?:een |de )?(?:klasgenoot|medeleerling|docent|leerkracht|leraar|juf|"
    r"meester|andere leerling)\w* "
    r"(?:heeft )?(?:geslagen|geschopt|aangevallen|bedreigd)",
   
    # "heeft een docent met een stoel bedreigd" (not: "is door een docent geslagen")
    r"(?<!door )(?<!door een )(?<!door de )(?:een|de|onze|zijn|haar) (?:docent|leerkracht|leraar|juf|meester|"
    r"klasgenoot|medeleerling|andere leerling|mentor|conci.rge)\w* (?:\w+ ){0,4}(?:bedreigd|aangevallen|geschopt|"
    r"geslagen)",
    r"(?:threatened|attacked|hit|punched|kicked|assaulted|threatening|attacking|hitting) (?:a|the|another|his|her) "
    r"(?:teacher|classmate|mentor|staff member|colleague)s?",
    r"(?:violence|aggression) (?:against|towards) (?:a |the )?(?:teacher|staff|colleague|classmate|another pupil)s?",
    r"(?:pupil|student|he|she|boy|girl) (?:hit|hits|kicked|kicks|punched|attacked|threatened|threatens) "
    r"(?:a |the |another )?"
    r"(?:teacher|classmate|pupil|student)s?",
)


# Injuries are a sign, not a story: with "zegt"/"says" they still mean safety first, but they are
# not read as the child disclosing abuse ("blauwe plekken, zegt dat hij gevallen is").
INJURIES = _any(r"blauwe plek\w*", r"snijwond\w*", r"blauw oog", r"brandwond\w*", r"striemen", r"bruise\w*", r"burn marks",
                r"welts", r"black eye", r"letsel", r"injur\w*", r"wounds?", r"verwond\w*", r"gewond",
                r"marks on (?:his|her|their) \w+")

# The names of the subject ("kindermishandeling", "child abuse") ask about the subject, unless the
# message also tells of a child (caught by TELLS or the other abuse words).
SUBJECT_NAMES = _any(r"kindermishandeling", r"child abuse", r"huiselijk geweld", r"domestic (?:violence|abuse)",
                     r"sexual abuse", r"seksueel misbruik", r"eergerelateerd geweld", r"honou?r based violence")


# A child afraid of someone at home: safety first, though neither danger nor abuse is stated yet.
FEAR = _any(
    r"doodsbang", r"terrified",
   
    r"bang (?:om )?(?:voor|van) (?:zijn|haar|z n|de|hun) (?:vader|moeder|papa|mama|stiefvader|stiefmoeder|oom|broer|"
    r"opa|vriend van (?:mama|moeder)|ouders)",
   
    r"(?:scared|afraid|terrified|frightened) of (?:his|her|their|the) (?:dad|father|mum|mom|mother|stepdad|stepfather|"
    r"stepmother|uncle|brother|grandfather|parents|mums boyfriend|moms boyfriend)",
)


@dataclass(frozen=True)
class SafetyReading:
    safety: bool
    acute_danger: bool
    disclosure: bool


# Words that only look like violence: "waar slaan we de verslagen op" (storing), "kicked out of school".
NOT_VIOLENCE = _any(r"(?:waar|hoe|wat|wie) sla(?:an|at)? (?:we|wij|je|jij|jullie|ik|ze|zij|u|hij)\b",
                    r"kick(?:ed|s|ing)? (?:\w+ )?out\b", r"hit (?:the|a) (?:deadline|limit|wall|target)")


def read_safety(folded: str) -> SafetyReading:
    folded = NOT_VIOLENCE.sub(" ", PUPIL_AS_ACTOR.sub(" ", folded))
    acute = bool(ACUTE.search(folded))
    tells = bool(ABUSE.search(INJURIES.sub(" ", folded))) and bool(TELLS.search(folded))
    abuse = bool(ABUSE.search(SUBJECT_NAMES.sub(" ", folded)))
    procedural = bool(PROCEDURE.search(folded))
    if acute:
        return SafetyReading(True, True, tells)
    if tells:
        return SafetyReading(True, False, True)
    if (abuse or FEAR.search(folded)) and not procedural:
        return SafetyReading(True, False, False)
    return SafetyReading(False, False, False)

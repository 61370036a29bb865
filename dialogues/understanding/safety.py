"""Recognising acute danger and a child disclosing abuse, with recall first.

A rule set over the folded text, independent of the phrasing index, so that even three words
("kind zegt papa slaat") are caught. The only way out is a message that is clearly about
procedure or a suspicion in general ("hoe werkt de meldcode bij mishandeling", "we vermoeden
mishandeling"): that goes to the meldcode / Veilig Thuis topics instead, which answer it.

Known limit, measured: word lists cannot know every way a child's situation is told. Six blind batches
of new wording (tests/understanding/safety_phrasings.py, 2 December 2026) were caught for 29%, 5%,
15%, 45%, 30% and 30% before their words were added here. Two nets stand behind the lists: a child
telling of harm by someone at home in words of a wide harm list (HOME_PERSON + HARM), and, for a
statement about a child and home that matches nothing, "a child in danger" offered among the choices
(`concern`). A learned model would be the next step; until then, add the words of every miss.
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
    r"durft? (?:\w+ ){0,2}(?:niet|nooit) (?:meer )?(?:terug )?naar huis",
    r"wil (?:niet|nooit) (?:meer )?(?:terug )?naar huis",
    r"(?:durft?|wil|wilt) (?:niet|nooit) (?:meer )?(?:terug )?(?:naar )?(?:huis|thuis) (?:te )?(?:gaan|komen)",
    r"(?:doesnt|does not|dont|do not|daren?t|dare not) (?:dare|want) (?:to )?go(?:ing)? (?:back )?home",
    r"(?:afraid|scared|frightened|terrified) (?:\w+ ){0,2}(?:to go|of going) (?:back )?home",
    r"bang (?:om )?(?:naar|voor) (?:huis|thuis|zijn vader|haar vader|zijn moeder|haar moeder|papa|mama)",
    r"zelfmoord", r"suicid", r"suizid", r"zichzelf (?:iets )?(?:aan ?doen|te lijf)", r"snijdt zich",
    r"zich(?:zelf)? iets (?:\w+ )?aan ?(?:doen|te doen)", r"wil(?:t|len)? (?:dood|niet meer leven)",
    r"dood (?:wil|wilt|willen)\b",
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
    r"pistool", r"vuurwapen\w*", r"geweer", r"\bguns?\b", r"pistol", r"firearm", r"rifle",
    r"afscheidsbrief\w*", r"afscheid (?:\w+ ){0,2}(?:genomen|nemen) van (?:iedereen|het leven)",
    r"geeft (?:al )?(?:zijn|haar) spullen weg",
    r"(?:goodbye|farewell|suicide) (?:letter|note|message)",
    r"giv(?:es|ing) away (?:his|her|their) (?:things|stuff|belongings)",
    r"(?:al )?(?:\w+ )?(?:dagen|nachten) niet (?:\w+ )?opgehaald",
    r"niet (?:meer )?opgehaald (?:\w+ ){0,4}onbereikbaar",
    r"(?:hasnt|has not|havent|have not|wasnt|was not) (?:been )?picked up for",
    r"not (?:been )?picked up (?:\w+ ){0,4}(?:days|nights)",
    r"onder (?:\w+ )?water (?:\w+ )?(?:hield|houdt|geduwd|gehouden)",
    r"(?:held|holds|pushed|kept) (?:\w+ ){0,3}under (?:the )?water",
    r"kussen op (?:zijn|haar) (?:gezicht|hoofd)", r"pillow over (?:his|her) (?:face|head)", r"smother\w*",
    r"verstik\w*",
    r"liever dood", r"beter dood", r"(?:rather|better off) (?:be )?dead",
    r"wish(?:es)? (?:he|she|i|they) (?:was|were) dead",
    r"niet (?:meer )?thuisgekomen", r"niet (?:meer )?(?:naar )?huis gekomen", r"spoorloos",
    r"(?:didnt|did not|hasnt|has not|never|havent|have not) (?:\w+ )?come (?:back )?home",
    r"weet (?:\w+ )?niet waar (?:ze|hij|zij|het kind) is", r"niemand weet waar (?:ze|hij|zij|het kind) is",
    r"(?:dont|doesnt|do not|does not|nobody knows?) (?:\w+ )?where (?:she|he|they) (?:is|are)",
    r"dronken (?:\w+ ){0,6}(?:ophalen|opgehaald|auto|rijden|reed)",
    r"onder invloed (?:\w+ ){0,6}(?:ophalen|auto|rijden|reed)",
    r"(?:drunk|high|intoxicated) (?:\w+ ){0,6}(?:pick|drive|drove|driving|car)",
    r"thuis (?:is )?niemand (?:meer )?(?:is |aanwezig )?sinds", r"niemand (?:meer )?thuis (?:\w+ )?sinds",
    r"nobody (?:has been |is |was )?(?:at )?home (?:\w+ )?since", r"(?:alone|on (?:his|her) own) since",
    r"strop\b", r"noose", r"(?:zich|zichzelf) (?:wil |willen )?ophangen", r"hang (?:himself|herself|themselves)",
    r"(?:meenemen|mee te nemen|ontvoer\w*) (?:\w+ ){0,3}(?:naar )?(?:het )?buitenland", r"ontvoer\w*",
    r"take (?:\w+ ){0,3}abroad (?:\w+ ){0,3}(?:never|not) (?:come|coming) back", r"abduct\w*", r"kidnap\w*",
    r"niemand (?:\w+ ){0,2}(?:zal|gaat) (?:\w+ )?missen", r"nobody (?:\w+ )?(?:will|would|is going to) miss",
    r"(?:niet|never|doesnt|does not|dont|do not) (?:meer )?wakker (?:wordt|worden|werd)",
    r"(?:doesnt|does not|didnt|did not|wont) wake up",
    r"(?:dagen|days) (?:\w+ ){0,3}(?:niks|niets|nothing) (?:\w+ ){0,2}(?:gegeten|eaten)",
    r"(?:niks|niets) (?:te eten )?in huis",
    r"(?:hasnt|has not|havent|have not|didnt|did not) eaten (?:in|for) (?:\w+ )?days",
    r"no food (?:in|at) (?:the house|home)",
    r"psychotisch\w*", r"psychotic", r"psychose", r"psychosis", r"met (?:een )?mes(?:sen)? (?:\w+ )?(?:rond|zwaai)\w*",
    r"(?:with|waving) (?:a )?knives", r"gechanteerd", r"chanteert", r"chantage", r"blackmail\w*",
    r"(?:slaapt|sliep|slapen) (?:\w+ ){0,4}(?:in een park|op straat|buiten|in een portiek|in de auto)",
    r"(?:sleeping|sleeps|slept) (?:\w+ ){0,5}(?:in a park|on the street|rough|outside|in a car)", r"dakloos",
    r"homeless",
    r"(?:moet|moest) (?:\w+ ){0,3}(?:blijven|achterblijven) (?:\w+ ){0,3}van (?:haar|zijn) familie",
    r"(?:in|naar) (?:het )?(?:land van herkomst|marokko|turkije|somalie|pakistan|afghanistan|irak|syrie|eritrea) "
    r"(?:\w+ ){0,3}"
    r"(?:moet blijven|achtergelaten|achterlaten|gelaten|uithuwelijk\w*)", r"achtergelaten in",
    r"(?:keeping|kept|keep|leave|left) (?:her|him|them) (?:\w+ ){0,2}(?:in|abroad)\b (?:\w+ )?(?:morocco|turkey|"
    r"somalia|pakistan|"
    r"afghanistan|iraq|syria|eritrea|the home country|abroad)", r"(?:left|stranded) abroad",
    r"(?:alleen|zonder volwassene) (?:\w+ ){0,3}(?:gelaten|achtergelaten)",
    r"(?:left|is left) alone with (?:her|his) (?:baby|little|younger)",
    r"left alone (?:\w+ ){0,4}(?:night|nights|works nights)",
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
    r"naakt\w*", r"zonder kleren",
    r"piemel\w*", r"plassertje", r"geslachtsde\w*", r"private parts", r"privates\b", r"genitals?", r"borsten",
    r"breasts",
    r"(?:in|bij) (?:haar|zijn|mijn) bed (?:komt|kwam|kruipt|kroop|ligt|lag)",
    r"bij (?:haar|hem|mij|me) in (?:\w+ )?bed (?:komt|kwam|kruipt|kroop|ligt|lag|slaapt|sliep)",
    r"(?:komt|kwam|kruipt|kroop) (?:\w+ ){0,3}"
    r"(?:in|bij) (?:haar|zijn|mijn) bed", r"(?:comes|came|gets|got|crawls|climbs) (?:\w+ ){0,2}into (?:her|his|my) bed",
    r"seks\b", r"sex\b", r"vieze dingen",
    r"(?:uitgescholden|scheldt|noemt (?:haar|hem)) (?:\w+ ){0,2}(?:voor )?(?:hoer|slet|kankerkind|mislukt)",
    r"(?:called|calls (?:her|him)) (?:a )?(?:whore|slut|bitch|worthless)",
    r"(?:niet|nooit) geboren (?:had )?(?:moeten|kunnen) worden",
    r"(?:should|shouldnt|should not) (?:never )?have been born", r"never (?:should )?have been born",
    r"(?:ontstoken|infected|rotte|rotten) (?:\w+ )?(?:kies|kiezen|tand|tanden|tooth|teeth|wond|wound)",
    r"seksuele? handelingen", r"sexual acts?",
    r"(?:in de kou|in the cold) (?:\w+ ){0,2}(?:buiten )?(?:staan|stand|moet|must|slapen|sleep)",
    r"(?:buiten|outside) (?:\w+ ){0,3}(?:in de kou|in the cold)",
    r"(?:vecht|vechten|vochten|fights?|fighting) (?:met|with) (?:mama|moeder|papa|vader|mummy|mum|mom|mother|daddy|"
    r"dad|father)\b",
    r"met (?:mama|moeder|papa|vader) (?:\w+ )?vecht\w*",
    r"(?:papa|vader|mama|moeder|daddy|dad|mummy|mum|mom) (?:\w+ )?(?:vecht|fights|hits|slaat) (?:met |with )?"
    r"(?:mama|moeder|papa|vader|mummy|mum|mom|daddy|dad)\b",
    r"verbrand\w*", r"(?:burnt|burned|scalded) (?:\w+ )?(?:hand|arm|skin|leg|foot|fingers?)",
    r"boven (?:het|de) (?:gas|vuur|vlam)",
    r"over the (?:stove|fire|flame|cooker|hob)", r"(?:smeet|smijt|gooide) (?:haar|hem|me|mij)\b",
    r"(?:haar|hem|me|mij) (?:\w+ ){0,4}(?:gesmeten|gegooid)\b",
    r"(?:grabbed|threw|throws|flung|dragged) (?:her|him|me|them)\b",
    r"(?:against|into) the (?:cupboard|table|radiator|stairs|car)\b", r"tegen de (?:tafel|radiator|trap|verwarming)\b",
    r"foto\w* (?:\w+ ){0,4}(?:onder de douche|in bad|in de badkamer|in bed)", r"onder de douche (?:\w+ ){0,3}foto\w*",
    r"(?:photos|pictures|pics|videos|films) of (?:her|him|them) (?:in the shower|in the bath|in bed|undress\w*)",
    r"(?:moet|moest|moeten|gedwongen) (?:\w+ ){0,4}(?:dealen|drugs (?:verkopen|vervoeren))",
    r"(?:has to|had to|must|forced to|made to|makes him|makes her) (?:\w+ ){0,2}(?:deal|sell|carry|run) drugs",
    r"vastbind\w*", r"(?:ties|tied|tie|tying) (?:him|her|them|me) (?:up|to)\b", r"uitkle(?:den|edt|dde)\w*",
    r"undress\w*",
    r"kleren uit", r"clothes off", r"zwanger van", r"pregnant by", r"circumcis\w*", r"meisjesbesnijdenis",
    r"(?:afgesproken|afspreken|ontmoet|ontmoeten) met een (?:onbekende |oudere |volwassen )?(?:man|volwassene|"
    r"vreemde)\b",
    r"(?:arranged|agreed|going) to meet (?:a|an|some) (?:\w+ )?(?:man|adult|stranger)\b",
    r"(?:biedt|bood|geeft|gaf) (?:hem|haar) geld", r"(?:hem|haar) geld (?:biedt|bood|belooft|beloofde|aanbiedt)",
    r"met een (?:onbekende |oudere |volwassen )?(?:man|volwassene|vreemde) (?:\w+ )?(?:afgesproken|afspreken|ontmoet)",
    r"offer(?:s|ed)? (?:him|her) money",
    r"eet (?:\w+ )?uit de (?:prullenbak|vuilnisbak|afvalbak)",
    r"eats? (?:\w+ )?(?:from|out of) (?:the )?(?:bin|trash|garbage)",
    r"(?:weken|dagen) (?:\w+ ){0,3}dezelfde kleren", r"same (?:dirty )?clothes for (?:\w+ )?(?:weeks|days)",
    r"uitgehongerd", r"starving", r"honger lijdt", r"lijdt honger", r"(?:mee|gaan) met (?:\w+ )?mannen",
    r"(?:go|goes|going|went) with (?:\w+ )?men\b",
    r"dik(?:ke)? oog", r"gezwollen", r"zwelling", r"swollen", r"strie?p(?:en|jes)\b", r"stripes", r"rode plekken",
    r"red marks",
    r"schrammen", r"krassen op (?:haar|zijn) (?:armen|arm|benen|been)", r"littekens", r"scars", r"scratches on",
    r"(?:in de|op de) (?:schuur|kelder|zolder) (?:\w+ ){0,2}(?:slapen|slaapt|opgesloten)",
    r"buiten (?:moet |moest )?slapen",
    r"(?:sleep|sleeps|sleeping|slept|locked) (?:\w+ ){0,2}in the (?:shed|basement|cellar|attic|garden)",
    r"(?:has to|must|made to) sleep outside",
    # pushed, thrown, pulled: "duwde hem tegen de muur", "pushed him into the wall", "a bump on his head"
    r"duw(?:t|de|den)\b", r"geduwd", r"(?:tegen|in) de (?:muur|deur|grond|kast|vloer)\b", r"bult\w*", r"hoofdwond\w*",
    r"aan (?:zijn|haar|de) haren", r"(?:bij|aan) (?:de|zijn|haar) keel", r"gebeten", r"bijt (?:hem|haar|me|mij)\b",
    r"push(?:es|ed)\b", r"shov(?:e|es|ed)\b", r"(?:against|into) the (?:wall|door|floor|ground)\b",
    r"(?:bump|lump|gash|cut) on (?:his|her|their|the) (?:head|face)", r"pulled (?:his|her|their) hair",
    r"by the (?:throat|neck)", r"bit (?:him|her|me)\b", r"bitten",
    # made to do what they do not want: "dwingt haar tot dingen", "makes her do things she doesn't want"
    r"dw(?:ingt|ong|ongen) (?:hem|haar|me|mij|ze|hen) (?:tot|om)\b", r"gedwongen (?:tot|om) ",
    r"dingen (?:die|wat) (?:ze|hij|ik|zij) niet (?:wil|wilt|wilde|fijn vindt)",
    r"(?:forces|forced|makes|made) (?:him|her|me|them) (?:to )?do (?:things|stuff)",
    r"(?:things|stuff) (?:she|he|i|they) (?:doesnt|does not|didnt|did not|dont|do not) (?:want|like)", r"naked",
    r"nudes?\b", r"sextortion", r"sexting",
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
    r"riem\b", r"broekriem", r"(?:the|a|his|her|with a|with the|with his|with her) belt\b",
    r"met (?:de|een) (?:stok|slipper|pollepel|kabel|snoer|stofzuigerslang)\b",
    r"with (?:a|the) (?:stick|slipper|wooden spoon|cable|cord)\b", r"smack\w*", r"spank\w*", r"pak slaag",
    r"mishandel\w*",
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
    r"(?:leerling|hij|zij|ze|jongen|meisje) (?:slaat|sloeg|schopt|schopte|duwt|duwde|heeft) (?:een |de )?(?:docent|"
    r"leerkracht|"
   
    r"leraar|juf|meester|klasgenoot|medeleerling|andere leerling)\w*"
    r"(?: (?:\w+ ){0,4}(?:geslagen|geschopt|bedreigd|aangevallen))?",
    r"(?<!door )(?<!door een )(?<!door de )(?:een |de )?(?:klasgenoot|medeleerling|docent|leerkracht|leraar|juf|"
    r"meester|andere leerling)\w* "
    r"(?:heeft )?(?:geslagen|geschopt|aangevallen|bedreigd)",
   
    # "heeft een docent met een stoel bedreigd" (not: "is door een docent geslagen")
    r"(?<!door )(?<!door een )(?<!door de )(?:een|de|onze|zijn|haar) (?:docent|leerkracht|leraar|juf|meester|"
    r"klasgenoot|medeleerling|andere leerling|mentor|conci.rge)\w* (?:\w+ ){0,4}(?:bedreigd|aangevallen|geschopt|"
    r"geslagen)",
    r"(?:threatened|attacked|hit|punched|kicked|pushed|shoved|assaulted|threatening|attacking|hitting) "
    r"(?:a|the|another|his|her) "
    r"(?:teacher|classmate|mentor|staff member|colleague)s?",
    r"(?:violence|aggression) (?:against|towards) (?:a |the )?(?:teacher|staff|colleague|classmate|another pupil)s?",
    r"(?:pupil|student|he|she|boy|girl) (?:hit|hits|kicked|kicks|punched|pushed|pushes|attacked|threatened|threatens) "
    r"(?:a |the |another )?"
    r"(?:teacher|classmate|pupil|student)s?",
)


# Injuries are a sign, not a story: with "zegt"/"says" they still mean safety first, but they are
# not read as the child disclosing abuse ("blauwe plekken, zegt dat hij gevallen is").
INJURIES = _any(r"blauwe plek\w*", r"snijwond\w*", r"verbrand\w*", r"dik(?:ke)? oog", r"gezwollen", r"zwelling",
                r"swollen",
                r"strie?p(?:en|jes)\b", r"stripes", r"rode plekken", r"red marks", r"schrammen", r"littekens", r"scars",
                r"blauw oog", r"brandwond\w*", r"striemen", r"bruise\w*", r"burn marks",
                r"welts", r"black eye", r"letsel", r"injur\w*", r"wounds?", r"verwond\w*", r"gewond",
                r"marks on (?:his|her|their) \w+")

# The names of the subject ("kindermishandeling", "child abuse") ask about the subject, unless the
# message also tells of a child (caught by TELLS or the other abuse words).
SUBJECT_NAMES = _any(r"kindermishandeling", r"child abuse", r"huiselijk geweld", r"domestic (?:violence|abuse)",
                     r"sexual abuse", r"seksueel misbruik", r"eergerelateerd geweld", r"honou?r based violence")


# A child afraid of someone at home: safety first, though neither danger nor abuse is stated yet.
FEAR = _any(
    r"doodsbang", r"terrified", r"(?:scares|scared|frightens|frightened|terrifies) (?:her|him|them)\b",
    r"(?:maakt|maken|maakte) (?:haar|hem|ze|hen) (?:\w+ )?bang",
   
    r"bang (?:om )?(?:voor|van) (?:zijn|haar|z n|de|hun) (?:vader|moeder|papa|mama|stiefvader|stiefmoeder|oom|broer|"
    r"opa|vriend van (?:mama|moeder)|ouders)",
   
    r"(?:scared|afraid|terrified|frightened) of (?:his|her|their|the) (?:dad|father|mum|mom|mother|stepdad|stepfather|"
    r"stepmother|uncle|brother|grandfather|parents|mums boyfriend|moms boyfriend)",
)


# A child telling of harm by someone at home, in words the lists above do not have ("papa deed haar pijn
# in bad", "mum dragged her by her hair", "stepdad squeezed her throat"): a telling frame, a person at home
# and a word of bodily harm, deprivation or exploitation together. Wide on purpose: recall first.
HOME_PERSON = _any(
    r"papa", r"mama", r"pap\b", r"mam\b", r"vader", r"moeder", r"stief\w*", r"oom", r"tante", r"broer\w*", r"zus\w*",
    r"opa", r"oma", r"neef", r"ouders", r"vriend van (?:mama|moeder|mam)", r"volwassen\w*", r"(?:oudere|een) man\b",
    r"thuis", r"dad\w*", r"mum\w*", r"mom\w*", r"mother", r"father", r"step\w+", r"uncle", r"aunt", r"brother",
    r"sister",
    r"grand\w+", r"parents", r"(?:mums|moms) boyfriend", r"grown (?:man|up|men)", r"adult", r"(?:an older|a) man\b",
    r"at home",
)
HARM = _any(
    r"(?:haar|hem|me|mij|ze|zich|ons) (?:\w+ ){0,3}pijn\b", r"pijn (?:gedaan|doen|deed|doet)", r"keel\b", r"haren\b",
    r"(?:aan|bij) (?:de|haar|zijn) (?:arm|nek|oor)\b", r"sleur\w*", r"trok (?:hem|haar|me|mij|ze)\b", r"kneep",
    r"knijp\w*", r"dicht ?(?:ge)?kne\w*", r"(?:geen|zonder) (?:eten|avondeten|ontbijt|drinken)\b", r"voor straf",
    r"hersenschudding", r"blauwe? (?:wang|arm|been|plek\w*|oog|nek)\b", r"gewond", r"bloed(?:de|t|en|ing|neus)?\b",
    r"(?:ver|snij)?wond(?:en|ing|ingen)?\b", r"(?:geld|cadeaus?) (?:\w+ ){0,3}voor (?:foto|filmpjes|seks)",
    r"moet (?:\w+ ){0,6}trouwen", r"uithuwelijk\w*",
    r"hurt(?:s|ing)? (?:her|him|me|them)\b", r"throat", r"neck\b", r"by (?:the|her|his|their) hair",
    r"pulled (?:her|his|their|my) hair", r"dragg\w*", r"squeez\w*", r"pinch\w*",
    r"no (?:food|dinner|lunch|breakfast|meals?)\b", r"as (?:a )?punishment", r"concussion", r"bruis\w*", r"bleed\w*",
    r"blood\w*", r"(?:money|gifts?) (?:\w+ ){0,3}for (?:photos|pictures|pics|videos|sex)",
    r"(?:has|have|forced|made|make|makes) (?:\w+ )?to marry", r"wounds?\b",
    r"(?:dreigt|dreigde|bedreigt|bedreigde) (?:hem|haar|het kind|me|mij|ze|de kinderen|mama|moeder|papa|vader)\b",
    r"(?:huilt|cries|crying) (?:\w+ ){0,2}(?:van de )?(?:pijn|pain)",
    r"(?:gaan|gaat|willen|wil) niet naar de (?:tandarts|dokter|huisarts)",
    r"(?:wont|will not|refuse to|dont|do not) (?:go|take (?:him|her)) to the (?:dentist|doctor|gp)",
    r"(?:thuis )?vastgehouden (?:wordt|worden)", r"(?:niet|never) (?:naar )?buiten mag",
    r"kept (?:inside|indoors|locked)",
    r"not allowed (?:out|outside|to leave)",
    r"(?:haar|hem) iets (?:\w+ )?aan(?:doen| doen| te doen)", r"(?:will|would|going to) hurt (?:her|him)\b",
    r"(?:hem|haar) (?:eruit|op straat) (?:\w+ )?gezet", r"(?:het huis|thuis) uit (?:\w+ )?gezet", r"op straat gezet",
    r"(?:kicked|threw|thrown|put) (?:him|her) out\b",
    r"threat(?:ens|ened) (?:him|her|me|them|the kids|mum|mom|dad)\b", r"makes threats", r"oudere mannen", r"older men",
)
TELLING = _any(r"zegt", r"zei\b", r"vertel\w*", r"geeft aan", r"laat weten", r"says", r"said", r"tells", r"told",
               r"telling",
               r"(?:leerling|lln|kind|kleuter|meisje|jongen|zoon|dochter|pupil|student|child|kid|toddler|girl|"
               r"boy|son|daughter)\b")
# Acute danger to self, in more words: "wil van de brug springen", "sneden in haar polsen".
SELF_HARM = _any(
    r"(?:van|voor) (?:de|een) (?:brug|flat|trein|dak)\w* (?:springen|af|te springen)", r"voor de trein",
    r"pillen (?:slikken|ingenomen)",
    r"sneden in (?:haar|zijn|de) (?:polsen|pols|armen|arm|benen)", r"polsen", r"jump (?:off|from|in front of)",
    r"in front of a (?:train|car|bus)", r"(?:cuts|cutting|scars) on (?:his|her|their) (?:wrists?|arms?|legs?)",
    r"wrists",
    r"(?:took|swallowed|taking) (?:\w+ )?pills", r"niet meer wakker (?:worden|te worden)", r"not wake up",
)
# Not daring to be at home, in more words: "durft het weekend niet thuis te zijn", "doesn't dare to be home".
AFRAID_HOME = _any(
    r"durf\w* (?:\w+ ){0,4}niet (?:\w+ ){0,3}(?:naar huis|thuis|terug)", r"bang (?:\w+ ){0,3}(?:thuis|naar huis)",
    r"(?:dare|afraid|scared|frightened) (?:\w+ ){0,4}(?:home|at home)",
)


TELL_VERBS = _any(r"zegt", r"zei\b", r"vertel\w*", r"geeft aan", r"laat weten", r"says", r"said", r"tells", r"told",
                 r"telling")
# A statement (not a question) about a child and someone at home: no danger words, but if the matcher
# is unsure what it is about, "a child in danger" is offered among the choices.
QUESTION_START = re.compile(r"(?:wat|welke|welk|mag|mogen|moet|moeten|hoe|wie|waar|wanneer|kan|kunnen|waarom|"
                            r"what|which|may|can|could|how|who|where|when|should|must|why|does|do|is|are)\b")
CHILD = _any(r"leerling\w*", r"lln", r"kind\w*", r"kleuter", r"meisje", r"jongen", r"zoon", r"dochter", r"pupil",
             r"student", r"child", r"kid", r"toddler", r"girl", r"boy", r"son\b", r"daughter", r"ze\b", r"hij\b",
             r"she\b", r"he\b")


@dataclass(frozen=True)
class SafetyReading:
    safety: bool
    acute_danger: bool
    disclosure: bool
    concern: bool = False          # a statement about a child and someone at home (see CHILD, HOME_PERSON)


# Words that only look like violence: "waar slaan we de verslagen op" (storing), "kicked out of school".
NOT_VIOLENCE = _any(r"(?:waar|hoe|wat|wie) sla(?:an|at)? (?:we|wij|je|jij|jullie|ik|ze|zij|u|hij)\b",
                    r"kick(?:ed|s|ing)? (?:\w+ )?out of (?:the )?(?:school|class|lesson|room)\b",
                    r"(?:zit|zitten|zat|loop|loopt|lopen|liep) (?:\w+ ){0,2}(?:met )?(?:zijn|haar|mijn|ons|je|m n) "
                    r"hoofd "
                    r"tegen de muur", r"hit (?:the|a) (?:deadline|limit|wall|target)")


def read_safety(folded: str) -> SafetyReading:
    folded = NOT_VIOLENCE.sub(" ", PUPIL_AS_ACTOR.sub(" ", folded))
    acute = bool(ACUTE.search(folded))
    tells = bool(ABUSE.search(INJURIES.sub(" ", folded))) and bool(TELLS.search(folded))
    abuse = bool(ABUSE.search(SUBJECT_NAMES.sub(" ", folded)))
    procedural = bool(PROCEDURE.search(folded))
    told_harm = bool(TELLING.search(folded) and HOME_PERSON.search(folded) and HARM.search(folded))
    acute = acute or bool(SELF_HARM.search(folded) or AFRAID_HOME.search(folded))
    if acute:
        return SafetyReading(True, True, tells or told_harm)
    if told_harm and not procedural:
        return SafetyReading(True, False, bool(TELLS.search(folded) or TELL_VERBS.search(folded)))
    if tells:
        return SafetyReading(True, False, True)
    if (abuse or FEAR.search(folded)) and not procedural:
        return SafetyReading(True, False, False)
    concern = bool(CHILD.search(folded) and HOME_PERSON.search(folded) and TELL_VERBS.search(folded)
                   and not procedural and not QUESTION_START.match(folded))
    return SafetyReading(False, False, False, concern)

"""Blind set 3 (2 December 2026): short, terse notes and idioms ("bont en blauw", "pak rammel", "put out
on the street"), written after set 2 was fixed and scored once before any change for it: recall nl 65.0%
(13 of 20), en 70.0% (14 of 20); false alarms 0 of 10 in both. It is the lower, and likely the more
honest, estimate for wording nobody has seen. Its misses were then fixed in general ways (idioms of a
beating, "things I don't want", locked in a room, bathing with an adult, left alone with a young child,
razor blades, being made to carry drugs); test_safety.py checks it stays at least at the first figure."""


DANGER_NL = [
    "stiefvader slaat lln",
    "ll bont en blauw na weekend bij vader",
    "meisje 12 heeft seksueel contact met volwassen man",
    "jongen vertelt: oom doet dingen met mij die ik niet wil",
    "kind geeft aan dat ze thuis vaak een pak rammel krijgt",
    "lln is op straat gezet door ouders gisteren",
    "meisje vertelt over een zelfmoordpoging vorige week",
    "jongen bedreigd met mes door broer, durft niet naar huis",
    "kleuter heeft brandwonden op billen",
    "moeder drinkt elke dag en laat de kleintjes alleen",
    "ze zegt dat papa haar klappen geeft met zn riem",
    "lln heeft dr armen opengehaald met een scheermesje",
    "meisje moet trouwen in de zomer, wil dat niet",
    "leerling wordt door haar familie bedreigd na een relatie",
    "jongen wordt gedwongen drugs te vervoeren voor oudere jongens",
    "kind zegt dat vader mama pijn doet en dat zij bang is",
    "leerling heeft al 2 dagen niet gegeten, thuis is geen geld voor eten",
    "moeder heeft dochter opgesloten in de badkamer",
    "kind vertelt dat ze in bad moet met oom",
    "lln wil niet meer leven en heeft pillen verzameld",
]

DANGER_EN = [
    "stepdad hits pupil",
    "student black and blue after weekend at dad's",
    "12 yo girl in sexual contact with adult man",
    "boy tells: uncle does things to me i don't want",
    "child says she often gets a beating at home",
    "pupil put out on the street by parents yesterday",
    "girl talks about a suicide attempt last week",
    "boy threatened with knife by brother, scared to go home",
    "preschooler has burns on her bottom",
    "mum drinks every day and leaves the little ones alone",
    "she says dad smacks her with his belt",
    "pupil has slashed her arms with a razor blade",
    "girl has to get married in the summer, doesn't want to",
    "student threatened by her family after a relationship",
    "boy forced to carry drugs for older boys",
    "kid says dad hurts mum and she is scared",
    "pupil hasn't eaten for 2 days, no money for food at home",
    "mother locked her daughter in the bathroom",
    "child says she has to bathe with her uncle",
    "student doesn't want to live anymore and has been collecting pills",
]

SAFE_NL = [
    "hoe werkt de kindcheck",
    "stappenplan bij zorgen over thuis",
    "wat doet het wijkteam",
    "leerling heeft een klasgenoot geslagen, melden bij politie?",
    "ouders zijn het niet eens met het verslag",
    "kunnen we de casus sluiten",
    "jongen heeft zijn vinger bezeerd bij handvaardigheid",
    "meisje valt af door de stress van de examens",
    "vader belt elke dag over de cijfers",
    "ze heeft haar telefoon laten vallen en is boos",
]

SAFE_EN = [
    "how does the child check work",
    "steps when worried about home",
    "what does the neighbourhood team do",
    "pupil hit a classmate, report to police?",
    "parents disagree with the report",
    "can we close the case",
    "boy hurt his finger in craft class",
    "girl is losing weight from exam stress",
    "dad calls every day about the grades",
    "she dropped her phone and is upset",
]

"""The words that join an invitation to messenger contact (R2.1) to a network's name in the market
languages, as ``handles`` and ``page_names`` read them: "me"/"us" and "to me" ("add me on", "schreib
mir", "kirjoita minulle"), "on"/"via"/"through" and their kin, "my"/"our"/"the"; and what makes such
words no invitation: an advert ("found us through an Instagram ad") or a buyer telling where they
found the seller ("Glad you found us on Instagram").

Why a module of its own: the verbs of an invitation are in ``contact_verbs``; these are the short
words around them, shared by every way an invitation is read (a verb, a pronoun, a search for a
page). Data only; every entry is lower case, as the reply is read lower-cased."""

from __future__ import annotations

# "Me"/"us" as the object of a verb: the seller speaks of themself ("add me on", "Auf Insta findest
# du uns": ``page_names``).
OBJECT_PRONOUNS = (
    "me",
    "us",
    "moi",
    "nous",
    "mich",
    "uns",
    "mij",
    "ons",
    "nos",
    "mi",
    "ci",
    "mig",
    "oss",
    "meidät",
    "minut",
    "με",
    "μας",
    "mnie",
    "nas",
)

# The pronouns of an invitation: "me"/"us", and "to me", "with me" ("schreib mir", "habla
# conmigo", "kirjoita minulle", "στείλε μου").
PRONOUNS = OBJECT_PRONOUNS + (
    "mir",
    "conmigo",
    "comigo",  # pt: "Fale comigo no WhatsApp"
    "connosco",
    "mej",
    "minuun",
    "minulle",
    "meihin",
    "meille",
    "meitä",
    "μου",
    "mną",
    "mna",
    "nam",
    "m",  # French "m'écrire", "m'ajouter"
)

# "On" a network. A search invitation takes only these (``page_names``): not "in"/"dans"/"i"/"w",
# as "Search for 'Chat backup' in WhatsApp" points at a setting, not at a page.
ON_PREPOSITIONS = ("on", "sur", "auf", "op", "en", "su", "sul", "no", "na", "på", "στο", "στον", "στη")

# What stands between an invitation and a network's name: "on", "via", "through", "in", "per", ...
PREPOSITIONS = ON_PREPOSITIONS + (
    "via",
    "through",
    "over",
    "by",
    "at",
    "in",
    "par",
    "über",
    "ueber",
    "per",
    "bei",
    "nel",
    "tramite",
    "por",
    "al",
    "a través de",
    "mediante",
    "pelo",
    "ao",
    "pela",
    "em",
    "över",
    "genom",
    "i",
    "kautta",
    "μέσω",
    "μεσω",
    "σε",
    "przez",
    "w",
    "po",
    "z",
)


POSSESSIVES = (
    "my",
    "our",
    "the",
    "mon",
    "ma",
    "notre",
    "le",
    "la",
    "mein",
    "meinem",
    "meine",
    "meinen",
    "unser",
    "unserem",
    "dem",
    "den",
    "mijn",
    "onze",
    "het",
    "de",
    "mi",
    "nuestro",
    "el",
    "il",
    "mio",
    "lo",
    "meu",
    "o",
    "a",
    "min",
    "mitt",
    "vår",
    "minun",
    "το",
    "mój",
    "moim",
    "moje",
    "nasz",
    "naszym",
)

# A buyer who came through an advert ("Ni hittade oss via en annons på Facebook", "found us
# through an Instagram ad") is not invited anywhere: these stems (also right after the name:
# "Facebook-Anzeige", "Instagram ad") cancel an invitation.
AD_WORDS = ("ad", "ads", "pub", "pubs")
AD_STEMS = (
    "advert",
    "annonce",
    "publicit",
    "anzeige",
    "werbung",
    "advertentie",
    "reclame",
    "anunci",
    "annunci",
    "pubblicit",
    "publicidad",
    "anúnci",
    "annons",
    "reklam",
    "mainok",
    "mainos",
    "διαφήμισ",
    "διαφημισ",
)

# Past forms of "find"/"see" before "us on ...": a buyer telling where they came from ("Glad you
# found us on Instagram", "Μας βρήκατε στο Φέισμπουκ;"), not an invitation.
PAST_DISCOVERY = (
    "found",
    "saw",
    "seen",
    "trouvé",
    "trouvée",
    "trouvés",
    "vu",
    "vue",
    "vus",
    "gefunden",
    "gesehen",
    "gevonden",
    "gezien",
    "zag",
    "zagen",
    "encontraste",
    "encontrasteis",
    "encontró",
    "encontraron",
    "viste",
    "visto",
    "vio",
    "vieron",
    "trovato",
    "trovati",
    "trovata",
    "encontrou",
    "encontraram",
    "viu",
    "viram",
    "hittade",
    "hittat",
    "såg",
    "sett",
    "löysit",
    "löysitte",
    "löysi",
    "näit",
    "näitte",
    "näki",
    "βρήκατε",
    "βρηκατε",
    "βρήκες",
    "βρηκες",
    "είδατε",
    "ειδατε",
    "είδες",
    "znaleźli",
    "znalazł",
    "znalazła",
    "znalazłeś",
    "znalazłaś",
    "widział",
    "widziała",
    "widzieli",
)

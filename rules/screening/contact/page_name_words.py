"""Where to find the seller on a network (R2.1, issue 21; ``page_names``) in the market languages: the
networks with pages, search verbs, the words around a page name and "find us". Data only; every
entry is lower case, as the reply is read lower-cased."""

from __future__ import annotations

from rules.screening.contact.prose_handle_words import AS_WORDS

# Networks where a seller has a page or profile the buyer can look up by name (not the phone-number
# messengers): a search invitation names one of these ("Sök upp Mobilhörnan Luleå på Facebook").
PAGE_NETWORKS = (
    "facebook",
    "fejs",
    "fb",
    "insta",
    "ig",
    r"the[ \t]+gram",
    "tik",
    "linked",
    "twitter",
    "x",
    "snap",
    "snäp",
    r"t[eé]l[eé]gram",
    "messenger",
    r"φ[εέ]",
    r"[ιί]νστ",
    r"τ[ιί]κ",
    r"σν[αά]π",
    r"τ[εέ]λ",
    r"λ[ιί]νκ",
    r"μ[εέ]σ",
)

# Imperatives that ask the buyer to look a page up ("Search for 'Mobile Medics Cork' on Facebook",
# "Sök upp Mobilhörnan Luleå på Facebook", "Etsi Facebookista Kännykkäkulma Kuopio").
SEARCH_VERBS = (
    "search",
    "cherchez",
    "cherche",
    "recherchez",
    "tapez",
    "suchen",
    "suche",
    "such",
    "zoek",
    "busca",
    "busque",
    "buscad",
    "cerca",
    "cercate",
    "procure",
    "procura",
    "procurem",
    "pesquise",
    "pesquisa",
    "sök",
    "etsi",
    "etsikää",
    "hae",
    "hakekaa",
    "αναζητήστε",
    "αναζητηστε",
    "αναζήτησε",
    "ψάξτε",
    "ψαξτε",
    "ψάξε",
    "βρείτε",
    "βρειτε",
    "szukaj",
    "szukajcie",
    "wyszukaj",
    "wyszukajcie",
)

# What may stand between a search verb and what to search: "search for", "sök upp", "suchen Sie nach".
SEARCH_PARTICLES = ("for", "up", "upp", "nach", "efter", "naar", "sie", "u", "ni", "op")

# Words after a network that introduce the page or profile name: "finden Sie uns unter „...“",
# "Búscanos en Facebook como ...", "Βρείτε μας στο Φέισμπουκ ως «...»": "as" and "under".
PAGE_NAME_CUES = AS_WORDS + ("sous", "unter", "onder", "under", "pod")

# After a search verb, also "for"/"nach": "Suchen Sie auf Facebook nach „...“" (not after "Follow us
# on TikTok for deals").
SEARCH_NAME_CUES = PAGE_NAME_CUES + ("for", "nach", "naar", "efter", "per", "por")

# Where a page name ends: a conjunction ("... Granada y mándanos", "... Rzeszów i napisać").
CONJUNCTIONS = (
    "and",
    "or",
    "then",
    "et",
    "ou",
    "puis",
    "und",
    "oder",
    "dann",
    "en",
    "of",
    "y",
    "o",
    "e",
    "ed",
    "ou",
    "och",
    "eller",
    "så",
    "ja",
    "tai",
    "niin",
    "και",
    "κι",
    "ή",
    "i",
    "lub",
    "oraz",
    "to",
)

# Words that make an unquoted name after "as" ordinary: "add me on WhatsApp as soon as possible".
NOT_NAMES = (
    "soon",
    "well",
    "usual",
    "always",
    "possible",
    "before",
    "a",
    "an",
    "the",
    "un",
    "une",
    "ein",
    "eine",
    "el",
    "la",
    "il",
    "um",
    "uma",
    "ett",
    "ένα",
    "toujours",
    "immer",
    "siempre",
    "sempre",
    "bald",
    "pronto",
    "presto",
    "kohta",  # fi "the item": "Etsi Facebookista kohta Asetukset ja tietosuoja"
)

# Present and imperative forms of "find"/"reach" after a network ("Auf Insta findest du uns",
# "Στο Ίνστα μας βρίσκετε", "Instassa meidät löytää"); exact words, so that the past ("hittade",
# "found") of a buyer who came through an ad does not count.
FIND_FORMS = (
    "find",
    "trouvez",
    "trouverez",
    "trouver",
    "retrouvez",
    "retrouverez",
    "retrouver",
    "joindre",
    "finden",
    "findest",
    "findet",
    "erreichen",
    "erreichst",
    "erreicht",
    "vind",
    "vindt",
    "vinden",
    "bereik",
    "bereikt",
    "bereiken",
    "encuentras",
    "encuentra",
    "encuentran",
    "encontrarás",
    "encontrará",
    "encontráis",
    "trovi",
    "trova",
    "trovate",
    "troverai",
    "troverete",
    "trovare",
    "encontra",
    "encontras",
    "encontram",
    "encontrar",
    "hittar",
    "hitta",
    "når",
    "löytää",
    "löydät",
    "löydätte",
    "tavoittaa",
    "tavoitat",
    "βρίσκετε",
    "βρισκετε",
    "βρίσκεις",
    "βρισκεις",
    "βρείτε",
    "βρειτε",
    "znajdziesz",
    "znajdziecie",
    "znajdzie",
    "znaleźć",
    "znalezc",
)

# After "find us": how people came, not where to look ("Many people on Instagram find us through
# friends' recommendations", "Auf Insta finden uns viele dank Empfehlungen").
FOUND_THROUGH = (
    "through",
    "thanks",
    "durch",
    "dank",
    "grâce",
    "grazie",
    "tramite",
    "gracias",
    "graças",
    "genom",
    "tack",
    "kautta",
    "ansiosta",
    "μέσω",
    "χάρη",
    "dzięki",
)

NEGATIONS = ("not", "nicht", "kein", "pas", "niet", "geen", "no", "non", "não", "nao", "inte", "ei", "δεν", "nie")

# First words of what a search invitation asks to look up that make it a topic, not a page name:
# "Search for reviews on Facebook", "Sök efter recensioner på Facebook".
NOT_PAGE_OBJECTS = frozenset(
    "a an the our your my their this that these those us me reviews review deals offers photos videos news "
    "updates tips posts comments le la les un une des nos vos notre votre avis offres photos "
    "der die das ein eine unsere ihre bewertungen angebote fotos de het een onze jouw uw reviews "
    "el los las una nuestro nuestra nuestras opiniones reseñas ofertas il lo gli una nostro nostra recensioni "
    "offerte o os um uma nosso nossa avaliações ofertas en ett den det vår våra recensioner erbjudanden "
    "arvostelut arvosteluja tarjoukset το τα μια μας κριτικές προσφορές nasz nasza opinie recenzje oferty "
    # the buyer addressed ("Suchen Sie auf Facebook ..."): the object is still to come
    "you vous tu sie du ihr u jij je ni usted ustedes lei voi você vocês te sinä te εσείς pan pani państwo".split()
)

# Where a quoted word is to be found when it is a setting, not a page: "search for 'Account
# Center' in the settings", "cherchez « Espace comptes » dans les paramètres".
SETTING_PLACES = (
    "in",
    "under",
    "dans",
    "sous",
    "im",
    "in den",
    "unter",
    "bei",
    "onder",
    "en",
    "bajo",
    "nelle",
    "nel",
    "nei",
    "sotto",
    "nas",
    "nos",
    "na",
    "no",
    "em",
    "i",
    "under",
    "kohdasta",
    "σε",
    "στις",
    "στο",
    "στην",
    "w",
    "pod",
)

# Words of a setting of the app, not a page ("On Instagram, search 'Accounts Centre'", "cherchez
# « Espace comptes »", "Suchen Sie nach „Kontenübersicht“"): accounts, settings, privacy, passwords.
# Stems begin a word and may go on ("Kontocenter", "Accountcentrum", "λογαριασμών").
SETTING_STEMS = (
    "account",
    "konto",
    "konten",
    "compte",
    "cuenta",
    "λογαριασμ",
    "tilikesk",
    "setting",
    "paramètre",
    "parametre",
    "réglage",
    "reglage",
    "einstellung",
    "instelling",
    "ajuste",
    "configuraç",
    "configuraci",
    "impostazion",
    "definiç",
    "definic",
    "inställning",
    "installning",
    "asetuks",
    "asetukse",
    "ρυθμίσ",
    "ρυθμισ",
    "ustawie",
    "privacy",
    "confidentialit",
    "datenschutz",
    "privacidad",
    "privacidade",
    "integritet",
    "tietosuoja",
    "απόρρητ",
    "απορρητ",
    "prywatnoś",
    "prywatnos",
    "password",
    "mot de passe",
    "passwort",
    "wachtwoord",
    "contraseña",
    "senha",
    "lösenord",
    "salasana",
    "hasł",
    "hasl",
    "haseł",
)

# Setting words that are only whole words ("kont" is pl "of the accounts", "kontakt" is none).
SETTING_WORDS = ("kont", "konta", "conta", "contas")

# "the page" before a quoted page name: "Busca en Facebook la página 'Móviles Paco Málaga'".
PAGE_WORDS = (
    "the page",
    "our page",
    "the profile",
    "our profile",
    "la page",
    "notre page",
    "le profil",
    "die seite",
    "unsere seite",
    "das profil",
    "de pagina",
    "onze pagina",
    "het profiel",
    "la página",
    "la pagina",
    "nuestra página",
    "el perfil",
    "la nostra pagina",
    "il profilo",
    "a página",
    "a nossa página",
    "o perfil",
    "sidan",
    "vår sida",
    "profilen",
    "sivu",
    "sivua",
    "sivun",
    "τη σελίδα",
    "την σελίδα",
    "το προφίλ",
    "stronę",
    "profil",
)

"""The words of messenger contact (R2.1) in the market languages: the names of the networks (``brands``),
and the words of an invitation, a label or "me" next to a name (``handles``): contact verbs, pronouns,
prepositions, possessives, fillers. The words around a handle in prose are in ``prose_handle_words``,
those around a page name in ``page_name_words``. Data only; every entry is lower case, as the reply
is read lower-cased."""

from __future__ import annotations

from rules.screening.contact.phone_words import NUMBER_NOUNS

# -- the names of the networks ---------------------------------------------------------------------

# Every name and root begins with a plain letter (no class, no group): then the scan's alternation
# has a set of first characters and skips the other positions at once (``re`` prefix optimisation).
# Names that mean the network and nothing else. The scan lets a case ending of up to four letters
# follow ("WhatsAppissa", "Instagramie", "Telegramu", "Skypessä", "skypen"), so only roots are listed;
# Greek spellings take any accent ("Τέλεγκραμ", "τελεγκραμ", "ΤΕΛΕΓΚΡΑΜ" all read "τέλεγκραμ" or so).
FULL_BRANDS = (
    r"whats[\s\-]?app",
    "watsapp",
    "whatsap",
    r"w[aä]ts[aä]p",  # "watsap", fi slang "wätsäp"
    r"was[aá]pp?",  # es "wasap"
    r"guas[aá]pp?",  # es "guasap"
    "wacap",  # pl slang
    r"t[eé]l[eé]gram",  # fr "Télégram", de "Telegramm"
    "viber",
    r"we[\s\-]?chat",
    "weixin",
    "skyp",  # "Skype", pl "na Skypie", nl "skypen"
    "snapchat",
    "instagram",
    "facebook",
    "fejsbuk",  # pl
    "twitter",
    r"tik[\s\-]?tok",
    r"linked[\s\-]?in",
    "discord",  # pl "na Discordzie"
    "threema",
    # Greek script
    r"τ[εέ]λ[εέ]γκρ[αά]μ",
    r"σκ[αά][ιίϊΐ]π",
    r"β[αά]τσ[αά]π",
    r"γου[αάοό]τσ[αά]π",
    r"ου[αάοό]τσ[αά]π",
    r"β[αά][ιίϊΐ]μπ[εέ]ρ",
    r"φ[εέ][ιίϊΐ][σς][\s\-]?μπ[οό][υύ]κ",
    r"ινστ[αά]γκρ[αά]μ",
    r"ίνστ[αά]γκρ[αά]μ",
    r"τ[ιί]κ[\s\-]?τ[οό]κ",
    r"σν[αά]πτσ[αά]τ",
    r"σ[ιί]γκν[αά]λ",
    r"μ[εέ]σ[εέ]ντζ[εέ]ρ",
    r"λ[ιί]νκ[εέ]ντ[ιί]ν",
)

# Short names that are the network's as they stand, but begin ordinary words ("installer",
# "instant", "instan"): only the listed case endings may follow.
SHORT_BRANDS = ("insta", r"ινστ[αά]", r"ίνστ[αά]", "微信")
# Only Finnish endings that begin no ordinary word: "installe"/"installa" (fr, it) and "instaan" (nl) pass.
SHORT_SUFFIXES = ("ssa", "ssä", "sta", "stä")

# "Signal" is also an ordinary word (en, de, fr, nl, sv: "Signal strength", "le signal est faible"):
# alone it counts only with an invitation or a named handle. With a case ending of another language
# it is the messenger ("Signalissa", "na Signalu"), as no market's ordinary word is spelled so.
SIGNAL_SUFFIXES = ("u", "em", "issa", "issä", "ista", "istä", "iin", "illa", "illä", "ille", "ia")

# Weak names: abbreviations and words with an ordinary meaning ("snap-on case", "messenger bag",
# fb/ig in codes): they need an invitation, a label or a handle introduced as a name.
WEAK_BRANDS = ("ig", "fb", "wa", "tg", r"σν[αά]π")

# Weak names that take case endings: "na Snapie", "Snäpissä", "snappa mig", "na Messengerze",
# "Messengerissä", "na Fejsie" (pl slang for Facebook). Not "-pen": "snappen" is Dutch for "understand".
INFLECTED_WEAK_BRANDS = (r"sn[aä]pp?", "messenger", "fejs")
WEAK_SUFFIXES = ("pa", "ie", "ze", "a") + SIGNAL_SUFFIXES

# -- an invitation before a name ---------------------------------------------------------------------

CONTACT_VERBS = (
    # en
    "add",
    "contact",
    "message",
    "msg",
    "text",
    "write",
    "reach",
    "call",
    "ping",
    "dm",
    "pm",
    "chat",
    "talk",
    "find",
    "follow",
    "send",
    "hit",
    "get",
    "join",
    "speak",
    "drop",  # "Drop us a line on Instagram"
    "shoot",  # "Shoot me a message on WhatsApp"
    # fr
    "écri",
    "ecri",
    "ajout",
    "appel",
    "envoi",
    "envoy",
    "rejoi",
    "suiv",
    "discut",
    "parl",
    "trouv",
    "joign",
    "retrouv",
    # de
    "schreib",
    "kontaktier",
    "meld",
    "ruf",
    "anruf",
    "füg",
    "fueg",
    "erreich",
    "folg",
    "chatt",
    "adde",
    # nl
    "stuur",
    "schrijf",
    "bel",
    "voeg",
    "app",
    "bericht",
    "vind",
    "volg",
    "bereik",
    # es
    "escrib",
    "escríb",
    "contáct",
    "llám",
    "llam",
    "agreg",
    "agrég",
    "añad",
    "anad",
    "mand",
    "mánd",  # "Mándame un mensaje por Telegram"
    "habl",
    "encuentr",
    "sígu",
    "sigu",
    "síga",  # es "Síganos", pt "Siga-nos no Instagram"
    "siga",
    "búsc",
    "busc",
    # it
    "scriv",
    "contatt",
    "chiam",
    "aggiung",
    "invi",
    "trov",
    "segu",
    "cerc",
    # pt
    "escrev",
    "lig",
    "adicion",
    "fal",
    "encontr",
    "procur",
    # sv
    "skriv",
    "kontakt",
    "ring",
    "lägg",
    "lagg",
    "skicka",
    "hitta",
    "hör",  # "Hör av dig till mig på WhatsApp"
    "följ",
    "folj",
    "nå",
    # fi
    "kirjoit",
    "soit",
    "lisää",
    "lisaa",
    "lähetä",
    "laheta",
    "löyd",
    "löytä",
    "loyd",
    "seuraa",
    "viesti",
    "ota",
    # el
    "γράψ",
    "γραψ",
    "στείλ",
    "στειλ",
    "επικοινων",
    "πάρ",
    "παρ",
    "βρ",
    "ακολούθ",
    "ακολουθ",
    # pl
    "napisz",
    "napisać",  # "Możesz do mnie napisać na Messengerze"
    "napisac",
    "pisz",
    "pisać",  # "Proszę do mnie pisać na wacapie"
    "pisac",
    "skontaktuj",
    "zadzwoń",
    "zadzwon",
    "dzwoń",
    "dzwon",
    "dodaj",
    "wyślij",
    "wyslij",
    "znajdź",
    "znajdz",
    "znale",  # "Można nas znaleźć na Facebooku"
    "obserwuj",
    # search verbs, with "us"/"me": "Zoek me op Facebook", "Suchen Sie uns auf Instagram"
    "search",
    "cherch",
    "recherch",
    "such",
    "zoek",
    "sök",
    "etsi",
    "szuk",
    "wyszuk",
    "ψάξ",
    "ψαξ",
    "αναζητ",
)

# English verbs of contact that count as these words only: "Look us up on the gram", "Give us a shout
# on WhatsApp", "Ask me on Telegram", not "it looks the same to me on WhatsApp", "it gives me on
# WhatsApp the same error".
CONTACT_VERB_WORDS = ("look", "give", "ask", "tell")

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

# Imperatives that invite contact on their own, without a pronoun ("Napisz na WhatsApp",
# "Écrivez sur WhatsApp"), when nothing but prepositions, possessives and IMPERATIVE_COMPLEMENTS
# stands between them and the name: "appelez un proche sur WhatsApp" tells how to test the
# microphone. English verbs are not here: "text", "call", "message" are also nouns ("video calls on
# WhatsApp work fine"), so English needs "me"/"us".
IMPERATIVES = (
    "écrivez",
    "ecrivez",
    "envoyez",  # "Envoyez un message sur WhatsApp"
    "envoie",
    "schicken",  # "Schicken Sie eine Nachricht per WhatsApp"
    "schick",
    "senden",
    "écris",
    "ecris",
    "contactez",
    "appelez",
    "ajoutez",
    "rejoignez",
    "suivez",
    "schreib",
    "schreibt",
    "ruf",
    "kontaktiere",
    "kontaktieren",
    "stuur",
    "schrijf",
    "bel",
    "escribe",
    "escriba",
    "escribid",
    "llama",
    "llame",
    "contacta",
    "contacte",
    "agrega",
    "añade",
    "scrivi",
    "scrivete",
    "contatta",
    "contattate",
    "chiama",
    "chiamate",
    "aggiungi",
    "escreve",
    "escreva",
    "liga",
    "ligue",
    "adiciona",
    "adicione",
    "manda",
    "mande",
    "skriv",
    "ring",
    "kontakta",
    "skicka",
    "lägg",
    "kirjoita",
    "soita",
    "ota",
    "lähetä",
    "laheta",
    "lisää",
    "στείλε",
    "στειλε",
    "στείλτε",
    "στειλτε",
    "γράψε",
    "γραψε",
    "γράψτε",
    "γραψτε",
    "επικοινωνήστε",
    "επικοινωνηστε",
    "πάρε",
    "παρε",
    "πάρτε",
    "παρτε",
    "napisz",
    "napiszcie",
    "zadzwoń",
    "zadzwon",
    "skontaktuj",
    "dodaj",
    "wyślij",
    "wyslij",
)

# What may stand between an imperative and the name and leave the seller the one to write to: the
# polite "Sie"/"u", an adverb, an article and a word for a message ("Stuur gerust een bericht via
# WhatsApp", "Manda un messaggio su Telegram", "Napisz śmiało na WhatsApp"). Anything else is
# someone else to call ("chiama un amico su WhatsApp", "ring en vän på WhatsApp").
IMPERATIVE_COMPLEMENTS = frozenset(
    # the polite "you"
    "sie u "
    # adverbs
    "gerne gern einfach direkt kurz ruhig jederzeit auch bitte gerust even gewoon direct ook "
    "directement simplement aussi directamente también tambien pure direttamente anche diretamente "
    "também tambem gärna också bara suoraan myös απευθείας επίσης śmiało smialo bezpośrednio też "
    "także just directly also please "
    # articles
    "a an un une ein eine einen een ett en uno una um uma ένα μια "
    # a message
    "message messages msg line note text dm nachricht nachrichten bericht berichtje appje mensaje "
    "mensajito messaggio messaggino mensagem mensagens meddelande sms viesti viestiä μήνυμα μηνυμα "
    "wiadomość wiadomosc wiadomości".split()
)

# Clitic pronouns on a contact verb: "scrivi*mi*", "escríbe*me*", "contactez-*nous*"; never on a
# listed imperative ("llame a un amigo" is "call a friend", not "call me").
CLITIC_ENDINGS = ("me", "mi", "ci", "nos", "nous", "noi")

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

# -- a handle, a number, a label or "me" after a name -------------------------------------------------

# The self-naming pronouns after a name used as a verb: "WhatsApp me", "snap me", "snappa mig", "app me".
SELF_AFTER = ("me", "us", "mig", "oss", "mij", "ons", "meg")

# The words that may follow "WhatsApp me" / "app ons" and keep it an invitation: when, what and how
# to send ("WhatsApp me the photos", "App me even", "Whatsappa mig så svarar jag"). Another word makes
# "me" a clitic or "us" a country ("A mí WhatsApp me funciona bien", "TikTok US content") and "ons"
# Dutch for "our" ("de app ons retourformulier"); a number, a link or punctuation keeps it.
SELF_INVITATION_FOLLOWERS = frozenset(
    # en
    "at on when if for back anytime any now today tomorrow tonight please pls directly and or with the "
    "your a an some those that this these my our to via first so instead asap whenever here about before "
    "after once "
    # nl
    "even gerust maar op als wanneer zodra terug morgen vandaag nu dan en of de het een je uw jouw voor met "
    "over zo "
    # sv, no
    "så när om gärna direkt på i idag imorgon och eller med för bara når gjerne".split()
)

# Words before "app"/"snap" that make it a noun, or after them that make "snap me" a photo request
# ("the app me and...", "snap me a photo of the label").
ARTICLES = (
    "a",
    "an",
    "the",
    "some",
    "this",
    "that",
    "your",
    "our",
    "my",
    "een",
    "de",
    "het",
    "deze",
    "die",
    "dat",
    "ett",
    "en",
    "den",
    "det",
)

# Copulas between a name and a handle: "my Skype is shop.phones".
COPULAS = ("is", "est", "ist", "è", "e", "es", "é", "är", "on", "jest", "είναι", "er", "zijn", "to")

# Words between a name and its handle or number: "WhatsApp number is ...", "Skype ID: ...".
FILLERS = (
    *COPULAS,
    *NUMBER_NOUNS,
    "id",
    "username",
    "user",
    "name",
    "handle",
    "nick",
    "pseudo",
    "nom",
    "account",
    "compte",
    "konto",
    "utente",
    "usuario",
    "usuário",
    "användare",
    "käyttäjä",
    "käyttäjätunnus",
    "nazwa",
    "profil",
    "profile",
    "profilo",
    "perfil",
    "at",
    "au",
    "sous",
    "unter",
    "al",
    "op",
    "på",
    "na",
    "pod",
    "στο",
    "an",
    "a",
    "here",
    "ici",
    "hier",
    "qui",
    "aquí",
    "aqui",
    "här",
    "tässä",
    "tutaj",
    "εδώ",
    "me",
    "us",
    "my",
    "our",
    "mon",
    "ma",
    "notre",
    "mein",
    "meine",
    "unser",
    "mijn",
    "mi",
    "mio",
    "meu",
    "min",
    "mitt",
    "mój",
    "moje",
    "μου",
    "le",
    "el",
    "il",
    "de",
    "du",
    "di",
    "do",
)

# Words after "telegram:" that answer a question or give a status, not name an account ("WhatsApp:
# yes, supported", "WhatsApp: gelöscht, iCloud: abgemeldet", "WhatsApp:OK").
NOT_HANDLES = frozenset(
    "yes no ok okay oui non ja nein sì si sí não nao nej kyllä ei ναι όχι tak nie works supported compatible "
    "installed included available fine compatible compatibile compatibel kompatibel disponible disponibile "
    "verfügbar inclus inclusa incluido installé installato instalado ok. "
    # a checklist's status: removed, tested, checked, signed out
    "ko n/a pass passed fail failed removed deleted tested checked reset wiped erased uninstalled disabled "
    "supprimé supprimée supprimés effacé effacée désinstallé testé vérifié déconnecté désactivé "
    "gelöscht entfernt getestet geprüft abgemeldet deinstalliert deaktiviert "
    "verwijderd getest gecontroleerd afgemeld uitgeschakeld "
    "eliminado eliminada borrado borrada probado comprobado desinstalado desactivado "
    "rimosso rimossa cancellato eliminato testato verificato disinstallato disattivato "
    "apagado apagada removido removida testado verificado desinstalado desativado "
    "raderat raderad borttaget borttagen testat kontrollerat avinstallerat avaktiverat "
    "poistettu testattu tarkistettu "
    "διαγράφηκε αφαιρέθηκε ελέγχθηκε απενεργοποιήθηκε "
    "usunięty usunięte usunięta sprawdzony sprawdzone przetestowany odinstalowany wyłączony".split()
)

# Reverse-domain names of apps ("com.facebook.katana", "org.telegram.messenger"): not handles.
PACKAGE_PREFIXES = ("com.", "org.", "net.")

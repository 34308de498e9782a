"""The verbs of an invitation to messenger contact (R2.1) in the market languages, as ``handles`` reads
them before a network's name: the stems of contact verbs ("add me on", "écrivez-moi sur", "schreib mir
auf", "napisz do mnie na"), the English verbs that count as whole words only ("Look us up on"), the
imperatives that invite on their own ("Écrivez sur WhatsApp"), the words that may stand between such
an imperative and the name ("Stuur gerust een bericht via WhatsApp") and the clitic pronouns on a
verb ("scrivimi su").

Why a module of its own: these are the longest lists of an invitation, one block a language, and a
market's verbs are added here; the pronouns, prepositions and possessives that join a verb to the
name, and what makes it no invitation, are in ``invitation_words``. Data only; every entry is lower
case, as the reply is read lower-cased."""

from __future__ import annotations

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

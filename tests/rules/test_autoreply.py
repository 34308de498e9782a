"""R2.2 automated replies: the auto-responder flag, markers in every market language, templates.

Expected positions come from the reply text itself (``reply.index(...)``), never from the
implementation, and every marker finding quotes the reply exactly
(``finding.text == reply[finding.start:finding.end]``): the seller is shown that text (R2).
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from rules.findings import Finding
from rules.markets import DEFAULT_MARKETS
from rules.screening import ReplyContext
from rules.screening.autoreply import (
    AUTO_MESSAGE_MARKERS,
    AUTO_REPLY_MARKERS,
    TEMPLATE_MAX_EDITS,
    TEMPLATE_MIN_THREADS,
    TEMPLATE_THRESHOLD,
    TEMPLATE_WINDOW,
    check_auto_reply,
    count_repeats,
    fingerprint,
    same_text,
    template_finding,
)

ALL_LANGUAGES = ("fr", "de", "nl", "es", "it", "pt", "en", "sv", "fi", "el", "pl")


def context(*languages: str, flag: bool = False) -> ReplyContext:
    return ReplyContext(languages=languages or ("fr",), auto_reply_flag=flag)


def marker(reply: str, written: str, occurrence: int = 0) -> Finding:
    start = -1
    for _ in range(occurrence + 1):
        start = reply.index(written, start + 1)
    return Finding(rule="R2.2", kind="automated_reply", text=written, start=start, end=start + len(written))


def flagged(reply: str) -> Finding:
    return Finding(rule="R2.2", kind="automated_reply", text="", start=0, end=len(reply))


# -- the backend's flag ------------------------------------------------------------------------------


def test_flagged_reply_is_refused_whatever_it_says() -> None:
    reply = "Bonjour, votre colis est parti ce matin."
    assert check_auto_reply(reply, context("fr", flag=True)) == [flagged(reply)]
    assert check_auto_reply(reply, context("fr")) == []


def test_flagged_empty_reply_spans_nothing() -> None:
    assert check_auto_reply("", context(flag=True)) == [flagged("")]


def test_flag_and_marker_are_both_reported() -> None:
    reply = "Automatic reply: I am out of office until Monday."
    assert check_auto_reply(reply, context("en", flag=True)) == [
        flagged(reply),
        marker(reply, "Automatic reply"),
        marker(reply, "out of office"),
    ]


# -- markers in every language ----------------------------------------------------------------------

AUTO_RESPONDER_MESSAGES = [
    # (language, message, markers as written in order)
    (
        "en",
        "Automatic reply: Thank you for your e-mail. I am currently out of the office.",
        ["Automatic reply", "out of the office"],
    ),
    ("en", "[Auto-Reply] We received your message and will answer within 48 hours.", ["Auto-Reply"]),
    ("en", "Out-of-Office: back on 3 March.", ["Out-of-Office"]),
    ("en", "This is an autoreply. Our team will get back to you.", ["autoreply"]),
    ("en", "OUT OF OFFICE - Seller away until Monday", ["OUT OF OFFICE"]),
    ("en", "This is an automated response from our helpdesk.", ["automated response"]),
    (
        "fr",
        "Réponse automatique : je suis absent du bureau jusqu'au 12 mars.",
        ["Réponse automatique", "absent du bureau"],
    ),
    ("fr", "Ceci est un message automatique, merci de ne pas y répondre.", ["message automatique"]),
    ("fr", "REPONSE AUTOMATIQUE - Message d’absence", ["REPONSE AUTOMATIQUE", "Message d’absence"]),
    ("de", "Abwesenheitsnotiz: Ich bin bis 14.03. nicht im Büro.", ["Abwesenheitsnotiz"]),
    ("de", "Automatische Antwort: Vielen Dank für Ihre Nachricht.", ["Automatische Antwort"]),
    ("de", "Dies ist eine automatische Antwort. Wir melden uns.", ["automatische Antwort"]),
    ("nl", "Automatisch antwoord: bedankt voor uw bericht.", ["Automatisch antwoord"]),
    ("nl", "Afwezigheidsbericht - ik ben terug op maandag.", ["Afwezigheidsbericht"]),
    (
        "es",
        "Respuesta automática: estoy fuera de la oficina hasta el lunes.",
        ["Respuesta automática", "fuera de la oficina"],
    ),
    ("es", "RESPUESTA AUTOMATICA", ["RESPUESTA AUTOMATICA"]),
    ("it", "Risposta automatica: sono fuori ufficio fino a lunedì.", ["Risposta automatica", "fuori ufficio"]),
    (
        "pt",
        "Resposta automática: estou fora do escritório até segunda-feira.",
        ["Resposta automática", "fora do escritório"],
    ),
    ("sv", "Automatiskt svar: jag är tillbaka på måndag.", ["Automatiskt svar"]),
    ("sv", "Frånvaromeddelande: tack för ditt mejl.", ["Frånvaromeddelande"]),
    ("fi", "Automaattinen vastaus: olen lomalla maanantaihin asti.", ["Automaattinen vastaus"]),
    ("fi", "Poissaoloilmoitus – palaan toimistolle 3.3.", ["Poissaoloilmoitus"]),
    ("el", "Αυτόματη απάντηση: βρίσκομαι εκτός γραφείου έως τη Δευτέρα.", ["Αυτόματη απάντηση", "εκτός γραφείου"]),
    ("el", "ΑΥΤΟΜΑΤΗ ΑΠΑΝΤΗΣΗ", ["ΑΥΤΟΜΑΤΗ ΑΠΑΝΤΗΣΗ"]),
    ("pl", "Automatyczna odpowiedź: jestem poza biurem do poniedziałku.", ["Automatyczna odpowiedź", "poza biurem"]),
    ("pl", "AUTOMATYCZNA ODPOWIEDŹ", ["AUTOMATYCZNA ODPOWIEDŹ"]),
    # "automatic message" phrases: as a subject line, or said of the message itself
    ("en", "This is an automated message, please do not reply.", ["automated message"]),
    ("de", "[Automatische Nachricht] Wir sind ab Montag wieder da.", ["Automatische Nachricht"]),
    ("de", "Dies ist eine automatische Nachricht.", ["automatische Nachricht"]),
    ("nl", "Dit is een automatisch bericht.", ["automatisch bericht"]),
    ("es", "Este es un mensaje automático. No responda.", ["mensaje automático"]),
    ("it", "Questo è un messaggio automatico.", ["messaggio automatico"]),
    ("pt", "Esta é uma mensagem automática.", ["mensagem automática"]),
    ("sv", "Detta är ett automatiskt meddelande.", ["automatiskt meddelande"]),
    ("fi", "Tämä on automaattinen viesti.", ["automaattinen viesti"]),
    ("el", "Αυτό είναι ένα αυτόματο μήνυμα.", ["αυτόματο μήνυμα"]),
    ("pl", "To jest wiadomość automatyczna.", ["wiadomość automatyczna"]),
    ("fr", "Bonjour,\nRE: Message automatique - absence", ["Message automatique"]),
]


def test_every_market_language_has_markers() -> None:
    assert set(AUTO_REPLY_MARKERS) == set(AUTO_MESSAGE_MARKERS) == set(ALL_LANGUAGES)
    assert {code for market in DEFAULT_MARKETS.values() for code in market.languages} <= set(AUTO_REPLY_MARKERS)
    for lang in ALL_LANGUAGES:
        assert lang in {entry[0] for entry in AUTO_RESPONDER_MESSAGES}, lang


@pytest.mark.parametrize(("lang", "reply", "written"), AUTO_RESPONDER_MESSAGES)
def test_markers_are_found_in_every_market_whatever_its_language(lang: str, reply: str, written: list[str]) -> None:
    expected = [marker(reply, word) for word in written]
    for market in DEFAULT_MARKETS.values():
        findings = check_auto_reply(reply, ReplyContext(languages=market.languages, market=market.code))
        assert findings == expected, market.code
        for finding in findings:
            assert reply[finding.start : finding.end] == finding.text


@pytest.mark.parametrize(
    "entry", [(lang, entry) for lang, entries in AUTO_REPLY_MARKERS.items() for entry in entries], ids=str
)
def test_every_listed_marker_is_found_alone_and_in_a_sentence(entry: tuple[str, str]) -> None:
    _, word = entry
    assert check_auto_reply(word, context()) == [marker(word, word)]
    reply = f"Bonjour. {word.upper()}! Merci."
    assert check_auto_reply(reply, context()) == [marker(reply, word.upper())]


@pytest.mark.parametrize(
    "entry", [(lang, entry) for lang, entries in AUTO_MESSAGE_MARKERS.items() for entry in entries], ids=str
)
def test_automatic_message_phrases_count_as_a_subject_or_said_of_the_message(entry: tuple[str, str]) -> None:
    _, word = entry
    assert check_auto_reply(word, context()) == [marker(word, word)]
    subject = f"Bonjour.\n[{word.upper()}] absent"
    assert check_auto_reply(subject, context()) == [marker(subject, word.upper())]
    # ... but not where a seller speaks of the carrier's or the shop's notifications.
    for reply in (f"Vous recevrez un {word} avec le suivi.", f"You will get an {word} from the carrier."):
        assert check_auto_reply(reply, context()) == [], reply


@pytest.mark.parametrize(
    "reply",
    [
        "Vous recevrez un message automatique de Colissimo avec le lien de suivi.",
        "Sie erhalten eine automatische Nachricht von DHL, sobald das Paket unterwegs ist.",
        "The tracking link is in the automatic message you got this morning.",
        "Please ignore the automated message from the platform.",
        "Riceverà un messaggio automatico con il codice di ritiro.",
        "Otrzyma Pan automatyczną wiadomość z kodem odbioru.",
    ],
)
def test_notifications_mentioned_in_a_reply_are_not_markers(reply: str) -> None:
    assert check_auto_reply(reply, context(*ALL_LANGUAGES)) == []


def test_accents_may_be_left_out_or_decomposed_and_case_is_ignored() -> None:
    for reply, written in [
        ("reponse automatique", "reponse automatique"),
        ("Re\u0301ponse automatique", "Re\u0301ponse automatique"),
        ("RISPOSTA AUTOMATICA", "RISPOSTA AUTOMATICA"),
        ("automaattinen VASTAUS", "automaattinen VASTAUS"),
        ("αυτοματη απαντηση", "αυτοματη απαντηση"),
        ("automatyczna odpowiedz", "automatyczna odpowiedz"),
        ("Frånvaromeddelande", "Frånvaromeddelande"),
        ("franvaromeddelande", "franvaromeddelande"),
        ("ＡＵＴＯＲＥＰＬＹ", "ＡＵＴＯＲＥＰＬＹ"),
    ]:
        assert check_auto_reply(reply, context()) == [marker(reply, written)], reply


def test_hyphens_spaces_line_breaks_and_invisible_characters_between_words() -> None:
    for reply in ["auto reply", "auto-reply", "Auto  Reply", "out-of-office", "out of\noffice", "auto\u200breply"]:
        assert check_auto_reply(reply, context()) == [marker(reply, reply)], reply


def test_positions_after_non_ascii_text_are_exact() -> None:
    reply = "Ευχαριστούμε — ΑΥΤΌΜΑΤΗ ΑΠΆΝΤΗΣΗ, ß ﬁ straße. Réponse automatique."
    findings = check_auto_reply(reply, context("el"))
    assert findings == [marker(reply, "ΑΥΤΌΜΑΤΗ ΑΠΆΝΤΗΣΗ"), marker(reply, "Réponse automatique")]


def test_a_marker_twice_is_reported_twice() -> None:
    reply = "Auto-reply. Auto-reply."
    assert check_auto_reply(reply, context()) == [marker(reply, "Auto-reply", 0), marker(reply, "Auto-reply", 1)]


@pytest.mark.parametrize(
    "reply",
    [
        "Our autoreplyer was switched off, I am answering you myself.",
        "The semiautomatic reply feature of our shop is off.",
        "Ich habe alle Abwesenheitsnotizen gelöscht und antworte selbst.",
        "La réponse automatiquement envoyée hier était une erreur.",
        "Il telefono è fuori ufficiosamente dalla garanzia.",
        "Paczka leży poza biuremką.",
        "Hyödynnämme automaattinen vastaustoimintoa vain yöllä.",
    ],
)
def test_markers_inside_other_words_do_not_match(reply: str) -> None:
    assert check_auto_reply(reply, context(*ALL_LANGUAGES)) == []


@pytest.mark.parametrize(
    "reply",
    [
        "Bonjour, votre iPhone 13 est parti ce matin, vous recevrez une réponse de notre atelier demain.",
        "The phone has automatic brightness and an office mode; reply here if anything is wrong.",
        "Die Antwort auf Ihre Frage: ja, das Gerät ist automatisch entsperrt.",
        "La risposta è automatica? No, le scrivo io personalmente.",
        "Estamos en la oficina hasta las 18:00, le respondemos hoy.",
        "Ik ben vandaag op kantoor, het antwoord volgt.",
        "Odpowiedź: telefon jest w biurze, wyślemy go jutro.",
        "",
    ],
)
def test_ordinary_replies_carry_no_marker(reply: str) -> None:
    assert check_auto_reply(reply, context(*ALL_LANGUAGES)) == []


def test_fast_fold_agrees_with_the_per_character_fold_positions_come_from() -> None:
    from rules.screening.autoreply import _fold, _fold_char

    sample = "".join(chr(code) for code in range(0x20, 0x3000) if not 0xD800 <= code <= 0xDFFF)
    assert _fold(sample) == "".join(map(_fold_char, sample))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.sampled_from([m for ms in AUTO_REPLY_MARKERS.values() for m in ms]))
def test_any_text_around_a_marker_keeps_findings_quoting_the_reply(noise: str, word: str) -> None:
    reply = noise + " " + word + " " + noise
    findings = check_auto_reply(reply, context())
    assert findings, reply
    for finding in findings:
        assert reply[finding.start : finding.end] == finding.text
        assert finding.rule == "R2.2" and finding.kind == "automated_reply"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_fingerprint_of_any_text_is_stable_and_white_space_free_at_the_ends(text: str) -> None:
    fp = fingerprint(text)
    assert fp == fingerprint(text) == fp.strip()
    assert "  " not in fp


# -- fingerprints --------------------------------------------------------------------------------------


def test_fingerprint_folds_case_accents_white_space_and_digits() -> None:
    assert fingerprint("  Votre   COMMANDE\n\nn°12345 part le 12/03/2025 à 14h30, 49,90 €  ") == (
        "votre commande n°0 part le 0 a 0 €"
    )
    assert fingerprint("Réponse") == fingerprint("reponse") == fingerprint("Re\u0301ponse")
    assert fingerprint("IMEI 35 209900 176148 1, tracking 1Z999AA10123456784") == "imei 0 tracking 0"


def test_fingerprint_masks_given_names_and_names_after_a_greeting_or_title() -> None:
    assert fingerprint("Merci Marie pour votre retour, Marie.", names=["Marie"]) == "merci @ pour votre retour, @."
    assert fingerprint("Hola María José:", names=["María José García"]) == "hola @:"
    assert fingerprint("Bonjour Jean-Pierre,\nmerci.") == fingerprint("Bonjour Anne,\nmerci.") == "bonjour @, merci."
    # Titles go with the name: they follow the buyer too.
    assert fingerprint("Dear Mr. Smith, thanks.") == fingerprint("Dear Mrs O'Neill, thanks.") == "dear @, thanks."
    assert fingerprint("Bonjour Madame Durand,") == fingerprint("Bonjour, Monsieur,") == "bonjour @,"
    assert fingerprint("Hallo Frau Müller,") == fingerprint("Sehr  geehrter   Herr Dr. Schmidt,").replace(
        "sehr geehrter", "hallo"
    )
    assert fingerprint("Dzień dobry Panie Kowalski,") == "dzien dobry @,"
    assert fingerprint("Monsieur Dupont,\nmerci.") == "@, merci."
    # A greeting followed by ordinary words is left alone.
    assert fingerprint("Bonjour, merci pour votre message.") == "bonjour, merci pour votre message."
    assert fingerprint("Czy pani otrzymała paczkę?") == "czy pani otrzymała paczke?"
    # Particles of a given name are not masked on their own: "de" stays a word.
    assert fingerprint("Merci de votre patience", names=["Maria de la Cruz"]) == "merci de votre patience"


def test_fingerprint_masks_dates_in_words_and_device_names() -> None:
    assert fingerprint("expédié le 3 mars 2025") == fingerprint("expédié le 14 avril") == "expedie le 0"
    assert fingerprint("verschickt am Montag") == fingerprint("verschickt am Freitag") == "verschickt am 0"
    assert fingerprint("wysłane wczoraj") == fingerprint("wysłane 3 marca") == "wysłane 0"
    assert (
        fingerprint("Your iPhone 13 Pro Max is ready")
        == fingerprint("Your Galaxy S21 FE is ready")
        == "your # is ready"
    )


def test_fingerprint_is_stable() -> None:
    """Fingerprints are stored for 7 days: the same text must always give the same string."""
    text = "Bonjour Marie,\nvotre commande 123 est partie.\n\nCordialement"
    assert fingerprint(text) == fingerprint(text) == "bonjour @, votre commande 0 est partie. cordialement"


# -- template repeats: tuning cases ---------------------------------------------------------------------
#
# One template per language, filled with different buyers, orders, dates, devices and tracking
# numbers and sent with different white space: all "the same". Adapted versions change or add one
# sentence about the case (the fault, a missing part, the photos the buyer sent): all different.

TEMPLATES = {
    "fr": (
        "Bonjour {name},\n\nMerci pour votre message. Votre commande n°{order} a bien été expédiée le {date} "
        "avec Colissimo, numéro de suivi {tracking}. Votre {model} est testé et reconditionné dans notre atelier, "
        "et il est garanti 12 mois. N'hésitez pas à nous écrire si vous avez la moindre question.\n\nBonne journée,\nL'équipe ReFone"
    ),
    "de": (
        "Hallo {name},\n\nvielen Dank für Ihre Nachricht. Ihre Bestellung {order} wurde am {date} mit DHL verschickt "
        "(Sendungsnummer {tracking}). Ihr {model} wurde in unserer Werkstatt geprüft und hat 12 Monate Garantie. "
        "Bei Fragen melden Sie sich gerne jederzeit.\n\nViele Grüße\nIhr PhoneHaus-Team"
    ),
    "en": (
        "Hi {name},\n\nThanks for getting in touch. Your order {order} was shipped on {date} with Royal Mail, "
        "tracking number {tracking}. Your {model} has been fully tested and comes with a 12-month warranty. "
        "If anything is not right, just reply here and we will sort it out.\n\nKind regards,\nMobileMint"
    ),
    "es": (
        "Hola {name}:\n\nGracias por su mensaje. Su pedido {order} se envió el {date} por Correos Express con el "
        "número de seguimiento {tracking}. Su {model} ha sido revisado en nuestro taller y tiene 12 meses de garantía. "
        "Si tiene cualquier duda, escríbanos por aquí.\n\nUn saludo,\nEl equipo de Renuevo"
    ),
    "it": (
        "Buongiorno {name},\n\ngrazie per il messaggio. Il suo ordine {order} è stato spedito il {date} con BRT, "
        "numero di tracciamento {tracking}. Il suo {model} è stato controllato nel nostro laboratorio ed è coperto "
        "da 12 mesi di garanzia. Per qualsiasi domanda ci scriva pure qui.\n\nCordiali saluti,\nSmartRinnovo"
    ),
    "pl": (
        "Dzień dobry {name},\n\ndziękujemy za wiadomość. Zamówienie {order} zostało wysłane {date} przez InPost, "
        "numer przesyłki {tracking}. Państwa {model} został sprawdzony w naszym serwisie i ma 12 miesięcy gwarancji. "
        "W razie pytań prosimy o kontakt tutaj.\n\nPozdrawiamy,\nZespół TelefonPlus"
    ),
}

FILLS = [
    {"name": "Marie", "order": "100234", "date": "12/03/2025", "tracking": "6A12345678901", "model": "iPhone 13 Pro"},
    {
        "name": "Jean-Pierre",
        "order": "100981",
        "date": "3 mars",
        "tracking": "6A99887766554",
        "model": "iPhone 12 mini",
    },
    {
        "name": "Anna Kowalska",
        "order": "FR-2025-00017",
        "date": "14.03.",
        "tracking": "00340434161094042557",
        "model": "iPhone 14 Pro Max",
    },
    {"name": "Lukas", "order": "100777", "date": "Monday", "tracking": "1Z999AA10123456784", "model": "Galaxy S21"},
    {"name": "Sofía", "order": "42", "date": "15 April 2025", "tracking": "LX123456789DE", "model": "iPhone SE"},
    {"name": "Giovanni", "order": "9988776655", "date": "yesterday", "tracking": "CH123", "model": "iPad Air"},
]

ADAPTATIONS = {
    # (sentence of the template, what the seller wrote instead for this case)
    "fr": [
        (
            "Votre {model} est testé et reconditionné dans notre atelier, et il est garanti 12 mois.",
            "Concernant l'écran qui clignote sur votre {model}, c'est un défaut connu de la nappe : nous vous envoyons une étiquette retour pour le réparer.",
        ),
        (
            "N'hésitez pas",
            "Pour la batterie, sa capacité est de 89 % d'après notre test, ce qui est conforme à l'annonce. N'hésitez pas",
        ),
        (
            "Merci pour votre message.",
            "Merci pour votre message et pour les photos du coin rayé, nous vous proposons un geste de 20 euros.",
        ),
    ],
    "de": [
        (
            "Ihr {model} wurde in unserer Werkstatt geprüft und hat 12 Monate Garantie.",
            "Dass Face ID an Ihrem {model} nicht funktioniert, tut uns leid: bitte senden Sie es mit dem beiliegenden Etikett zurück.",
        ),
        ("Bei Fragen", "Die Hülle war leider nicht im Paket, wir schicken sie heute separat nach. Bei Fragen"),
        ("vielen Dank für Ihre Nachricht.", "vielen Dank für Ihre Nachricht und das Foto vom Kratzer am Rahmen."),
    ],
    "en": [
        (
            "Your {model} has been fully tested and comes with a 12-month warranty.",
            "The speaker crackling you describe on your {model} is covered by the warranty, so we have booked a free repair.",
        ),
        ("If anything", "The charger was missing from the box by mistake, a new one goes out today. If anything"),
        ("Thanks for getting in touch.", "Thanks for the video of the flickering screen, it helps a lot."),
    ],
    "es": [
        (
            "Su {model} ha sido revisado en nuestro taller y tiene 12 meses de garantía.",
            "Sobre el altavoz de su {model} que suena distorsionado, le enviamos una etiqueta de devolución para repararlo.",
        ),
        ("Si tiene", "La funda que pidió no estaba en la caja, se la enviamos hoy aparte. Si tiene"),
        ("Gracias por su mensaje.", "Gracias por su mensaje y por la foto de la esquina rayada."),
    ],
    "it": [
        (
            "Il suo {model} è stato controllato nel nostro laboratorio ed è coperto da 12 mesi di garanzia.",
            "Per la batteria del suo {model} che si scarica in fretta, le mandiamo un'etichetta di reso per la sostituzione.",
        ),
        ("Per qualsiasi", "Il caricatore mancante glielo spediamo oggi stesso a parte. Per qualsiasi"),
        ("grazie per il messaggio.", "grazie per il messaggio e per le foto del graffio sul retro."),
    ],
    "pl": [
        (
            "Państwa {model} został sprawdzony w naszym serwisie i ma 12 miesięcy gwarancji.",
            "Problem z ładowaniem Państwa {model} jest objęty gwarancją, wysyłamy etykietę zwrotną do naprawy.",
        ),
        ("W razie pytań", "Brakującą ładowarkę wyślemy dziś osobno. W razie pytań"),
        ("dziękujemy za wiadomość.", "dziękujemy za wiadomość i zdjęcie rysy na ekranie."),
    ],
}


def sent(lang: str, fill: dict[str, str], *, reflow: bool = False) -> str:
    text = TEMPLATES[lang].format(**fill)
    if reflow:  # pasted into another mail client: doubled spaces, single line breaks
        text = text.replace(" ", "  ", 3).replace("\n\n", "\n")
    return text


def adapted(lang: str, index: int, fill: dict[str, str]) -> str:
    sentence, instead = ADAPTATIONS[lang][index]
    assert sentence in TEMPLATES[lang]
    return TEMPLATES[lang].replace(sentence, instead).format(**fill)


def test_constants() -> None:
    assert TEMPLATE_MIN_THREADS == 5
    assert TEMPLATE_WINDOW == timedelta(days=7)
    assert TEMPLATE_THRESHOLD == 95.0
    assert TEMPLATE_MAX_EDITS == 24


@pytest.mark.parametrize("lang", sorted(TEMPLATES))
def test_five_threads_with_one_template_and_different_details_count_five(lang: str) -> None:
    reply = fingerprint(sent(lang, FILLS[0]))
    others = [(f"thread-{i}", fingerprint(sent(lang, fill, reflow=i % 2 == 0))) for i, fill in enumerate(FILLS[1:])]
    assert len(others) == 5
    assert count_repeats(reply, others) == 5 >= TEMPLATE_MIN_THREADS


@pytest.mark.parametrize("lang", sorted(TEMPLATES))
def test_adapted_templates_are_not_repeats(lang: str) -> None:
    reply = fingerprint(sent(lang, FILLS[0]))
    others = [
        (f"thread-{index}-{i}", fingerprint(adapted(lang, index, fill)))
        for index in range(len(ADAPTATIONS[lang]))
        for i, fill in enumerate(FILLS[1:])
    ]
    assert count_repeats(reply, others) == 0
    # ... nor are two differently adapted replies the same as each other.
    first, second = fingerprint(adapted(lang, 0, FILLS[1])), fingerprint(adapted(lang, 1, FILLS[1]))
    assert not same_text(first, second)


def test_adapted_template_with_another_device_and_a_fault_description() -> None:
    template = (
        "Bonjour {name}, merci pour votre message. Nous sommes désolés que votre {model} pose problème. "
        "Pouvez-vous nous renvoyer l'appareil avec l'étiquette jointe ? Nous le réparons sous 5 jours ouvrés "
        "et vous le renvoyons gratuitement. Bonne journée, l'équipe ReFone"
    )
    base = fingerprint(template.format(name="Marie", model="iPhone 12"))
    case = template.replace(
        "pose problème.",
        "pose problème : le micro ne fonctionne plus pendant les appels WhatsApp, c'est un défaut du connecteur.",
    )
    assert count_repeats(base, [("t1", fingerprint(case.format(name="Paul", model="Galaxy S21")))]) == 0
    # The same template for another buyer and device is the same text.
    assert count_repeats(base, [("t1", fingerprint(template.format(name="Paul", model="Galaxy S21")))]) == 1


def test_details_the_normaliser_cannot_see_still_count_as_the_same_text() -> None:
    """A name inside the text (not given), a colour, a carrier: a few characters differ."""
    base = sent("en", FILLS[0])
    variants = [
        base.replace("Thanks for getting in touch.", "Thanks for getting in touch, Marie."),
        base.replace("with Royal Mail", "with Evri"),
        base.replace("Your iPhone 13 Pro has", "Your iPhone 13 Pro in Sierra Blue has"),
        base.replace("Kind regards", "Best regards"),
    ]
    fp = fingerprint(base)
    others = [(f"t{i}", fingerprint(text)) for i, text in enumerate(variants)]
    assert count_repeats(fp, others) == len(variants)


def test_scores_separate_same_from_adapted(capsys: pytest.CaptureFixture[str]) -> None:
    """The measured margins the threshold sits between (printed with ``pytest -s``)."""
    same_scores, adapted_scores = [], []
    for lang in TEMPLATES:
        base = fingerprint(sent(lang, FILLS[0]))
        same_scores += [fuzz.ratio(base, fingerprint(sent(lang, fill, reflow=True))) for fill in FILLS[1:]]
        adapted_scores += [
            fuzz.ratio(base, fingerprint(adapted(lang, index, fill)))
            for index in range(len(ADAPTATIONS[lang]))
            for fill in FILLS[1:]
        ]
    with capsys.disabled():
        print(
            f"\nR2.2 fuzz.ratio: same template {min(same_scores):.2f}-{max(same_scores):.2f} "
            f"({len(same_scores)}), adapted {min(adapted_scores):.2f}-{max(adapted_scores):.2f} ({len(adapted_scores)}), "
            f"threshold {TEMPLATE_THRESHOLD}"
        )
    assert min(same_scores) >= TEMPLATE_THRESHOLD > max(adapted_scores)


def test_one_thread_answered_several_times_counts_once() -> None:
    fp = fingerprint(sent("fr", FILLS[0]))
    same = fingerprint(sent("fr", FILLS[1]))
    others = [("t1", same), ("t1", same), ("t1", same), ("t2", same)]
    assert count_repeats(fp, others) == 2
    assert count_repeats(fp, [("t1", same)] * 10) == 1


def test_four_other_threads_are_not_enough() -> None:
    fp = fingerprint(sent("de", FILLS[0]))
    others = [(f"t{i}", fingerprint(sent("de", fill))) for i, fill in enumerate(FILLS[1:5])]
    assert count_repeats(fp, others) == 4 < TEMPLATE_MIN_THREADS


def test_unrelated_replies_and_short_replies() -> None:
    fp = fingerprint("Merci, bonne journée !")
    assert (
        count_repeats(
            fp, [("t1", fingerprint("Merci, bonne journée!")), ("t2", fingerprint("MERCI, bonne   journée !"))]
        )
        == 2
    )
    assert (
        count_repeats(fp, [("t1", fingerprint("Merci, bonne soirée !")), ("t2", fingerprint("Votre colis est parti."))])
        == 0
    )
    assert count_repeats(fingerprint(""), [("t1", "")]) == 1
    assert count_repeats(fp, []) == 0


def test_threshold_can_be_lowered_by_the_caller() -> None:
    base = fingerprint(sent("it", FILLS[0]))
    other = fingerprint(adapted("it", 2, FILLS[1]))
    assert count_repeats(base, [("t1", other)]) == 0
    assert count_repeats(base, [("t1", other)], threshold=80.0) == 0  # the edit budget still applies
    assert same_text("abc", "abc", threshold=100.0)


def test_template_finding_is_the_whole_reply() -> None:
    reply = "Bonjour, votre colis est parti."
    assert template_finding(reply) == Finding(rule="R2.2", kind="automated_reply", text=reply, start=0, end=len(reply))


# -- speed --------------------------------------------------------------------------------------------


def test_a_week_of_a_busy_seller_is_compared_in_about_a_millisecond() -> None:
    others = []
    for i in range(300):
        lang = sorted(TEMPLATES)[(i // 2) % len(TEMPLATES)]
        fill = {**FILLS[i % len(FILLS)], "name": f"Buyer{i}"}
        text = adapted(lang, i % 3, fill) if i % 2 else sent(lang, fill)
        others.append((f"thread-{i}", fingerprint(text)))
    fp = fingerprint(sent("fr", FILLS[0]))
    rounds = 20
    start = time.perf_counter()
    for _ in range(rounds):
        count = count_repeats(fp, others)
    per_call = (time.perf_counter() - start) / rounds
    print(f"\ncount_repeats over {len(others)} replies: {per_call * 1e6:.0f} µs")
    assert count == 25  # the unadapted French sends: every 12th of 300
    assert per_call < 20e-3


def test_auto_reply_check_and_fingerprint_cost_microseconds() -> None:
    reply = sent("fr", FILLS[0])
    ctx = context("fr")
    rounds = 2000
    start = time.perf_counter()
    for _ in range(rounds):
        check_auto_reply(reply, ctx)
    check = (time.perf_counter() - start) / rounds
    start = time.perf_counter()
    for _ in range(rounds):
        fingerprint(reply)
    fp = (time.perf_counter() - start) / rounds
    print(f"\ncheck_auto_reply {check * 1e6:.1f} µs, fingerprint {fp * 1e6:.1f} µs ({len(reply)} characters)")
    assert check < 1e-3 and fp < 1e-3

"""R2.1 off-platform contact: e-mails, phone numbers, messenger handles and web addresses are found,
plain and obfuscated, in every market language; numbers that are not phone numbers pass.

Expected findings are written from the reply itself (``reply.index(quote)``), never taken from the
implementation, and every finding must quote the reply exactly (``text == reply[start:end]``): the
seller is shown that text (R2).
"""

from __future__ import annotations

import socket
import time
import urllib.request
from importlib import resources
from pathlib import Path

import pytest
from contact_checks import assert_well_formed, check, context, found, only
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.markets import DEFAULT_MARKETS
from rules.screening import ReplyContext
from rules.screening.contact import DEFAULT_ALLOWED_DOMAINS, check_off_platform_contact
from rules.screening.contact import urls as contact_urls

MARKETS = tuple(DEFAULT_MARKETS)


# -- e-mail addresses ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("market", "reply", "quote"),
    [
        # plain
        ("FR", "Écrivez-moi directement à jean.dupont@gmail.com, merci.", "jean.dupont@gmail.com"),
        ("DE", "Meine Adresse: max_mueller+handy@web.de – ich antworte schnell.", "max_mueller+handy@web.de"),
        ("GB", "Email me at name @ gmail.com and I'll sort it.", "name @ gmail.com"),
        # written out, English and bracketed forms
        ("US", "Reach me at name at gmail dot com for a faster answer.", "name at gmail dot com"),
        ("IE", "Contact: name (at) gmail (dot) com", "name (at) gmail (dot) com"),
        ("GB", "Contact: name [at] gmail [dot] com", "name [at] gmail [dot] com"),
        ("GB", "Contact: name(a)gmail.com", "name(a)gmail.com"),
        ("US", "Write to john.doe-at-outlook.com instead.", "john.doe-at-outlook.com"),
        # the markets' languages
        (
            "FR",
            "Envoyez un mail à atelier.reparphone arobase orange point fr, merci.",
            "atelier.reparphone arobase orange point fr",
        ),
        ("BE", "Mon adresse : jean (at) skynet (point) be", "jean (at) skynet (point) be"),
        ("DE", "Schreiben Sie an max.mueller ät gmx punkt de bitte.", "max.mueller ät gmx punkt de"),
        ("AT", "Kontakt: info(at)handy-profi.at", "info(at)handy-profi.at"),
        (
            "IT",
            "Scrivimi a mario.rossi chiocciola libero punto it per la fattura.",
            "mario.rossi chiocciola libero punto it",
        ),
        ("ES", "Mándame un correo a juan arroba gmail punto com y te respondo.", "juan arroba gmail punto com"),
        ("PT", "O meu email é joao arroba sapo ponto pt, obrigado.", "joao arroba sapo ponto pt"),
        ("NL", "Mijn e-mail is jan apenstaartje ziggo punt nl.", "jan apenstaartje ziggo punt nl"),
        ("PL", "Proszę pisać na jan.kowalski małpa wp kropka pl, dziękuję.", "jan.kowalski małpa wp kropka pl"),
        ("SE", "Mejla anna snabel-a telia punkt se så svarar jag.", "anna snabel-a telia punkt se"),
        ("FI", "Sähköposti: matti ät gmail piste com", "matti ät gmail piste com"),
        ("GR", "Στείλτε μου στο nikos παπάκι gmail τελεία com παρακαλώ.", "nikos παπάκι gmail τελεία com"),
    ],
)
def test_email_addresses_are_found_plain_and_written_out(market: str, reply: str, quote: str) -> None:
    only(reply, quote, market)


def test_the_platforms_and_carriers_addresses_pass() -> None:
    assert check("Vous pouvez aussi écrire à support@swapiphone.com.") == []
    assert check("Der Kundendienst von DHL: service@dhl.de") == []


# -- phone numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("market", "reply", "quote"),
    [
        ("FR", "Appelez-moi au 06 12 34 56 78 entre 9h et 18h.", "06 12 34 56 78"),
        ("FR", "Mon portable : 06.12.34.56.78", "06.12.34.56.78"),
        ("FR", "Mon portable : 06-12-34-56-78", "06-12-34-56-78"),
        ("FR", "Tél. 0612345678", "0612345678"),
        ("FR", "Joignable au +33 6 12 34 56 78 ce soir.", "+33 6 12 34 56 78"),
        ("FR", "Joignable au +33 (0)6 12 34 56 78 ce soir.", "+33 (0)6 12 34 56 78"),
        ("FR", "Joignable au 0033 6 12 34 56 78 ce soir.", "0033 6 12 34 56 78"),
        ("DE", "Rufen Sie mich an: 0171 2345678.", "0171 2345678"),
        ("DE", "Rufen Sie mich an: +49 171 2345678.", "+49 171 2345678"),
        ("DE", "Festnetz (030) 12345678, ab 9 Uhr.", "(030) 12345678"),
        ("AT", "Handy 0664 1234567", "0664 1234567"),
        ("BE", "Bel me op 0470 12 34 56.", "0470 12 34 56"),
        ("NL", "Bel me op 06-12345678.", "06-12345678"),
        ("ES", "Llámame al 612 34 56 78, por favor.", "612 34 56 78"),
        ("IT", "Chiamami al 347 123 4567.", "347 123 4567"),
        ("PT", "Ligue-me para o 912 345 678.", "912 345 678"),
        ("IE", "Ring me on 087 123 4567.", "087 123 4567"),
        ("GB", "Call me on 07912 345678 any time.", "07912 345678"),
        ("GB", "Call me on +44 7912 345678 any time.", "+44 7912 345678"),
        ("US", "Call me at (201) 555-0123 tonight.", "(201) 555-0123"),
        ("US", "Call me at 201.555.0123 tonight.", "201.555.0123"),
        ("SE", "Ring mig på 070-123 45 67.", "070-123 45 67"),
        ("FI", "Soita numeroon 040 123 4567.", "040 123 4567"),
        ("GR", "Καλέστε με στο 694 123 4567.", "694 123 4567"),
        ("PL", "Proszę dzwonić pod 512 345 678.", "512 345 678"),
        ("PL", "Proszę dzwonić pod +48 512 345 678.", "+48 512 345 678"),
    ],
)
def test_phone_numbers_are_found_in_national_and_international_form(market: str, reply: str, quote: str) -> None:
    only(reply, quote, market)


@pytest.mark.parametrize(
    ("market", "reply", "quote"),
    [
        (
            "FR",
            "mon numéro : zéro six douze trente-quatre cinquante-six soixante-dix-huit, à bientôt",
            "zéro six douze trente-quatre cinquante-six soixante-dix-huit",
        ),
        ("FR", "zero six un deux trois quatre cinq six sept huit", "zero six un deux trois quatre cinq six sept huit"),
        (
            "BE",
            "appelez le zéro quatre septante, douze, trente-quatre, cinquante-six",
            "zéro quatre septante, douze, trente-quatre, cinquante-six",
        ),
        ("FR", "Mon numéro: O6 l2 34 56 78", "O6 l2 34 56 78"),
        (
            "DE",
            "Ruf mich an: null eins sieben eins, zwei drei vier fünf sechs sieben acht!",
            "null eins sieben eins, zwei drei vier fünf sechs sieben acht",
        ),
        (
            "NL",
            "Nul zes, twaalf, vierendertig, zesenvijftig, achtenzeventig: bel me vanavond.",
            "Nul zes, twaalf, vierendertig, zesenvijftig, achtenzeventig",
        ),
        (
            "ES",
            "Mi número: seis uno dos, tres cuatro cinco, seis siete ocho.",
            "seis uno dos, tres cuatro cinco, seis siete ocho",
        ),
        (
            "IT",
            "Il mio numero è tre quattro sette uno due tre quattro cinque sei sette",
            "tre quattro sette uno due tre quattro cinque sei sette",
        ),
        (
            "PT",
            "Ligue para nove um dois três quatro cinco seis sete oito",
            "nove um dois três quatro cinco seis sete oito",
        ),
        (
            "GB",
            "zero seven nine one two, three four five six seven eight",
            "zero seven nine one two, three four five six seven eight",
        ),
        (
            "SE",
            "Noll sju noll, ett två tre, fyrtiofem, sextiosju: sms:a mig.",
            "Noll sju noll, ett två tre, fyrtiofem, sextiosju",
        ),
        (
            "FI",
            "Numero on nolla neljä nolla yksi kaksi kolme neljä viisi kuusi seitsemän.",
            "nolla neljä nolla yksi kaksi kolme neljä viisi kuusi seitsemän",
        ),
        (
            "GR",
            "Το κινητό μου: έξι εννέα τέσσερα ένα δύο τρία τέσσερα πέντε έξι επτά",
            "έξι εννέα τέσσερα ένα δύο τρία τέσσερα πέντε έξι επτά",
        ),
        (
            "PL",
            "Mój numer: pięć jeden dwa trzy cztery pięć sześć siedem osiem",
            "pięć jeden dwa trzy cztery pięć sześć siedem osiem",
        ),
    ],
)
def test_spelled_out_phone_numbers_are_found(market: str, reply: str, quote: str) -> None:
    only(reply, quote, market)


@pytest.mark.parametrize(
    "written",
    [
        "0 6 1 2 3 4 5 6 7 8",
        "06\u00a012\u00a034\u00a056\u00a078",
        "06*12*34*56*78",
        "06_12_34_56_78",
        "０６ １２ ３４ ５６ ７８",
        "o6 12 34 56 78",
        "O6.I2.34.56.78",
        "zéro-six-douze-trente-quatre-cinquante-six-soixante-dix-huit",
        "06 douze 34 cinquante-six 78",
        "ZÉRO SIX DOUZE TRENTE-QUATRE CINQUANTE-SIX SOIXANTE-DIX-HUIT",
    ],
)
def test_obfuscated_phone_numbers_are_found(written: str) -> None:
    only(f"Mon numéro : {written}. Merci !", written)


def test_a_neighbouring_markets_number_is_found() -> None:
    only("Je suis en Espagne, appelez le 612 34 56 78.", "612 34 56 78", "FR")
    only("Ich bin in Frankreich erreichbar: 06 12 34 56 78", "06 12 34 56 78", "DE")


@pytest.mark.parametrize("separator", [" / ", "/", ", ", " - ", "  "])
def test_two_numbers_in_a_row_are_both_found(separator: str) -> None:
    reply = f"Appelez le 06 12 34 56 78{separator}07 81 23 45 67"
    assert check(reply) == [found(reply, "06 12 34 56 78"), found(reply, "07 81 23 45 67")]


def test_a_number_next_to_other_digits_is_found_alone() -> None:
    only("Tél. 06 12 34 56 78, 24/7", "06 12 34 56 78")


def test_a_long_identifier_grouped_in_threes_is_not_cut_into_phone_numbers() -> None:
    for market in MARKETS:
        assert check("Référence 123 456 789 012 345 678", market) == []
        assert check("123 456 789 012 345 678", market) == []


def test_a_stray_number_word_beside_a_number_is_not_part_of_it() -> None:
    only("Un iPhone neuf 06 12 34 56 78", "06 12 34 56 78")


def test_a_phone_number_without_a_market_is_still_found() -> None:
    only("Call 06 12 34 56 78", "06 12 34 56 78", "")
    reply = "Call 06 12 34 56 78"
    assert check_off_platform_contact(reply, ReplyContext(languages=("en",))) == [found(reply, "06 12 34 56 78")]


# -- messenger and social contact ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("market", "reply", "quote"),
    [
        ("GB", "Easier if you add me on WhatsApp.", "add me on WhatsApp"),
        ("US", "Hi! my insta is @shop_phones", "insta is @shop_phones"),
        ("US", "DM me on insta @shop_phones", "DM me on insta @shop_phones"),
        ("GB", "telegram: shopguy", "telegram: shopguy"),
        ("GB", "Message me: t.me/shop", "t.me/shop"),
        ("FR", "Plus simple : wa.me/33612345678", "wa.me/33612345678"),
        ("FR", "WhatsApp : 06 12 34 56 78", "WhatsApp : 06 12 34 56 78"),
        ("FR", "Contactez-moi sur WhatsApp au 06 12 34 56 78.", "Contactez-moi sur WhatsApp au 06 12 34 56 78"),
        ("FR", "Vous pouvez m'écrire sur Telegram.", "m'écrire sur Telegram"),
        ("DE", "Schreib mir per WhatsApp, das geht schneller.", "Schreib mir per WhatsApp"),
        ("DE", "Folgen Sie uns auf Instagram!", "Folgen Sie uns auf Instagram"),
        ("AT", "Viber: 0664 1234567", "Viber: 0664 1234567"),
        ("IT", "Scrivimi su Telegram per i dettagli.", "Scrivimi su Telegram"),
        ("ES", "Escríbeme por WhatsApp al 612 34 56 78.", "Escríbeme por WhatsApp al 612 34 56 78"),
        ("PT", "Contacte-me pelo WhatsApp, por favor.", "Contacte-me pelo WhatsApp"),
        ("NL", "Stuur me een bericht op WhatsApp.", "Stuur me een bericht op WhatsApp"),
        (
            "NL",
            "Op X (Twitter) kun je ons vinden als @TelefoonTweedeKans, stuur daar je vraag.",
            "Twitter) kun je ons vinden als @TelefoonTweedeKans",
        ),
        ("SE", "Skriv till mig på WhatsApp så löser vi det.", "Skriv till mig på WhatsApp"),
        ("FI", "Kirjoita minulle WhatsAppissa.", "Kirjoita minulle WhatsAppissa"),
        ("GR", "Στείλε μου μήνυμα στο Viber.", "Στείλε μου μήνυμα στο Viber"),
        ("PL", "Napisz do mnie na WhatsAppie.", "Napisz do mnie na WhatsAppie"),
        ("GB", "Signal: +44 7912 345678", "Signal: +44 7912 345678"),
        ("US", "WeChat ID: shop_phones", "WeChat ID: shop_phones"),
        ("US", "Our Skype is shop.phones", "Skype is shop.phones"),
        ("US", "Snapchat: phones4u", "Snapchat: phones4u"),
        ("US", "Facebook: facebook.com/shopphones", "Facebook: facebook.com/shopphones"),
        ("US", "X: @shopphones", "X: @shopphones"),
        ("US", "Follow us on TikTok for deals", "Follow us on TikTok"),
        ("US", "Find us on LinkedIn: linkedin.com/in/shop", "Find us on LinkedIn: linkedin.com/in/shop"),
        ("GB", "contact me via telegram @shopguy", "contact me via telegram @shopguy"),
        ("GB", "WhatsApp me tonight", "WhatsApp me"),
        ("US", "IG: shop_phones", "IG: shop_phones"),
        ("FR", "Ajoute-moi sur Snap : shop.phones", "Ajoute-moi sur Snap : shop.phones"),
        ("FR", "Suivez-nous sur Instagram @shop_phones", "Suivez-nous sur Instagram @shop_phones"),
        ("FR", "Mon insta : shop_phones", "insta : shop_phones"),
        ("GB", "Telegram – shop_guy_uk", "Telegram – shop_guy_uk"),  # a dash that starts no list
        # the verb a few words before "me/us", or (de, nl) the infinitive that ends the clause
        ("DE", "Schreiben Sie uns gern auch mal auf WhatsApp.", "uns gern auch mal auf WhatsApp"),
        ("DE", "Sie können mich gerne auf Telegram anrufen.", "mich gerne auf Telegram"),
        ("NL", "Je kunt ons altijd via WhatsApp bereiken.", "ons altijd via WhatsApp"),
        # an imperative with an adverb or a message before the name
        ("NL", "Stuur gerust een berichtje via WhatsApp.", "Stuur gerust een berichtje via WhatsApp"),
        ("IT", "Manda pure un messaggio su Telegram.", "Manda pure un messaggio su Telegram"),
        ("SE", "Skicka gärna ett meddelande på WhatsApp.", "Skicka gärna ett meddelande på WhatsApp"),
        # verbs and pronouns the lists now hold
        ("GB", "Drop me a message on WhatsApp.", "Drop me a message on WhatsApp"),
        ("GB", "Shoot us a text on Telegram.", "Shoot us a text on Telegram"),
        ("GB", "Look me up on Facebook, same name as the shop.", "me up on Facebook"),
        ("ES", "Mándanos un mensaje por WhatsApp.", "Mándanos un mensaje por WhatsApp"),
        ("PT", "Fale connosco pelo WhatsApp.", "Fale connosco pelo WhatsApp"),
        ("PL", "Można mnie znaleźć na Instagramie.", "mnie znaleźć na Instagramie"),
        # "WhatsApp me" / "app me" with an invitation's word after it
        ("GB", "WhatsApp me the serial number.", "WhatsApp me"),
        ("NL", "App me gerust als het pakket er is.", "App me"),
    ],
)
def test_messenger_and_social_contact_is_found(market: str, reply: str, quote: str) -> None:
    only(reply, quote, market)


@pytest.mark.parametrize(
    ("market", "reply"),
    [
        ("GB", "The phone supports WhatsApp."),
        ("GB", "WhatsApp works fine on this iPhone."),
        ("GB", "You can restore your WhatsApp backup via iCloud."),
        ("GB", "Video calls on WhatsApp work fine."),
        ("GB", "My WhatsApp is broken too, so I understand."),
        ("US", "WhatsApp: yes, supported."),
        ("US", "iPhone X, 256 GB, like new."),
        ("US", "Signal strength is fine, 4G and 5G."),
        ("US", "Please reply here in the chat, not on WhatsApp."),
        ("FR", "L'appareil est compatible WhatsApp, Instagram et TikTok."),
        ("DE", "Das Handy unterstützt WhatsApp und Signal."),
        ("IT", "Il telefono è compatibile con Telegram e Skype."),
        ("PL", "Telefon obsługuje Instagram i Facebook."),
        ("FR", "@Marie merci pour votre retour."),
        ("US", "Reinstall the app, then restore the backup."),
        ("US", "Contact via WhatsApp is not possible, please reply here."),
        # a checklist's status, a version, a list of apps: no handle after the name
        ("GB", "Checklist: battery: 100 %, WhatsApp: uninstalled, Face ID: working."),
        ("DE", "Telegram: deinstalliert, WhatsApp: 2.24.11."),
        ("ES", "La versión actual de Telegram es 10.9.1."),
        ("PL", "Aplikacje: Instagram: usunięta, Snapchat: usunięty."),
        ("IT", "Applicazioni testate: Telegram – Instagram – Snapchat – Spotify."),
        ("NL", "Controle: FaceTime:OK, WhatsApp:OK, Face ID:OK."),
        ("SE", "Status FaceTime:ok, Skype:ok."),
        # "me/us … on <network>" without a contact verb: someone's experience
        ("GB", "That bug happened to us on Instagram too, a reinstall fixed it."),
        ("FR", "Nous avons aussi testé sur Instagram."),
        ("DE", "Uns ist das bei Instagram noch nie passiert."),
        ("IT", "Ci è capitato anche su Telegram, basta aggiornare l'app."),
        ("ES", "Nos funciona bien en WhatsApp con la última versión."),
        ("PT", "Aconteceu-nos também no Instagram, é da aplicação."),
        ("NL", "Ons is het op WhatsApp ook overkomen."),
        ("SE", "Det har hänt oss på WhatsApp också, det är appen."),
        ("FI", "Meille kävi samoin Telegramissa päivityksen jälkeen."),
        ("GR", "Μας έτυχε κι εμάς στο Instagram, είναι θέμα της εφαρμογής."),
        ("PL", "U nas działa to dobrze na Messengerze."),
        # an imperative whose object is someone else: a test of the microphone or the camera
        ("DE", "Zum Test: Schreib deiner Schwester per WhatsApp und schick ein Foto."),
        ("NL", "Bel je buurman via WhatsApp voor de test."),
        ("SE", "Ring din kollega på WhatsApp och lyssna på ljudet."),
        ("IT", "Chiama tua madre su WhatsApp per provare l'audio."),
        ("ES", "Llame a su hermana por WhatsApp para probar el altavoz."),  # "llame" is no "llá-me"
        ("PL", "Napisz do kolegi na Messengerze i sprawdź, czy zdjęcie dochodzi."),
        # "me"/"us"/"ons" after the name that is no "WhatsApp me"
        ("ES", "A mí WhatsApp me da error al enviar fotos."),
        ("US", "TikTok US shows different ads, that's normal."),
        ("NL", "Vul in onze app ons garantieformulier in."),
    ],
)
def test_a_bare_brand_mention_passes(market: str, reply: str) -> None:
    assert check(reply, market) == []


# -- web addresses --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "quote"),
    [
        ("Voir notre boutique phoneshop.fr pour d'autres modèles.", "phoneshop.fr"),
        ("Visit www.phoneshop.eu today", "www.phoneshop.eu"),
        ("See https://evil.com/?ref=swapiphone.com", "https://evil.com/?ref=swapiphone.com"),
        ("See swapiphone.com.evil.io", "swapiphone.com.evil.io"),
        ("Short link: bit.ly/abc123", "bit.ly/abc123"),
        ("Notre site : www dot phoneshop dot fr", "www dot phoneshop dot fr"),
        ("Router at http://192.168.1.1/admin", "http://192.168.1.1/admin"),
        ("Our page (see shop.de) has more.", "shop.de"),
        ("Notre site : phoneshop[.]fr", "phoneshop[.]fr"),
        ("Écrivez sur SHOP.COM", "SHOP.COM"),
    ],
)
def test_web_addresses_off_the_allow_list_are_found(reply: str, quote: str) -> None:
    only(reply, quote)


@pytest.mark.parametrize(
    "reply",
    [
        "See https://www.swapiphone.com/help for the return form.",
        "Aide : help.swapiphone.com/fr/retours",
        "Suivi : https://www.laposte.fr/outils/suivre-vos-envois?code=LA123456789FR",
        "Suivi Colissimo sur www.colissimo.fr ou chronopost.fr.",
        "Sendungsverfolgung: https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=00340434161094042557",
        "Tracking: https://www.ups.com/track?tracknum=1Z999AA10123456784",
        "Track it at www.royalmail.com/track-your-item#/tracking-results/AB123456789GB",
        "Śledzenie: https://inpost.pl/sledzenie-przesylek?number=520000011395200025754311",
        "Look at swapiphone.com for details.",
        "Suivi Relais Colis : relaiscolis.com, avec le code reçu par SMS.",
        "Tracking with Yodel: https://www.yodel.co.uk/tracking/JJD0002233445566",
        "Seuranta: matkahuolto.fi tai posti.fi.",
    ],
)
def test_allowed_web_addresses_pass(reply: str) -> None:
    assert check(reply) == []


def test_a_messenger_host_is_a_link_even_bare() -> None:
    only("Our channel: t.me", "t.me", "GB")


def test_an_address_written_in_title_case_is_still_found() -> None:
    only("Write to Shop@Phones.Com today.", "Shop@Phones.Com", "GB")


def test_default_allow_list_holds_the_platform_and_the_carriers() -> None:
    for domain in (
        "swapiphone.com",
        "laposte.fr",
        "colissimo.fr",
        "chronopost.fr",
        "dhl.com",
        "dhl.de",
        "ups.com",
        "fedex.com",
        "dpd.com",
        "gls-group.eu",
        "postnl.nl",
        "bpost.be",
        "correos.es",
        "poste.it",
        "ctt.pt",
        "anpost.ie",
        "royalmail.com",
        "usps.com",
        "postnord.se",
        "posti.fi",
        "elta.gr",
        "inpost.pl",
        # the markets' other carriers
        "relaiscolis.com",
        "dhl.at",
        "dpd.be",
        "dhlparcel.nl",
        "correosexpress.com",
        "gls-italy.com",
        "dpd.pt",
        "yodel.co.uk",
        "dpd.ie",
        "instabox.se",
        "budbee.com",
        "matkahuolto.fi",
        "boxnow.gr",
        "dpd.com.pl",
    ):
        assert domain in DEFAULT_ALLOWED_DOMAINS


def test_a_custom_allow_list_replaces_the_default() -> None:
    reply = "Infos sur www.myshop.fr/contact et https://www.swapiphone.com/help"
    own = ("myshop.fr",)
    assert check(reply, allowed_domains=own) == [found(reply, "https://www.swapiphone.com/help")]
    assert check(reply) == [found(reply, "www.myshop.fr/contact")]
    assert check(reply, allowed_domains=("https://www.MyShop.fr/", "swapiphone.com")) == []
    assert check(reply, allowed_domains=()) == [
        found(reply, "www.myshop.fr/contact"),
        found(reply, "https://www.swapiphone.com/help"),
    ]


def test_a_subdomain_of_an_allowed_domain_passes_but_a_lookalike_does_not() -> None:
    assert check("https://tracking.dpd.com/parcel/123", allowed_domains=("dpd.com",)) == []
    only("https://notdpd.com/parcel/123", "https://notdpd.com/parcel/123", allowed_domains=("dpd.com",))


# -- what is not contact must pass ------------------------------------------------------------------

NOT_CONTACT = (
    "order 4829103",
    "#FR-2026-118273",
    "IMEI 352099001761481",
    "IMEI 35 209900 176148 1",
    "1Z999AA10123456784",
    "LA123456789FR",
    "00340434161094042557",
    "129,99 €",
    "$499.00",
    "1 299 kr",
    "24/12/2026",
    "2026-12-24",
    "14:30",
    "24.12.2026",
    "A2633",
    "SM-G991B",
    "MLPF3ZD/A",
    "iPhone 13 Pro 256 GB",
    "iOS 17.2.1",
    "version 2.3.4",
    "photo.jpg",
    "https://www.swapiphone.com/help",
)


@pytest.mark.parametrize("market", MARKETS)
@pytest.mark.parametrize("item", NOT_CONTACT)
def test_numbers_that_are_not_phone_numbers_pass(market: str, item: str) -> None:
    assert check(item, market) == []
    assert check(f"Bonjour, {item}. Merci !", market) == []


@pytest.mark.parametrize(
    ("market", "reply"),
    [
        ("FR", "Votre commande n° 4829103 du 24.12.2026 à 14:30, montant 129,99 €, est expédiée."),
        ("FR", "Le colis est parti le 24/12/2026 à 14h30, numéro de suivi 6A12345678901."),
        ("FR", "Lettre de transport DHL 3456129870, suivi sur https://www.dhl.com/fr-fr/home/suivi.html"),
        ("DE", "Ihre Bestellung 1234567890 wurde am 2026-12-24 versandt, Sendungsnummer 00340434161094042557."),
        ("DE", "Die IMEI lautet 353 912 110 254 673 – bitte vergleichen Sie sie mit dem Karton."),
        ("IT", "L'IMEI del dispositivo è 354 879 110 452 367 e corrisponde alla fattura."),
        ("ES", "Su pedido 482910345 llegará el 24/12/2026."),
        ("PL", "Zamówienie nr 482910345 z dnia 24.12.2026, kwota 1 299,00 zł."),
        ("SE", "Pris: 1 299 999 kr, leverans 2026-12-24."),
        ("US", "Model A2633 / MLPF3ZD/A, 128 GB, iOS 17.2.1, battery 89%, 512 cycles, 146.7 x 71.5 x 7.65 mm."),
        ("GB", "Your order #FR-2026-118273 (ref 2026-118273) ships today."),
        ("US", "I have two iPhones, three cases and one charger."),
        ("FR", "Je vous envoie deux coques et un chargeur, livraison en trois à cinq jours."),
        ("FR", "Il reste six, sept, huit, neuf, dix jours."),
        ("US", "See IMG_1234.HEIC, report.pdf and backup.zip; e.g. Node.js, z.B. Mr.Smith, No.5, v2.3.4-beta."),
        ("US", "Shipped today.Best regards, Anna"),
        ("FR", "Merci.Il est parti ce matin."),
        ("NL", "Het punt is dat de levering één dag later komt."),
        ("PT", "Este ponto com o cliente está resolvido."),
        ("FR", "Du point de vue technique, tout est en ordre."),
        ("SE", "Org.nr 556677-8899, Tel.nr finns på kvittot."),
        # abbreviations, a postscript and a full stop without its space: no web or e-mail address
        ("PL", "Wysyłamy m.in. do Gdańska i Krakowa."),
        ("IT", "Il ritiro è in C.so Garibaldi 8, Torino."),
        ("PL", "Biuro mieści się w m.st. Warszawie."),
        ("GB", "Cheers.PS the box is in the parcel."),
        ("GB", "The courier picks up at noon.So please pack it today."),
        ("ES", "Un saludo a tod@s.Me alegra ayudar."),
        # numbers counting up: photos, pages, steps
        ("IT", "Vedi le foto 31, 32, 33, 34, 35."),
        ("ES", "Revise las fotos 9, 10, 11, 12, 13 y 14."),
        ("DE", "EAN 0194253401056, Art.nr 12345"),
        ("FR", "SIREN 123 456 789, SIRET 123 456 789 00012"),
        ("DE", "IBAN: DE89 3704 0044 0532 0130 00"),
        ("FR", "IBAN FR76 3000 6000 0112 3456 7890 189"),
        ("FR", "Colis n° 8R 123 456 789 0 remis au transporteur."),
        ("PL", "Numer zwrotu 482910345, paragon 2026/12/24."),
    ],
)
def test_ordinary_replies_full_of_numbers_pass(market: str, reply: str) -> None:
    assert check(reply, market) == []


# -- findings: positions, merging, order ------------------------------------------------------------


def test_overlapping_detections_are_one_finding() -> None:
    only("WhatsApp: +33 6 12 34 56 78", "WhatsApp: +33 6 12 34 56 78")
    only("écrivez à jean @ gmail.com", "jean @ gmail.com")


def test_several_contacts_are_reported_in_order() -> None:
    reply = "Appelez le 06 12 34 56 78, écrivez à jean.dupont@gmail.com ou voyez phoneshop.fr."
    assert check(reply) == [
        found(reply, "06 12 34 56 78"),
        found(reply, "jean.dupont@gmail.com"),
        found(reply, "phoneshop.fr"),
    ]


def test_positions_hold_with_characters_whose_lower_case_is_longer() -> None:
    reply = "İİİ Appelez le 06 12 34 56 78 ou jean@gmail.com İ"
    assert check(reply) == [found(reply, "06 12 34 56 78"), found(reply, "jean@gmail.com")]


def test_empty_and_blank_replies_have_no_findings() -> None:
    assert check("") == []
    assert check(" \n\t ") == []


def test_the_check_fits_the_screening_check_type() -> None:
    from rules.screening import Check

    as_check: Check = check_off_platform_contact
    assert as_check("Merci pour votre commande.", context("FR")) == []


# -- properties ---------------------------------------------------------------------------------------

FRAGMENTS = st.sampled_from(
    [
        " ",
        "\n",
        ", ",
        ". ",
        "06",
        "12",
        "34",
        " 56 78",
        "+33",
        "(0)",
        "0033",
        "-",
        ".",
        "/",
        "@",
        "＠",
        " at ",
        " (at) ",
        " dot ",
        " point ",
        "gmail",
        "com",
        "fr",
        "www",
        "http://",
        "https://",
        "swapiphone.com",
        "laposte.fr",
        "zéro",
        "six",
        "douze",
        "un",
        "une",
        "neuf",
        "O6",
        "l2",
        "İ",
        "ß",
        "Σ",
        "ς",
        "é",
        "\u0301",
        "\u200b",
        "ﬃ",
        "WhatsApp",
        "insta",
        "me on ",
        "add ",
        "X",
        ": ",
        "shop_phones",
        "IMEI",
        "commande",
        "24/12/2026",
        "129,99 €",
        "#",
        "FR-",
    ]
)


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(st.text(max_size=300), st.lists(FRAGMENTS, max_size=40).map("".join)),
    st.sampled_from(MARKETS + ("", "XX")),
)
def test_findings_always_quote_the_reply(reply: str, market: str) -> None:
    findings = check_off_platform_contact(reply, ReplyContext(languages=("en",), market=market))
    assert_well_formed(reply, findings)


# -- purity: no network, no files ---------------------------------------------------------------------


def test_the_check_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("rules.screening.contact must not use the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "gethostbyname", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    reply = "Voir https://evil.com et www.phoneshop.fr, appelez le 06 12 34 56 78 ou jean@gmail.com"
    assert [f.text for f in check(reply)] == [
        "https://evil.com",
        "www.phoneshop.fr",
        "06 12 34 56 78",
        "jean@gmail.com",
    ]


def test_the_url_extractor_uses_the_shipped_tld_list_and_never_updates() -> None:
    shipped = Path(str(resources.files("urlextract").joinpath("data", "tlds-alpha-by-domain.txt")))
    extractor = contact_urls._URL_EXTRACTOR
    assert Path(extractor._get_cache_file_path()) == shipped
    for update in (extractor.update, lambda: extractor.update_when_older(0)):
        with pytest.raises(RuntimeError):
            update()
    assert {".com", ".fr", ".de", ".pl", ".gr"} <= contact_urls._TLDS_DOTTED


# -- speed -------------------------------------------------------------------------------------------


def test_typical_replies_take_well_under_a_millisecond_on_average() -> None:
    replies = [
        "Bonjour, merci pour votre message. Le téléphone est bien compatible avec WhatsApp. Cordialement.",
        "Bonjour, votre commande 4829103 du 24/12/2026 (129,99 €) est partie avec Colissimo, suivi LA123456789FR : "
        "https://www.laposte.fr/outils/suivre-vos-envois?code=LA123456789FR. IMEI 35 209900 176148 1.",
        "Hello, your iPhone 13 Pro 256 GB (A2633) ships today with UPS, tracking 1Z999AA10123456784. Kind regards.",
        "Bonjour, appelez-moi au 06 12 34 56 78 ou écrivez à jean.dupont@gmail.com. Merci",
    ]
    ctx = context("FR")
    for reply in replies:  # warm up
        check_off_platform_contact(reply, ctx)
    rounds = 50
    started = time.perf_counter()
    for _ in range(rounds):
        for reply in replies:
            check_off_platform_contact(reply, ctx)
    average = (time.perf_counter() - started) / (rounds * len(replies))
    assert average < 0.005, f"{average * 1e6:.0f} µs a reply"


@pytest.mark.parametrize(
    ("market", "reply", "quote"),
    [
        ("DE", "Rufen Sie einfach 0176 23456789 an.", "0176 23456789"),  # "ein" is no reference word here
        ("ES", "Mis cifras: 612 345 678.", "612 345 678"),  # nor "cif"
        ("ES", "Usted 612 345 678 llame cuando quiera.", "612 345 678"),  # nor "ust"
    ],
)
def test_a_short_reference_word_is_not_read_inside_a_longer_word(market: str, reply: str, quote: str) -> None:
    assert check_off_platform_contact(reply, context(market)) == [found(reply, quote)]


@pytest.mark.parametrize(
    ("market", "reply"),
    [("DE", "Bestellnummer 0176 23456789 ist unterwegs."), ("FR", "Commandes 0612345678 expédiée hier.")],
)
def test_a_long_reference_word_still_takes_its_ending(market: str, reply: str) -> None:
    assert check_off_platform_contact(reply, context(market)) == []


@pytest.mark.parametrize(
    ("market", "reply"),
    [
        ("US", "Tickets still open: 415, 837, 2946."),
        ("ES", "Pedidos pendientes: 612, 938, 475."),
        ("PL", "Numery zamówień do wysłania: 601, 847, 293."),
        ("GR", "Κωδικοί προϊόντων: 694, 728, 3915."),
        ("DE", "Offene Vorgänge: 0176, 2938, 4715."),
        # charge cycles, units, battery health; the label anywhere in the clause before the colon
        ("IT", "Cicli di ricarica dei due pezzi: 328, 301, 4470."),
        ("IT", "Unità controllate: 331, 245, 8890."),
        ("ES", "Salud de las baterías: 91, 88, 86; ciclos de los tres: 612, 301, 415."),
    ],
)
def test_a_list_of_numbers_after_its_label_is_that_list(market: str, reply: str) -> None:
    assert check_off_platform_contact(reply, context(market)) == []


@pytest.mark.parametrize(
    ("market", "reply", "quote"),
    [
        ("FR", "Pour la commande, voici mon numéro : 06, 12, 34, 56, 78.", "06, 12, 34, 56, 78"),
        ("ES", "Llámame: 612, 938, 475.", "612, 938, 475"),
        ("ES", "Para dudas sobre el pedido, mi móvil: 612, 938, 475.", "612, 938, 475"),
        # no label at all: "photo" is none, nor a clause holding an order's number, nor a leading zero a count
        ("FR", "Pour les photos, appelez le 06, 12, 34, 56, 78.", "06, 12, 34, 56, 78"),
        ("FR", "Pour la commande 4711 : 06, 12, 34, 56, 78.", "06, 12, 34, 56, 78"),
        ("FR", "Mon numéro : 06 07 08 09 10.", "06 07 08 09 10"),
    ],
)
def test_a_phone_word_after_the_label_makes_the_list_a_number_again(market: str, reply: str, quote: str) -> None:
    assert check_off_platform_contact(reply, context(market)) == [found(reply, quote)]


def test_sending_a_message_on_a_network_is_an_invitation() -> None:
    reply = "Envoyez un message sur WhatsApp, je réponds vite."
    only(reply, "Envoyez un message sur WhatsApp", "FR")
    assert check("Envoyez la photo de la facture ici, pas sur WhatsApp.", "FR") == []

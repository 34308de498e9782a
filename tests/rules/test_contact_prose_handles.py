"""R2.1 messenger and social handles written in prose (issue 21, point 5).

Determined sellers name the network in the market's language, inflected or in Greek script, and
write the handle as a word of the sentence ("Bei TikTok bin ich der handy_michi_wien"), or ask the
buyer to look a page up by name ("Sök upp Mobilhörnan Luleå på Facebook"). These replies are fresh
(not taken from the evasion corpus). Each expected quote is written from the reply itself, and every
finding must quote the reply exactly (``text == reply[start:end]``): the seller is shown that text.

The hard negatives must pass: a network named as a feature, "signal" the ordinary word, "snap" and
"messenger" as things, "insta" inside "installer", file names, versions, model numbers, settings
quoted from an app, a buyer who came through an advert.
"""

from __future__ import annotations

import pytest
from contact_checks import check, only

from rules.screening.contact.handles import _messenger_spans

# -- a handle in the sentence of a network's name -------------------------------------------------------


@pytest.mark.parametrize(
    ("market", "reply", "quote"),
    [
        # fr
        (
            "FR",
            "Pour les promos, retrouvez-moi sur Insta : le compte s'appelle atelier.smartphone.nice.",
            "retrouvez-moi sur Insta : le compte s'appelle atelier.smartphone.nice",
        ),
        (
            "FR",
            "Je réponds plus vite sur Télégram, mon pseudo c'est julien_reconditionne.",
            "Télégram, mon pseudo c'est julien_reconditionne",
        ),
        (
            "FR",
            "Sur Télégram, je suis connu comme reparation_mobile_lille.",
            "Télégram, je suis connu comme reparation_mobile_lille",
        ),
        # de
        (
            "DE",
            "Auf Instagram heißen wir handydoktor.koeln, schau mal vorbei.",
            "Instagram heißen wir handydoktor.koeln",
        ),
        ("AT", "Per Telegramm bin ich als phone_doc_graz erreichbar.", "Telegramm bin ich als phone_doc_graz"),
        (
            "DE",
            "Bei Snapchat bin ich die jana.handyshop, da zeig ich dir mehr Fotos.",
            "Snapchat bin ich die jana.handyshop",
        ),
        ("DE", "Im Facebook-Messenger heiße ich lukas.handyfix.", "Facebook-Messenger heiße ich lukas.handyfix"),
        # nl
        (
            "NL",
            "Skypen kan ook, mijn naam daar is ruben.telefoonhuis.",
            "Skypen kan ook, mijn naam daar is ruben.telefoonhuis",
        ),
        ("NL", "Via Snap ben ik bereikbaar als lotte.telefoons.", "Snap ben ik bereikbaar als lotte.telefoons"),
        # es
        (
            "ES",
            "Mi usuario de Telegram es moviles_baratos_vigo, háblame ahí.",
            "Telegram es moviles_baratos_vigo",
        ),
        (
            "ES",
            "Por wasap no, pero en Instagram soy moviles.luna.cadiz.",
            "Instagram soy moviles.luna.cadiz",
        ),
        # it
        ("IT", "Su TikTok mi chiamo gianni.smartphone, seguimi.", "TikTok mi chiamo gianni.smartphone"),
        # pt
        (
            "PT",
            "No Instagram somos loja.telemovel.braga, mande mensagem.",
            "Instagram somos loja.telemovel.braga",
        ),
        ("PT", "Estamos no TikTok como reparacoes_lisboa_2.", "TikTok como reparacoes_lisboa_2"),
        # en: the handle before the name, "the gram"
        ("GB", "We're mobile.doctor.leeds on Insta, drop us a DM.", "mobile.doctor.leeds on Insta"),
        ("US", "I'm sam_fixes_phones on Snapchat if that's easier.", "sam_fixes_phones on Snapchat"),
        ("IE", "Look us up on the gram, we're fixit_dublin.", "us up on the gram, we're fixit_dublin"),
        # sv
        ("SE", "På TikTok heter vi mobilfixarna.malmo.", "TikTok heter vi mobilfixarna.malmo"),
        (
            "SE",
            "På Snapchat heter jag elin.mobilfix, snappa mig så visar jag luren.",
            "Snapchat heter jag elin.mobilfix, snappa mig",
        ),
    ],
)
def test_a_handle_written_as_a_word_of_the_sentence_is_found(market: str, reply: str, quote: str) -> None:
    only(reply, quote, market)


# -- inflected names: Finnish and Polish cases, German and Spanish spellings ---------------------------


@pytest.mark.parametrize(
    ("market", "reply", "quote"),
    [
        # fi
        ("FI", "Viberissä olen jussi.puhelin.72.", "Viberissä olen jussi.puhelin.72"),
        ("FI", "Skypessä olen mikko.korjaus, soita vaikka illalla.", "Skypessä olen mikko.korjaus"),
        ("FI", "Messengerissä olen anna.puhelimet.", "Messengerissä olen anna.puhelimet"),
        (
            "FI",
            "Olen Telegramissa, käyttäjätunnus on korjaamo_espoo.",
            "Telegramissa, käyttäjätunnus on korjaamo_espoo",
        ),
        ("FI", "Laita viestiä Wätsäpissä, nimi on kalle.korjaa.", "Wätsäpissä, nimi on kalle.korjaa"),
        (
            "FI",
            "Löydät meidät Instasta nimellä kannykka.pori.",
            "Löydät meidät Instasta nimellä kannykka.pori",
        ),
        (
            "FI",
            "TikTokissa meidät löytää nimellä puhelin.jyvaskyla.",
            "TikTokissa meidät löytää nimellä puhelin.jyvaskyla",
        ),
        # pl
        ("PL", "Na Skypie jestem tomek.serwis.gsm.", "Skypie jestem tomek.serwis.gsm"),
        ("PL", "Na Viberze jestem jako adam_gsm_poznan.", "Viberze jestem jako adam_gsm_poznan"),
        ("PL", "Na Messengerze jestem ewa.telefony.wroclaw.", "Messengerze jestem ewa.telefony.wroclaw"),
        ("PL", "Na Snapie jestem kuba_gsm_lodz, pokażę telefon.", "Snapie jestem kuba_gsm_lodz"),
        ("PL", "Na Fejsie jesteśmy jako gsm.naprawa.torun.", "Fejsie jesteśmy jako gsm.naprawa.torun"),
        ("PL", "Jestem na TikToku jako naprawa.telefonow.opole.", "TikToku jako naprawa.telefonow.opole"),
        (
            "PL",
            "Napisz do mnie na Whatsappie, jestem jako serwis_gsm_lublin.",
            "Napisz do mnie na Whatsappie, jestem jako serwis_gsm_lublin",
        ),
        ("PL", "Proszę do mnie pisać na wacapie, to szybciej.", "mnie pisać na wacapie"),
        # invitations with local spellings
        ("ES", "Escríbeme por guasap, que contesto rápido.", "Escríbeme por guasap"),
        ("NL", "App me even, dan stuur ik de foto's.", "App me"),
        ("NL", "Op Snapchat heet ik daan.gsm, snap me gerust.", "Snapchat heet ik daan.gsm, snap me"),
    ],
)
def test_inflected_and_local_names_are_read(market: str, reply: str, quote: str) -> None:
    only(reply, quote, market)


# -- Greek script, whatever the accents and the case --------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "quote"),
    [
        ("Στο Σκάιπ είμαι giorgos.tech.patra, κάνουμε βιντεοκλήση.", "Σκάιπ είμαι giorgos.tech.patra"),
        ("Στο ΣΚΆΙΠ είμαι giorgos.tech.patra, κάνουμε βιντεοκλήση.", "ΣΚΆΙΠ είμαι giorgos.tech.patra"),
        ("Στο σκαιπ είμαι giorgos.tech.patra.", "σκαιπ είμαι giorgos.tech.patra"),
        ("Στο Βατσαπ είμαι ως eleni_kinita_kriti.", "Βατσαπ είμαι ως eleni_kinita_kriti"),
        ("Στο Γουότσαπ είμαι ως eleni_kinita_kriti.", "Γουότσαπ είμαι ως eleni_kinita_kriti"),
        ("Στείλτε μας στο Βάϊμπερ, είμαστε kinita_rodos.", "Στείλτε μας στο Βάϊμπερ, είμαστε kinita_rodos"),
        ("Ακολουθήστε μας στο ΤίκΤοκ ως kinita.chania.", "Ακολουθήστε μας στο ΤίκΤοκ ως kinita.chania"),
        ("Στο Σίγκναλ είμαι dimitris.kin.44.", "Σίγκναλ είμαι dimitris.kin.44"),
        ("Στο Ίνστα είμαστε kinita.volos.", "Ίνστα είμαστε kinita.volos"),
        ("Στο ΙΝΣΤΑ είμαστε kinita.volos.", "ΙΝΣΤΑ είμαστε kinita.volos"),
        ("Στο Ινσταγκραμ είμαστε kinita.thessaloniki, στείλτε μήνυμα.", "Ινσταγκραμ είμαστε kinita.thessaloniki"),
        ("ΣΤΟ ΤΕΛΕΓΚΡΑΜ ΕΙΜΑΙ nikos_gsm_patra, γράψτε μου εκεί.", "ΤΕΛΕΓΚΡΑΜ ΕΙΜΑΙ nikos_gsm_patra"),
        ("Στο Σνάπ είμαι ο manos.fixphone.", "Σνάπ είμαι ο manos.fixphone"),
        (
            "Στο ΦΈΙΣΜΠΟΥΚ μας βρίσκετε ως «Κινητά Λάρισα».",
            "ΦΈΙΣΜΠΟΥΚ μας βρίσκετε ως «Κινητά Λάρισα»",
        ),
    ],
)
def test_greek_script_names_are_read_with_any_accent(reply: str, quote: str) -> None:
    only(reply, quote, "GR")


# -- "find us" after the name, and page names after a search invitation ----------------------------------


@pytest.mark.parametrize(
    ("market", "reply", "quote"),
    [
        (
            "ES",
            "En Instagram nos encontrarás como reparamoviles.sevilla.",
            "Instagram nos encontrarás como reparamoviles.sevilla",
        ),
        (
            "IT",
            "Su Instagram ci trovi come usato.garantito.napoli.",
            "Instagram ci trovi come usato.garantito.napoli",
        ),
        ("SE", "Du hittar oss på Instagram som mobilverkstan.gbg.", "hittar oss på Instagram som mobilverkstan.gbg"),
        ("DE", "Auf Telegramm findest du mich als refurb_kai_bonn.", "Telegramm findest du mich als refurb_kai_bonn"),
        (
            "PL",
            "Znajdziesz nas na Fejsie jako Serwis Telefonów Kraków.",
            "Znajdziesz nas na Fejsie jako Serwis Telefonów Kraków",
        ),
        (
            "GB",
            'Search for "Phone Clinic Bristol" on Facebook and send the page a message.',
            'Search for "Phone Clinic Bristol" on Facebook',
        ),
        ("SE", "Sök upp Telefonkliniken Umeå på Facebook.", "Sök upp Telefonkliniken Umeå på Facebook"),
        ("FI", "Etsi Instagramista Puhelinhuolto Oulu ja lähetä viesti.", "Etsi Instagramista Puhelinhuolto Oulu"),
        (
            "DE",
            "Suchen Sie auf Facebook nach „Handy-Ambulanz Kiel“.",
            "Suchen Sie auf Facebook nach „Handy-Ambulanz Kiel“",
        ),
        (
            "IT",
            "Cercateci su Facebook come Cellulari Da Mario Bari.",
            "Cercateci su Facebook come Cellulari Da Mario Bari",
        ),
        (
            "ES",
            "Busca en Facebook la página 'Móviles Paco Málaga' y escríbenos.",
            "Busca en Facebook la página 'Móviles Paco Málaga'",
        ),
        (
            "PT",
            "Procure no Facebook por 'Telemóveis do Rui Évora'.",
            "Procure no Facebook por 'Telemóveis do Rui Évora'",
        ),
        (
            "FR",
            "Sur Messenger, cherchez « Réparation Mobile Brest » et écrivez-nous.",
            "Messenger, cherchez « Réparation Mobile Brest »",
        ),
        ("NL", "Zoek ons op TikTok als gsmdokter.breda.", "Zoek ons op TikTok als gsmdokter.breda"),
        (
            "GR",
            "Βρείτε μας στο Φεισμπουκ ως «Service Κινητών Πάτρα».",
            "Βρείτε μας στο Φεισμπουκ ως «Service Κινητών Πάτρα»",
        ),
        (
            "GR",
            "Αναζητήστε στο Φέισμπουκ «Κινητά Νίκος Πάτρα» και στείλτε μας μήνυμα.",
            "Αναζητήστε στο Φέισμπουκ «Κινητά Νίκος Πάτρα»",
        ),
    ],
)
def test_find_us_and_page_names_after_a_search_invitation_are_found(market: str, reply: str, quote: str) -> None:
    only(reply, quote, market)


# -- hard negatives -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("market", "reply"),
    [
        # the network as a feature, "signal" the ordinary word
        ("GB", "The phone supports WhatsApp and Signal, both tested."),
        ("US", "WhatsApp works after the iOS 17.2 update, I checked it this morning."),
        ("FR", "Le signal est faible au sous-sol, ce n'est pas un défaut du téléphone."),
        ("SE", "Signalstyrkan är bra och WhatsApp fungerar."),
        ("PL", "Sygnał jest dobry, Messenger działa bez problemu."),
        ("GB", "Signal strength: good. Build: UP1A.231005.007. WhatsApp: works."),
        ("GR", "Το σήμα είναι καλό και το Βάιμπερ δουλεύει."),
        ("GR", "Στο Βάτσαπ η κάμερα δουλεύει, το δοκίμασα χθες."),
        ("FI", "Facebookissa ja Instagramissa kamera toimii hyvin."),
        ("DE", "Auf Instagram funktioniert die Kamera einwandfrei."),
        # X, insta, snap and messenger inside other words or as things
        ("US", "This is the iPhone X, not the XS; the X in iPhone X is the Roman ten."),
        ("FR", "Il installe WhatsApp et Instagram tout seul, l'installation est instantanée."),
        ("ES", "La instalación de Instagram es instantánea."),
        ("NL", "Wij kunnen instaan voor de kwaliteit, WhatsApp werkt ook."),
        ("GB", "The snap-on case is included, the messenger bag is not."),
        ("NL", "Ik snap het, de telefoon gaat morgen retour."),
        ("GB", "Can you snap me a photo of the IMEI label? Reply here please."),
        ("GB", "Download the app, me and the team will check the logs here."),
        # handle-shaped things that are not handles
        ("GB", "I sent the photo IMG_2041.jpg via WhatsApp to our technician."),
        ("GB", "Your backup msgstore-2024-03-01.1.db.crypt14 is in the WhatsApp folder."),
        ("GB", "Instagram shows error feedback_required, that's a server issue, not the phone."),
        ("GB", "Check the Facebook app under Settings > Apps > com.facebook.katana."),
        ("DE", "Das Galaxy S21 (SM-G991B) hat Version 17.2.1 nicht, aber WhatsApp läuft."),
        ("GB", "Instagram works, I'm happy.thanks for your patience."),
        ("DE", "Ich bin im Urlaub.ab Montag teste ich WhatsApp nochmal."),
        ("DE", "Unsere Adresse ist Hermann-Blenk-Straße 22, Telegram und WhatsApp laufen."),
        ("NL", "WhatsApp-gesprekken getest op het wifi-netwerk Winkel_Gasten."),  # a Wi-Fi network
        # a buyer who came through an advert or found the seller there
        ("GB", "You found us through an Instagram ad, thanks! The phone ships tomorrow."),
        ("SE", "Ni hittade oss via en annons på Facebook? Tack!"),
        ("PL", "Znaleźli nas Państwo przez reklamę na Facebooku? Dziękujemy!"),
        ("GR", "Μας βρήκατε στο Φέισμπουκ; Ευχαριστούμε, η παραγγελία επιβεβαιώθηκε."),
        ("DE", "Sie haben uns auf Facebook gesehen? Danke, die Bestellung ist bestätigt."),
        ("GB", "Most buyers on Facebook find us through word of mouth."),
        # search invitations for a topic or a setting, not a page
        ("GB", "Search for WhatsApp in the App Store and reinstall it."),
        ("GB", "Search for reviews on Facebook if you want, we have many happy buyers."),
        ("DE", "Suchen Sie auf Facebook nach Bewertungen, wir haben viele zufriedene Kunden."),
        ("GB", "On Instagram, search for 'Account Center' in the settings menu."),
        ("FR", "Sur Instagram, cherchez « Espace comptes » dans les paramètres."),
        ("FI", "Etsi WhatsAppista kohta Asetukset ja varmuuskopioi."),
        ("IT", "Su Facebook cerca 'Impostazioni e privacy' per scollegare il vecchio telefono."),
        ("NL", "Zoek op Instagram naar 'Accountinstellingen' om uit te loggen."),
        ("PL", "Na Instagramie wyszukaj 'Ustawienia konta'."),
        ("SE", "Sök efter 'Lösenord och säkerhet' på Facebook."),
        ("FI", "Etsi Instagramista kohta Tietosuoja."),
        ("SE", "Sök upp WhatsApp i App Store och uppdatera."),
        # "find" not in the present, or negated
        ("ES", "En WhatsApp no me encuentras, escríbeme aquí por favor."),
    ],
)
def test_mentions_and_handle_shaped_words_pass(market: str, reply: str) -> None:
    assert check(reply, market) == []


def test_spans_are_read_from_the_lower_cased_reply_and_quote_the_original() -> None:
    reply = "Bei TikTok bin ich der Handy_Michi_Wien, schreib mir dort."
    spans = _messenger_spans(reply.lower(), [])
    assert [reply[start:end] for start, end in spans] == ["TikTok bin ich der Handy_Michi_Wien"]

"""R2.1 against addresses written to slip past a pattern (issue 21): letter-spaced e-mail and web
addresses, addresses in words with commas and underscores, messenger app links and Skype ids.

The replies are written fresh for these tests (not taken from tests/data/evasion_corpus.jsonl,
which measures the detector; these pin its behaviour). Each expected finding is the quote of the
reply that holds the address, exactly as written (``reply.index(quote)``).
"""

from __future__ import annotations

import pytest
from contact_checks import quotes

from rules.screening.contact.spacing import close_up

LETTER_SPACED = [
    ("FR", "Pour le devis : m a r c . f i x @ o r a n g e . f r merci", "m a r c . f i x @ o r a n g e . f r"),
    ("DE", "Schreib an j-o-n-a-s-@-g-m-x-.-d-e bitte", "j-o-n-a-s-@-g-m-x-.-d-e"),
    ("NL", "Mail: d/a/a/n @ z/i/g/g/o . n/l graag", "d/a/a/n @ z/i/g/g/o . n/l"),
    ("IT", "Scrivi a  l u c a  @  l i b e r o  .  i t  grazie", "l u c a  @  l i b e r o  .  i t"),
    ("ES", "Correo p a c o arroba g m a i l punto e s gracias", "p a c o arroba g m a i l punto e s"),
    ("PL", "Adres: o.l.a.s.e.r.w.i.s@o.n.e.t.p.l, dziękuję", "o.l.a.s.e.r.w.i.s@o.n.e.t.p.l"),
    ("SE", "Kolla w w w . m o b i l f i x a r n . s e idag", "w w w . m o b i l f i x a r n . s e"),
    ("FI", "Sivu: p u h e l i n p a j a piste f i, tervetuloa", "p u h e l i n p a j a piste f i"),
    ("GR", "Γράψτε στο n i k o s @ o t e n e t . g r σήμερα", "n i k o s @ o t e n e t . g r"),
    ("PT", "Escreva para r u i @ s a p o . p t e pronto", "r u i @ s a p o . p t"),
]


@pytest.mark.parametrize(("market", "reply", "quote"), LETTER_SPACED)
def test_letter_spaced_addresses_are_read_closed_up(market: str, reply: str, quote: str) -> None:
    assert quotes(reply, market) == [quote]


WRITTEN_OUT = [
    ("FR", "Écrivez à paul point durand chez sfr point fr, merci.", "paul point durand chez sfr point fr"),
    ("FR", "Mon mail : lea tiret bas phone arobase gmail, point com.", "lea tiret bas phone arobase gmail, point com"),
    ("DE", "Mail: tim Unterstrich handy at-Zeichen gmx Punkt de", "tim Unterstrich handy at-Zeichen gmx Punkt de"),
    (
        "IT",
        "Mail: gino punto verdi, chiocciola, tiscali punto it. Grazie",
        "gino punto verdi, chiocciola, tiscali punto it",
    ),
    (
        "SE",
        "Mejla lisa understreck fix kanelbulle hotmail punkt se",
        "lisa understreck fix kanelbulle hotmail punkt se",
    ),
    ("GR", "Email: eleni papaki yahoo teleia gr", "eleni papaki yahoo teleia gr"),
    ("PL", "Mail: ewa kropka nowak, małpa, wp kropka pl. Dzięki", "ewa kropka nowak, małpa, wp kropka pl"),
]


@pytest.mark.parametrize(("market", "reply", "quote"), WRITTEN_OUT)
def test_addresses_in_words_with_commas_and_underscores_are_found(market: str, reply: str, quote: str) -> None:
    assert quotes(reply, market) == [quote]


APP_LINKS = [
    ("FR", "Depuis le mobile : whatsapp://send?phone=33612345678.", "whatsapp://send?phone=33612345678"),
    ("DE", "Öffne viber://chat?number=%2B4915112345678 am Handy", "viber://chat?number=%2B4915112345678"),
    ("NL", "Open tg://resolve?domain=gsm_jan, dan praten we verder", "tg://resolve?domain=gsm_jan"),
    ("GB", "Or sgnl://signal.me/#p/+447700900123 if you prefer", "sgnl://signal.me/#p/+447700900123"),
    ("IT", "Il mio id è live:.cid.0a1b2c3d4e5f6071 per la videochiamata", "live:.cid.0a1b2c3d4e5f6071"),
    ("BE", "Le lien : wa point me slash 32470123456, à tout de suite", "wa point me slash 32470123456"),
    ("ES", "Mi dominio es hotmail.es; el usuario ya lo tienes", "hotmail.es"),
]


@pytest.mark.parametrize(("market", "reply", "quote"), APP_LINKS)
def test_messenger_links_and_skype_ids_are_found(market: str, reply: str, quote: str) -> None:
    assert quotes(reply, market) == [quote]


CLEAN = [
    ("FR", "Il y a un point sur l'écran, chez nous point de vue garantie tout est couvert."),
    ("FR", "Le colis part de chez nous. Point final, il arrive lundi."),
    ("FR", "Oui, c'est l'iPhone 12 : A B C D sont les grades, le vôtre est A."),
    ("DE", "Die Abkürzung z. B. steht für zum Beispiel, u. a. auch."),
    ("SE", "Du kan sms:a mig här i chatten, eller ringa via plattformen."),
    ("GB", "Live: the tracking page updates every hour, e.g. after the depot scan."),
    ("ES", "Talla S M L XL no aplica; el móvil es de 128 GB."),
    ("IT", "Il telefono è in classe A, cioè come nuovo; a b c sono le classi."),
    ("NL", "Versie 1.2.3 van de app werkt, zie de handleiding p. 4."),
    # the closed-up "ABCD" is not the name of an address at "muni.ch"
    ("GB", "We sort phones into A B C D at Munich, then ship."),
    # a spoken "dot" before an English word that is also a TLD, the clause going on
    ("GB", "A small black dot in the corner of the camera is dust."),
    ("US", "The red dot at the top of the screen means recording."),
]


@pytest.mark.parametrize(("market", "reply"), CLEAN)
def test_ordinary_spaced_letters_and_words_pass(market: str, reply: str) -> None:
    assert quotes(reply, market) == []


def test_a_spoken_dot_before_a_word_that_ends_the_clause_is_an_address() -> None:
    assert quotes("Our shop is phonefix dot it.", "GB") == ["phonefix dot it"]


def test_closing_up_keeps_the_way_back_to_what_was_written() -> None:
    reply = "x  a b c d  @  e f . g h"
    closed = close_up(reply)
    assert closed is not None
    assert closed.text == "x abcd @ ef.gh"
    assert "".join(reply[i] for i in closed.origin) == closed.text  # every character from its own
    assert [closed.text[s:e] for s, e in closed.long_runs] == ["abcd", "ef.gh"]


def test_a_reply_without_a_long_run_is_not_read_twice() -> None:
    assert close_up("il y a 2 jours, à a b") is None

"""The words of messenger contact (R2.1) after a network's name in the market languages, as ``handles``
reads them: "me" after a name used as a verb ("WhatsApp me", "snappa mig") and the words that may
follow it, the articles that make "app"/"snap" a noun, the copulas and fillers between a name and
its handle or number ("my Skype is shop.phones", "WhatsApp number is ...", "Skype ID: ..."), and
what is never a handle (a status word: "WhatsApp: OK"; an app's package name).

The names themselves are in ``network_names``, the words of an invitation before a name in
``contact_verbs`` and ``invitation_words``, the words around a handle in prose in
``prose_handle_words``, those around a page name in ``page_name_words``. Data only; every entry is
lower case, as the reply is read lower-cased."""

from __future__ import annotations

from rules.screening.contact.phone_words import NUMBER_NOUNS

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

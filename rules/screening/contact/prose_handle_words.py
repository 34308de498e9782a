"""The words around a handle written in prose (R2.1, issue 21; ``prose_handles``) in the market
languages: what introduces a token as a name, what makes it a code, a file, a web address or two
sentences run together. Data only; every entry is lower case, as the reply is read lower-cased."""

from __future__ import annotations

# "As" in the market languages: it introduces a name, a handle in prose ("Insta: als
# reco.iphone.bordeaux") as a page name after a network ("Búscanos en Facebook como ...",
# ``page_name_words.PAGE_NAME_CUES``).
AS_WORDS = ("as", "als", "comme", "como", "come", "som", "nimellä", "ως", "σαν", "jako")

# Cues that name a person or page outright ("heiße ich marco-weber-handyreparatur"): only these
# introduce a hyphenated handle, which otherwise reads as a compound ("Dual-SIM-Karte").
NAMING_WORDS = (
    "called",
    "named",
    "name",
    "username",
    "handle",
    "appelle",
    "pseudo",
    "nom",
    "heiße",
    "heiß",  # spoken: "auf Insta heiß ich …"
    "heisse",
    "heißen",
    "heissen",
    "nutzername",
    "benutzername",
    "heet",
    "heten",
    "gebruikersnaam",
    "naam",
    "llamo",
    "llamamos",
    "nombre",
    "usuario",
    "chiamo",
    "nome",
    "chamo",
    "heter",
    "användarnamn",
    "namn",
    "nimellä",
    "nimi",
    "käyttäjätunnus",
    "λέγομαι",
    "ονομάζομαι",
    "όνομα",
    "nazywam",
    "nazwa",
    "nazwę",
)

# Words right before a handle (within three words) that introduce it as a name: "as" (AS_WORDS), a
# naming word (NAMING_WORDS), "I'm", "bin ich (der)", "me llamo", "jag heter", "olen", "είμαι",
# "jestem", search verbs ("Cherchez phoneoccasion.rennes sur Facebook"), and account words ("le
# compte", "Nutzername"). Plain third-person copulas ("is", "c'est") are not here: "... is
# fine.thanks" (a missing space) would read as a handle.
NAME_CUES = (
    *AS_WORDS,
    *NAMING_WORDS,
    # en
    "i'm",
    "i’m",
    "am",
    "we're",
    "we’re",
    "user",
    "nick",
    "nickname",
    "name's",
    "account",
    "profile",
    "search",
    "type",
    # fr
    "suis",
    "sommes",
    "compte",
    "identifiant",
    "profil",
    "cherchez",
    "recherchez",
    "tapez",
    "tapant",
    # de
    "bin",
    "sind",
    "konto",
    "suchen",
    "sucht",
    # nl
    "ben",
    "profiel",
    "zoek",
    # es
    "soy",
    "somos",
    "perfil",
    "cuenta",
    "busca",
    "busque",
    # it
    "sono",
    "siamo",
    "chiamiamo",
    "utente",
    "profilo",
    "cerca",
    "cercate",
    # pt
    "sou",
    "chamamos",
    "utilizador",
    "usuário",
    "conta",
    "procure",
    "procura",
    "pesquise",
    # sv
    "sök",
    # fi
    "olen",
    "olemme",
    "tunnus",
    "käyttäjänimi",
    "profiili",
    "etsi",
    "hae",
    # el
    "είμαι",
    "ειμαι",
    "είμαστε",
    "ειμαστε",
    "λεγομαι",
    "ονομα",
    "προφίλ",
    "προφιλ",
    "αναζητήστε",
    "ψάξτε",
    # pl
    "jestem",
    "jesteśmy",
    "login",
    "szukaj",
    "wyszukaj",
)

# Words that make a dotted token two sentences run together ("happy.thanks", "ok.merci",
# "holiday.back", "fine.the"): greetings, thanks, and the words a sentence most often begins with.
NOT_HANDLE_PARTS = frozenset(
    "thanks thank thx regards bye hello hi hey ok okay yes no please sorry best cheers back see "
    "the a an and but so if i we you it he she they this that there my our your also then today tomorrow "
    "merci cordialement salut bonjour bonsoir oui non svp je nous vous il elle ils on le la les un une "
    "et mais si ce cette aussi puis demain "
    "danke dank gruss grüße lg mfg hallo ja nein bitte ich wir sie er es das der die ein eine und aber "
    "auch dann morgen heute ab am im um an in zu mit für von bei nach "
    "bedankt groeten groet dag doei graag ik jij u het een en maar ook dan morgen vandaag "
    "gracias saludos hola adios vale yo nosotros usted el los las una y pero también luego mañana hoy "
    "grazie saluti ciao buongiorno io noi lei lo gli e ma anche poi domani oggi "
    "obrigado obrigada cumprimentos olá tchau eu nós você o os um uma mas também depois amanhã hoje "
    "tack hälsningar hej mvh jag vi du han hon det den ett och men också sedan imorgon idag "
    "kiitos terveisin moi hei minä me te hän se ne ja mutta myös sitten huomenna tänään "
    "dzieki dziekuje pozdrawiam pozdrowienia czesc tak nie my ty pan pani to ale też potem jutro dzisiaj".split()
)

# Words before an underscored token that make it a code or a Wi-Fi network's name, not a handle:
# "error feedback_required", "Telegram shows FLOOD_WAIT", "the folder chat_backup", "WhatsApp calls on
# our Wi-Fi network swap_guest", "im WLAN Werkstatt_Gast".
TECHNICAL_WORDS = frozenset(
    "error errors code message says shows file folder setting option version build "
    "erreur fichier dossier affiche réglage option "
    "fehler meldung zeigt datei ordner einstellung "
    "fout melding bestand map instelling "
    "errore messaggio dice cartella impostazione "
    "erro mensagem diz arquivo ficheiro pasta definição "
    "fel felet meddelande visar fil mapp inställning "
    "virhe viesti näyttää tiedosto kansio asetus "
    "σφάλμα μήνυμα λέει αρχείο φάκελος φάκελο ρύθμιση "
    "błąd komunikat pokazuje plik folder katalog ustawienie "
    # Wi-Fi networks
    "wlan wifi wi fi ssid hotspot network netzwerk netz réseau reseau red rede rete netwerk nätverk verkko "
    "δίκτυο sieć siec".split()
)

# The last part of a dotted token that makes it a file name or a web address, not a handle:
# "IMG_2041.jpg", "msgstore.db.crypt14", "swapiphone.com" (web addresses are the URL scanner's).
FILE_AND_DOMAIN_ENDINGS = (
    "jpg",
    "jpeg",
    "png",
    "gif",
    "heic",
    "webp",
    "bmp",
    "tif",
    "tiff",
    "pdf",
    "mp4",
    "mov",
    "avi",
    "mp3",
    "m4a",
    "wav",
    "zip",
    "rar",
    "txt",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "csv",
    "db",
    "crypt12",
    "crypt14",
    "crypt15",
    "apk",
    "ipa",
    "ics",
    "vcf",
    "html",
    "htm",
    "php",
    "json",
    "xml",
    "log",
    "bak",
    "com",
    "net",
    "org",
    "info",
    "biz",
    "eu",
    "fr",
    "de",
    "at",
    "ch",
    "be",
    "nl",
    "es",
    "it",
    "pt",
    "uk",
    "ie",
    "se",
    "fi",
    "gr",
    "pl",
    "us",
    "io",
    "co",
    "me",
    "shop",
    "store",
    "online",
)

# The first part of camera and system file names: "IMG_2041", "PXL_20240302", "Screenshot_2024".
FILE_PREFIXES = (
    "img",
    "image",
    "dsc",
    "dscn",
    "dcim",
    "pxl",
    "vid",
    "video",
    "screenshot",
    "screen",
    "scan",
    "photo",
    "foto",
    "bild",
    "capture",
    "backup",
    "msgstore",
    "whatsapp",
)

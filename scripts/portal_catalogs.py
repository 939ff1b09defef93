#!/usr/bin/env python3
"""Write the portal's Babel catalogues (services/portal/.../locale/<lang>/LC_MESSAGES/messages.po).
Message ids are Dutch (Dutch first); `en` translates them, `nl` translates only the keys that come
from data (roles, statuses). Run after changing texts; a test fails when a text lacks English."""

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

LOCALE = Path(__file__).resolve().parents[1] / "services/portal/src/dialoog/portal/locale"

KEYS_NL = {
    "employee": "medewerker",
    "manager": "leidinggevende",
    "hr_advisor": "HR-adviseur",
    "director": "directeur",
    "tenant_admin": "functioneel beheerder",
    "platform_admin": "platformbeheer",
    "running": "bezig",
    "done": "klaar",
    "failed": "mislukt",
}
KEYS_EN = {
    "employee": "employee",
    "manager": "manager",
    "hr_advisor": "HR advisor",
    "director": "director",
    "tenant_admin": "tenant administrator",
    "platform_admin": "platform administrator",
    "running": "running",
    "done": "done",
    "failed": "failed",
}
EN = {
    "(geen: hoogste niveau)": "(none: top level)",
    "(zonder naam)": "(no name)",
    "Afdeling toevoegen": "Add a unit",
    "Afdelingen en teams": "Departments and teams",
    "Afdelingen": "Units",
    "Andere basisvariant kiezen": "Choose another base variant",
    "Basisvariant": "Base variant",
    "Bestand": "File",
    "Bezig met importeren…": "Importing…",
    "CSV-bestand": "CSV file",
    "De import is mislukt.": "The import failed.",
    "De laatste twintig": "The last twenty",
    "Deze pagina of dit gegeven bestaat niet, of is niet van uw organisatie.": "This page or item does not exist, or does not belong to your organisation.",
    "Dialoog": "Dialoog",
    "Dialoog: het HR-gesprek, doorlopend vastgelegd.": "Dialoog: the HR conversation, recorded as it goes.",
    "Directeur leest gespreksverslagen van de eigen afdelingen": "The director reads talk reports of their departments",
    "Door": "By",
    "Een CSV-bestand met een kopregel. Verplichte kolommen: employee_number, first_name, last_name, email. Optioneel: date_of_birth, appointment_start, probation_end, unit, parent_unit, manager_employee_number, delegate_employee_number, roles (gescheiden door |). Datums als JJJJ-MM-DD of DD-MM-JJJJ. Opnieuw importeren werkt bij wat veranderd is.": "A CSV file with a header row. Required columns: employee_number, first_name, last_name, email. Optional: date_of_birth, appointment_start, probation_end, unit, parent_unit, manager_employee_number, delegate_employee_number, roles (separated by |). Dates as YYYY-MM-DD or DD-MM-YYYY. Importing again updates what changed.",
    "Eerdere imports": "Earlier imports",
    "Er ging iets mis": "Something went wrong",
    "Er zijn (nog) geen medewerkers aan u gekoppeld.": "No employees report to you (yet).",
    "Feedback vragen aan mensen buiten de organisatie": "Ask people outside the organisation for feedback",
    "Fouten": "Errors",
    "Foutmelding": "Error",
    "Functioneel beheer": "Administration",
    "Gebaseerd op": "Based on",
    "Geen toegang": "No access",
    "Geen verschillen.": "No differences.",
    "Gesprek": "Talk",
    "Gesprekken": "Talks",
    "Gesprekscyclus instellen": "Set up the conversation cycle",
    "Gesprekscyclus": "Conversation cycle",
    "Gewijzigde instellingen": "Changed settings",
    "Goedendag": "Hello",
    "HR geeft richtlijnen voor de salarisronde": "HR gives guidelines for the salary round",
    "HR": "HR",
    "Hier legt u uw afspraken, gesprekken en feedback vast, en ziet u de besluiten die over u gaan.": "Here you record your agreements, talks and feedback, and see the decisions about you.",
    "Import": "Import",
    "Importeren": "Import",
    "Inloggen is niet gelukt": "Signing in failed",
    "Inloggen": "Sign in",
    "Instelling": "Setting",
    "Instellingen": "Settings",
    "Klaar.": "Done.",
    "Kolom": "Column",
    "Lengte van een periode (maanden)": "Length of a period (months)",
    "Lopend werk houdt de versie waarmee het begon.": "Work in progress keeps the version it began with.",
    "Medewerker mag een reactie toevoegen": "The employee may add a reaction",
    "Mensen en afdelingen importeren": "Import people and units",
    "Mensen importeren": "Import people",
    "Mensen in de organisatie": "People in the organisation",
    "Mensen": "People",
    "Mijn portfolio": "My portfolio",
    "Mijn team": "My team",
    "Minimum aantal antwoorden voor anonieme feedback": "Minimum number of answers for anonymous feedback",
    "Naam": "Name",
    "Naar de inhoud": "Skip to content",
    "Naar de startpagina": "To the home page",
    "Niet gevonden": "Not found",
    "Nieuwe versie opgeslagen:": "New version saved:",
    "Nu van kracht": "In force now",
    "Opslaan als nieuwe versie": "Save as a new version",
    "Organisatie": "Organisation",
    "Per periode": "Per period",
    "Personeelsnummer": "Employee number",
    "Probeer het later nog eens.": "Please try again later.",
    "Proeftijd tot": "On probation until",
    "Reden": "Reason",
    "Regel": "Line",
    "Regels met fouten (niet of deels verwerkt)": "Lines with errors (not or partly processed)",
    "Regels": "Rules",
    "Rollen": "Roles",
    "Soorten gesprekken in deze cyclus": "Kinds of talk in this cycle",
    "Start": "Home",
    "Status": "Status",
    "Terug naar de gesprekscyclus": "Back to the conversation cycle",
    "Terug naar importeren": "Back to import",
    "Toevoegen": "Add",
    "U heeft geen rol waarmee u dit mag zien of doen.": "You have no role that allows you to see or do this.",
    "Uitloggen": "Sign out",
    "Uw organisatie werkt met": "Your organisation works with",
    "Uw resultaat- en ontwikkelafspraken, gesprekken en feedback.": "Your result and development agreements, talks and feedback.",
    "Valt onder": "Part of",
    "Van kracht vanaf": "In force from",
    "Variant opslaan als nieuwe versie": "Save the variant as a new version",
    "Vergelijk met versie": "Compare with version",
    "Vernieuwen": "Refresh",
    "Verschil tussen versie": "Difference between version",
    "Verschil tussen versies": "Difference between versions",
    "Verschil": "Difference",
    "Versie": "Version",
    "Versies": "Versions",
    "Verwerkt": "Processed",
    "Voortgang": "Progress",
    "Wanneer": "When",
    "Was": "Was",
    "Welkom bij Dialoog": "Welcome to Dialoog",
    "Welkom": "Welcome",
    "Wie legt vast": "Who records",
    "Wie neemt het initiatief": "Who initiates",
    "Wissel": "Switch",
    "Wordt": "Becomes",
    "Zoek op naam, personeelsnummer of e-mail": "Search by name, employee number or e-mail",
    "Zoeken": "Search",
    "bijgewerkt": "updated",
    "en": "and",
    "geldig vanaf": "in force from",
    "mensen": "people",
    "met fouten": "with errors",
    "nieuw": "new",
    "of meer": "or more",
    "ongewijzigd": "unchanged",
    "sinds": "since",
    "versie": "version",
}


def write(lang: str, messages: dict[str, str]) -> None:
    catalog = Catalog(locale=lang, project="dialoog-portal", charset="utf-8")
    for msgid, msgstr in sorted(messages.items()):
        catalog.add(msgid, msgstr)
    target = LOCALE / lang / "LC_MESSAGES" / "messages.po"
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False)


if __name__ == "__main__":
    write("en", {**EN, **KEYS_EN})
    write("nl", KEYS_NL)

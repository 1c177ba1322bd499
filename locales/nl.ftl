# De berichten van Sidecard in het Nederlands (aanspreekvorm: "je").
#
# Eén bestand per taal (locales/<BCP 47-tag>.ftl, Project Fluent-syntaxis). De berichten voor
# de agent staan eerst; die van de instellingenpagina volgen na de groep "## Settings page".

## Kinds of records, fields and activities (cards, forms and settings)

entity-contact = Contactpersoon
entity-lead = Lead
entity-account = Account
entity-deal = Deal
entity-activity = Activiteit

activity-phone-call = Telefoongesprek
activity-task = Taak

## Values on the cards

value-yes = Ja
value-no = Nee

## The page around the cards (app.rs, host/*)

settings-link = Instellingen
prompt-standalone = Typ het e-mailadres of telefoonnummer van de klant om het bijbehorende CRM-record te zien.
prompt-help-desk = De helpdesk geeft voor deze klant geen e-mailadres of telefoonnummer door, dus er valt niets op te zoeken.
prompt-dynamics = Open een contactpersoon, lead of account, of klik op een telefoonnummer om de klant hier te zien.

# $detail (text): what the help desk's own SDK said when it failed
host-failed = De helpdesk gaf Sidecard geen antwoord: { $detail }. Laad de pagina opnieuw; blijft het probleem bestaan, laat het dan je beheerder weten.
zendesk-sdk-missing = De app-SDK van Zendesk is niet geladen: laad het ticket opnieuw; blijft het probleem bestaan, controleer dan of deze browser static.zdassets.com mag laden.
zendesk-not-in-zendesk = Deze pagina moet door Zendesk worden geopend als de Sidecard-app (origin en app_guid ontbreken).
zendesk-proxy-url-setting = De instelling Proxy-URL van de Sidecard-app ontbreekt of is geen https-URL: een Zendesk-beheerder stelt deze in via Beheercentrum → Apps en integraties → Sidecard.
zendesk-no-account = Zendesk heeft niet doorgegeven om welk account het gaat (context.account.subdomain).
freshdesk-client-missing = De app-client van Freshdesk is niet geladen: laad de pagina opnieuw; blijft het probleem bestaan, vraag dan je Freshdesk-beheerder om de Sidecard-app opnieuw te installeren.
cif-open-as-channel = Deze pagina is het Dynamics 365-kanaal van Sidecard: open deze als /cif?base=<your org's URL>.
# $org (URL): the Dynamics 365 organization's address
cif-library-not-loaded = De kanaalbibliotheek van Dynamics 365 is niet geladen vanaf { $org }. Open Sidecard vanuit Dynamics 365 (het is een kanaalpaneel) en controleer of deze browser { $org } kan bereiken.
# $org (URL): the Dynamics 365 organization's address
cif-library-not-started = De kanaalbibliotheek van Dynamics 365 is niet gestart. Sta cookies van derden toe voor { $org } (zonder die cookies wordt de bibliotheek naar een aanmeldpagina doorgestuurd) en laad de pagina daarna opnieuw.
# $detail (text): what Dynamics 365 answered
cif-record-refused = Dynamics 365 wilde dit record niet aan Sidecard tonen ({ $detail }). Laad de pagina opnieuw; blijft dit gebeuren, vraag dan je Dynamics-beheerder of je rol dit record mag lezen.
# $detail (text): what Dynamics 365 answered
cif-sign-in-refused = Dynamics 365 stond Sidecard niet toe te bevestigen wie je bent ({ $detail }). Sidecard meldt zich aan door een notitie aan te maken (en die meteen weer te verwijderen): vraag je Dynamics-beheerder om toestemming om notities aan te maken.
log-needs-ticket = Open een ticket om het gesprek ervan in het CRM vast te leggen.

## Errors (error_panel.rs, transport.rs)

error-check-search = Controleer de zoekopdracht
error-check-search-help = Er kan niet worden gezocht op het e-mailadres of telefoonnummer zoals het nu is ingevoerd.
error-check-settings = Controleer de instellingen
error-check-settings-help = De instellingen kunnen zo niet worden gebruikt: corrigeer wat hieronder wordt genoemd.
error-unauthorized = Sidecard herkent deze app niet
error-unauthorized-help = Vraag je beheerder om de instellingen van de Sidecard-app in de helpdesk te controleren.
error-forbidden = Alleen een beheerder kan dit doen
error-forbidden-help = Vraag het aan een Sidecard-beheerder, of meld je aan met de beheerderssleutel.
error-conflict = Iemand anders was je voor met opslaan
error-conflict-help = Laad de gegevens opnieuw om hun wijzigingen te zien en breng daarna je eigen wijzigingen nogmaals aan.
error-duplicate = Staat al in het CRM
error-duplicate-help = Deze persoon staat al in het CRM: kies die persoon in plaats van een nieuwe aan te maken.
error-not-supported = Niet beschikbaar voor dit CRM
error-not-supported-help = Je CRM biedt dit niet via Sidecard aan.
error-busy = Het is nu te druk
error-busy-help = Te veel verzoeken tegelijk: wacht even en probeer het dan opnieuw.
error-timeout = Dit duurt te lang
error-timeout-help = Het CRM heeft niet op tijd geantwoord. Probeer het zo opnieuw.
error-crm-too-large = Te veel om te tonen
error-crm-too-large-help = Het antwoord van het CRM is te groot voor de zijbalk. Zoek op een specifieker e-mailadres of nummer.
error-crm-unavailable = Het CRM heeft niet geantwoord
error-crm-unavailable-help = Het CRM is mogelijk offline of in onderhoud. Probeer het over een paar minuten opnieuw.
error-crm-auth = Sidecard kan zich niet aanmelden bij het CRM
error-crm-auth-help = Laat je beheerder weten dat de verbinding van Sidecard met het CRM opnieuw moet worden ingesteld.
error-other = Er is iets misgegaan
error-other-help = Probeer het opnieuw; blijft het probleem bestaan, geef dan aan je beheerder door wat hieronder staat.
error-network = Sidecard is niet bereikbaar
error-network-help = Controleer je verbinding. Werkt die wel, dan is de Sidecard-proxy mogelijk offline: laat het je beheerder weten.
error-host = Sidecard kan deze pagina niet lezen
error-unexpected = Sidecard gaf een onverwacht antwoord
error-unexpected-help = Geef aan je beheerder door wat hieronder staat.
error-try-again = Opnieuw proberen
error-network-short = Sidecard is niet bereikbaar: controleer je verbinding.
# $detail (text): the status and what was wrong with the answer
error-unexpected-short = Sidecard gaf een onverwacht antwoord: { $detail }.
error-inline = { $title }: { $detail }

## create_person.rs

create-person-duplicates-title = Al in het CRM?
# $entity (string): the kind of record, already translated ("Contactpersoon" or "Lead").
create-person-duplicate-entity = ({ $entity })
# $name (string): the record's name as the CRM has it
create-person-duplicates-may-create = { $name } staat al in het CRM en is mogelijk dezelfde persoon. Open dat record of maak toch een nieuw record aan.
# $name (string): the record's name as the CRM has it
create-person-duplicates-blocked = { $name } staat al in het CRM en is mogelijk dezelfde persoon: open dat record in plaats van een nieuw record aan te maken.
create-person-duplicates-refused = De duplicaatregels van het CRM hebben het nieuwe record geweigerd: er bestaat al een overeenkomend record.
create-person-create-anyway = Toch aanmaken
create-person-back = Terug naar het formulier
create-person-title = Nieuwe contactpersoon of lead
create-person-first-name = Voornaam
create-person-last-name = Achternaam (verplicht)
create-person-email = E-mail
create-person-phone = Telefoon
create-person-company = Bedrijf
create-person-creating = Bezig met aanmaken…
create-person-create = Aanmaken
create-person-cancel = Annuleren
# $label (string): the field's label as the CRM names it (CRM data, not translated)
create-person-required = { $label } (verplicht)

## log_form.rs

log-form-updated = De vastgelegde activiteit is bijgewerkt.
log-form-unchanged = Al vastgelegd.
log-form-logged = Vastgelegd in het CRM.
log-form-open = Vastleggen in CRM
log-form-again = Opnieuw vastleggen
log-form-note = Notitie voor het CRM (optioneel)
log-form-saving = Bezig met opslaan…
log-form-save = Opslaan in CRM
log-form-cancel = Annuleren

## chooser.rs

chooser-no-account = Geen account
# $reasons (string): which of the person's CRM fields held the searched values
chooser-matched-on = Gevonden via { $reasons }
chooser-label = Overeenkomende personen
# $count (number): how many people in the CRM match the customer (always at least 2).
chooser-title = { $count ->
    [one] { $count } persoon gevonden
   *[other] { $count } personen gevonden
}
chooser-hint = Het CRM bevat dubbele records voor deze klant. Kies het juiste record:
chooser-none = Geen van deze: maak een nieuwe contactpersoon of lead aan

## no_match.rs

# $email (string): the email address searched for.
no-match-email = E-mailadres { $email } in alle e-mailvelden
# $phone (string): the phone number searched for, in international form ("+14255550100").
# $formats (string): other ways the number is written that were searched too (may be empty).
no-match-phone = Telefoonnummer { $phone } in alle telefoonvelden, ook geschreven als { $formats }
no-match-phone-only = Telefoonnummer { $phone } in alle telefoonvelden
no-match-host-form = Dynamics-formulier openen
no-match-title = Geen klant gevonden
no-match-searched = Geen contactpersoon of open lead in het CRM komt overeen met:
no-match-hint = Controleer de spelling, of zoek op een ander adres of nummer dat de klant gebruikt.
no-match-create = Contactpersoon of lead aanmaken

## pin_button.rs

pin-button-unpin = Losmaken
pin-button-pin = Vastmaken voor deze klant

## call_bar.rs

# $number (string): the number as the help desk gave it, e.g. "4255550102".
call-bar-call = { $number } bellen

## deal_list.rs

deal-list-label = Open deals
deal-list-title = Open deals
# $count (number): how many open deals the person and their account have in the CRM
deal-list-count = {" "}({ $count })
deal-list-empty = Geen open deals.
deal-list-no-amount = Geen bedrag
deal-list-no-close-date = Geen sluitingsdatum
# $date (string): the day the deal is expected to close, already formatted for the agent
deal-list-closes = Sluit op { $date }
# $count (number): how many more open deals the CRM has than the list shows (1 or more)
deal-list-more = { $count ->
    [one] +{ $count } andere in het CRM
   *[other] +{ $count } andere in het CRM
}

## freshness.rs

# $minutes (number): how many minutes ago the CRM gave the answer (1 or more)
freshness-updated = { $minutes ->
    [one] { $minutes } min geleden bijgewerkt
   *[other] { $minutes } min geleden bijgewerkt
}
# $time (string): when the CRM gave that answer, a time already formatted for the agent ("14:05")
# $reason (string): "unavailable", "throttled" or "timeout"
freshness-stale-as-of = { $reason ->
    [throttled] Stand van { $time } — het CRM heeft Sidecard gevraagd het rustiger aan te doen; dit is mogelijk niet meer actueel.
    [timeout] Stand van { $time } — het CRM reageert traag; dit is mogelijk niet meer actueel.
   *[unavailable] Stand van { $time } — het CRM reageert niet; dit is mogelijk niet meer actueel.
}
# $reason (string): "unavailable", "throttled" or "timeout"
freshness-stale = { $reason ->
    [throttled] Het CRM heeft Sidecard gevraagd het rustiger aan te doen; dit is mogelijk niet meer actueel.
    [timeout] Het CRM reageert traag; dit is mogelijk niet meer actueel.
   *[unavailable] Het CRM reageert niet; dit is mogelijk niet meer actueel.
}
freshness-try-again = Opnieuw proberen

## person_card.rs

# $reasons (string): the person's fields that matched the search, each as "field label: value", joined by " · "
person-card-matched-on = Gevonden via { $reasons }
person-card-open-in-crm = Openen in CRM
person-card-recent-title = Recente activiteit

## results.rs

# $name (string): who pinned them, as their help desk names the agent
# $date (string): the day they pinned them, already formatted for the agent
results-pinned-by = Vastgemaakt door { $name } op { $date }
# $count (number): how many people matched (always two or more)
results-back-to-all = { $count ->
    [one] ← { $count } resultaat
   *[other] ← Alle { $count } resultaten
}
results-created = Aangemaakt in het CRM.

## search_box.rs

search-box-label = E-mail of telefoon
search-box-placeholder = E-mailadres of telefoonnummer
search-box-submit = Opzoeken

## states.rs

skeleton-looking-up = Klant wordt opgezocht…

## Settings page
##
## Alles hieronder wordt alleen getoond op de instellingenpagina voor beheerders.

## Kinds of fields, value sources and help desks

kind-text = Tekst
kind-email = E-mail
kind-phone = Telefoon
kind-money = Valuta
kind-date = Datum
kind-number = Getal
kind-bool = Ja/nee
kind-choice = Keuze
kind-link = Link

source-subject = Onderwerp van het ticket
source-link = Link naar het ticket
source-conversation-id = Ticketnummer
source-channel = Kanaal
source-direction = Richting
source-duration-seconds = Duur (seconden)
source-duration-minutes = Duur (minuten)
source-note = Notitie van de agent
source-summary = Notitie, kanaal en link
source-fixed = Vaste waarde

desk-zendesk = Zendesk
desk-freshdesk = Freshdesk
desk-dynamics = Dynamics 365-paneel
desk-standalone = Zelfstandige pagina

## settings_page.rs

settings-title = Sidecard-instellingen
# $install (string): the id of the install whose settings are edited (e.g. "acme-zendesk"), shown in bold
settings-install = Installatie: { $install }
settings-back = ← Terug naar opzoeken
settings-loading = De instellingen en de velden van het CRM worden geladen…
settings-unlock-title = Voer de beheerderssleutel in
settings-unlock-text = Deze Sidecard-proxy werkt alleen voor de bijbehorende helpdesk-apps. Voer de beheerderssleutel in om de instellingen te openen.
settings-unlock-open = Instellingen openen
settings-load-failed = De instellingen konden niet worden geladen
settings-try-again = Opnieuw proberen
settings-error-network = Sidecard kon niet worden bereikt: controleer de verbinding en probeer het opnieuw.
# $detail (string): a technical detail of what came back (not translated)
settings-error-unexpected = Sidecard gaf een onverwacht antwoord: { $detail }.
settings-tabs-label = Onderdelen om in te stellen
settings-tab-deals = Deals
settings-tab-activity = Recente activiteit
settings-tab-lookup = Opzoeken & bellen
settings-tab-log = Vastleggen in CRM
settings-tab-create-form = Aanmaakformulier
settings-admin-key = Beheerderssleutel
settings-save = Opslaan
settings-discard = Wijzigingen negeren
settings-unsaved = Niet-opgeslagen wijzigingen.
settings-saving = Bezig met opslaan…
# $version (string): the number of the version just saved (1, 2, …)
settings-saved = Opgeslagen (versie { $version }). Agents zien de wijzigingen bij hun volgende zoekopdracht.
settings-load-theirs = Hun versie laden
settings-not-saved-problems = Er is niets opgeslagen. Los eerst deze problemen op:
# $reason (string): why, in a sentence
settings-not-saved = Er is niets opgeslagen. { $reason }

## card_editor.rs

# $entity (string): which card: contact, lead, account, deal or activity
card-editor-label = { $entity ->
    [lead] Leadkaart
    [account] Accountkaart
    [deal] Dealkaart
    [activity] Activiteitenkaart
   *[contact] Contactpersoonkaart
}
# $entity (string): which card: contact, lead, account, deal (the deal list) or activity (the recent-activity list)
card-editor-show = { $entity ->
    [lead] Leadkaart tonen
    [account] Accountkaart tonen
    [deal] Lijst met deals tonen
    [activity] Lijst met recente activiteit tonen
   *[contact] Contactpersoonkaart tonen
}
card-editor-fields-heading = Velden, op volgorde
card-editor-deal-heading = Extra velden onder elke deal
card-editor-deal-always = Naam, bedrag, fase en sluitingsdatum worden altijd getoond.
card-editor-activity-heading = Extra velden onder elke activiteit
card-editor-activity-always = Type, onderwerp, datum en eigenaar worden altijd getoond.
card-editor-not-in-crm = Niet in het CRM
# $field (string): the field's name in the CRM
card-editor-label-for = Label dat agents zien voor { $field }
# $field (string): the field's name in the CRM (button)
card-editor-move-up = { $field } omhoog verplaatsen
# $field (string): the field's name in the CRM (button)
card-editor-move-down = { $field } omlaag verplaatsen
# $field (string): the field's name in the CRM (button that takes it off the card)
card-editor-hide = { $field } verbergen
card-editor-none-chosen = Geen velden gekozen: vink ze hieronder aan.
# $entity (string): which card: contact, lead, account, deal or activity
# $count (number): how many fields the CRM has for it
card-editor-all-fields = { $entity ->
    [lead] Alle { $count } velden voor leads in het CRM
    [account] Alle { $count } velden voor accounts in het CRM
    [deal] Alle { $count } velden voor deals in het CRM
    [activity] Alle { $count } velden voor activiteiten in het CRM
   *[contact] Alle { $count } velden voor contactpersonen in het CRM
}
card-editor-search-placeholder = Zoeken op naam of sleutel
card-editor-search-label = Velden zoeken
card-editor-recent = Laatste activiteiten op de persoonskaart
card-editor-recent-none = geen
# $input (string): where the box for the number of deals goes (do not translate the variable's name)
card-editor-max-deals = Maximaal { $input } deals tonen
card-editor-order = Volgorde
card-editor-order-close-date = Vroegste sluitingsdatum eerst
card-editor-order-amount = Hoogste bedrag eerst

## log_editor.rs

log-editor-no-log = Deze CRM-connector legt geen activiteiten vast.
log-editor-label = Vastleggen in CRM
log-editor-activity = Elk gesprek vastleggen als
log-editor-repeat = Als hetzelfde ticket opnieuw wordt vastgelegd voor dezelfde persoon
log-editor-repeat-update = de eerder vastgelegde activiteit bijwerken
log-editor-repeat-append = nog een activiteit vastleggen
log-editor-column-field = Activiteitsveld
log-editor-column-source = Gevuld met
log-editor-column-remove = Verwijderen
# $kind (string): the type of the field (one of the kind-* messages), after the field's name
log-editor-field-kind = {" "}({ $kind })
# $field (string): the activity field's name in the CRM (list of sources for it)
log-editor-source-label = { $field } wordt gevuld met
# $field (string): the activity field's name in the CRM (text box for the fixed value)
log-editor-fixed-value = Vaste waarde voor { $field }
# $field (string): the activity field's name in the CRM (button)
log-editor-remove-label = { $field } niet meer vullen
log-editor-add = Ook vullen
log-editor-add-choose = Kies een veld…
log-editor-preview-title = Dit wordt verstuurd bij het vastleggen van een voorbeeldticket via telefoon

## lookup_options.rs

lookup-options-label = Opzoeken en bellen
lookup-options-secondary-emails = In alle e-mailvelden zoeken, niet alleen in het primaire
lookup-options-fall-back-to-leads = In open leads zoeken als geen contactpersoon overeenkomt
lookup-options-region = Land voor nummers zonder landcode
lookup-options-region-placeholder = US
lookup-options-region-hint = Twee letters (US, GB, DE). Leeg: de standaardinstelling van de proxy.
lookup-options-duplicates = Als een nieuwe contactpersoon op een dubbel record lijkt
lookup-options-duplicates-block = Blokkeren en het bestaande record tonen
lookup-options-duplicates-warn = Waarschuwen en de agent het toch laten aanmaken
lookup-options-duplicates-allow = Zonder te vragen aanmaken
lookup-options-dial = Bellink
# $e164 (string): the placeholder "{e164}" the admin types for the number in international format
# $digits (string): the placeholder "{digits}" the admin types for the number's digits alone
# $url (string): the link the call link would open for +1 425 555 0100
lookup-options-dial-hint = { $e164 } of { $digits } staat voor het nummer. Voor +1 425 555 0100 opent de link: { $url }

## form_editor.rs

form-editor-hint = Elk formulier vraagt om de voor- en achternaam, het e-mailadres, het telefoonnummer en het bedrijf. Vink de andere velden aan die agents moeten invullen wanneer ze iemand aanmaken; velden die het CRM verplicht stelt, worden altijd gevraagd.
# $entity (string): which form: contact or lead
form-editor-new = { $entity ->
    [lead] Nieuwe lead
   *[contact] Nieuwe contactpersoon
}
# $field (string): the field's name in the CRM
form-editor-required = { $field } (verplicht in het CRM)

## preview.rs

preview-label = Voorbeeld
preview-title = Voorbeeld
preview-sample-values = {" "}(voorbeeldwaarden)
preview-hidden = Deze kaart is verborgen: agents zien deze niet.

## Help desk app packages
##
## Wat het Beheercentrum van Zendesk over de app toont en wat de vermelding op het
## Freshworks-ontwikkelaarsportaal zegt. Nooit getoond door de widget zelf.

app-short-description = Het CRM-record van de klant naast het ticket.
app-long-description = Sidecard toont de contactpersoon of lead van de aanvrager, het bijbehorende account en de open deals uit Dynamics 365 of Salesforce, met de velden die je beheerder heeft gekozen.
app-installation-instructions = Voer de URL van je Sidecard-proxy en het gedeelde geheim uit het installs-bestand van de proxy in.
app-proxy-url-label = Proxy-URL
app-proxy-url-help = Je Sidecard-proxy, bijv. https://sidecard.acme.example
app-shared-secret-label = Gedeeld geheim
app-shared-secret-help = Het jwt_secret uit het item voor dit Zendesk-account in het installs-bestand van de proxy. Zendesk bewaart het op de server en ondertekent er elke aanroep mee.

## Before the page starts

start-failed = Sidecard kon niet starten. Laad de pagina opnieuw; blijft dit gebeuren, laat het dan je beheerder weten (de console van de browser toont wat er misging).
stopped-working = Sidecard werkt niet meer. Laad de pagina opnieuw; blijft dit gebeuren, laat het dan je beheerder weten (de console van de browser toont wat er misging).

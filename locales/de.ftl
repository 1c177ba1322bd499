# Sidecards Meldungen auf Deutsch (geprüft gegen locales/en.ftl).

## Arten von Datensätzen, Feldern und Aktivitäten (Karten, Formulare und Einstellungen)

entity-contact = Kontakt
entity-lead = Lead
entity-account = Account
entity-deal = Deal
entity-activity = Aktivität

activity-phone-call = Telefonanruf
activity-task = Aufgabe

## Werte auf den Karten

value-yes = Ja
value-no = Nein

## Die Seite um die Karten (app.rs, host/*)

settings-link = Einstellungen
prompt-standalone = Geben Sie die E-Mail-Adresse oder Telefonnummer des Kunden ein, um seinen CRM-Datensatz zu sehen.
prompt-help-desk = Der Helpdesk liefert für diesen Kunden weder eine E-Mail-Adresse noch eine Telefonnummer, daher lässt sich nichts nachschlagen.
prompt-dynamics = Öffnen Sie einen Kontakt, einen Lead oder einen Account oder klicken Sie auf eine Telefonnummer, um den Kunden hier zu sehen.

# $detail (text): what the help desk's own SDK said when it failed
host-failed = Der Helpdesk hat Sidecard nicht geantwortet: { $detail }. Laden Sie die Seite neu; wenn das Problem bestehen bleibt, wenden Sie sich an Ihren Admin.
zendesk-sdk-missing = Das App-SDK von Zendesk wurde nicht geladen: Laden Sie das Ticket neu; wenn das Problem bestehen bleibt, prüfen Sie, ob dieser Browser static.zdassets.com laden darf.
zendesk-not-in-zendesk = Diese Seite muss von Zendesk als Sidecard-App geöffnet werden (ihr fehlen origin und app_guid).
zendesk-proxy-url-setting = Die Einstellung „Proxy-URL“ der Sidecard-App fehlt oder ist keine https-URL: Ein Zendesk-Admin legt sie im Admin Center unter Apps und Integrationen → Sidecard fest.
zendesk-no-account = Zendesk hat nicht angegeben, um welches Konto es sich handelt (context.account.subdomain).
freshdesk-client-missing = Der App-Client von Freshdesk wurde nicht geladen: Laden Sie die Seite neu; wenn das Problem bestehen bleibt, bitten Sie Ihren Freshdesk-Admin, die Sidecard-App neu zu installieren.
cif-open-as-channel = Diese Seite ist der Dynamics 365-Kanal von Sidecard: Öffnen Sie sie als /cif?base=<URL Ihrer Organisation>.
# $org (URL): the Dynamics 365 organization's address
cif-library-not-loaded = Die Kanalbibliothek von Dynamics 365 konnte nicht von { $org } geladen werden. Öffnen Sie Sidecard aus Dynamics 365 heraus (es ist ein Kanalbereich) und prüfen Sie, ob dieser Browser { $org } erreichen kann.
# $org (URL): the Dynamics 365 organization's address
cif-library-not-started = Die Kanalbibliothek von Dynamics 365 ist nicht gestartet. Erlauben Sie Drittanbieter-Cookies für { $org } (ohne sie wird die Bibliothek auf eine Anmeldeseite umgeleitet) und laden Sie die Seite dann neu.
# $detail (text): what Dynamics 365 answered
cif-record-refused = Dynamics 365 hat Sidecard den Zugriff auf diesen Datensatz verweigert ({ $detail }). Laden Sie die Seite neu; wenn das weiterhin passiert, fragen Sie Ihren Dynamics-Admin, ob Ihre Rolle diesen Datensatz lesen darf.
# $detail (text): what Dynamics 365 answered
cif-sign-in-refused = Dynamics 365 hat Sidecard nicht erlaubt, Ihre Identität zu bestätigen ({ $detail }). Sidecard meldet sich an, indem es eine Notiz erstellt (und sofort wieder entfernt): Bitten Sie Ihren Dynamics-Admin um die Berechtigung, Notizen zu erstellen.
log-needs-ticket = Öffnen Sie ein Ticket, um dessen Konversation im CRM zu protokollieren.

## Fehler (error_panel.rs, transport.rs)

error-check-search = Suchbegriff prüfen
error-check-search-help = Die E-Mail-Adresse oder Telefonnummer konnte in dieser Schreibweise nicht gesucht werden.
error-check-settings = Einstellungen prüfen
error-check-settings-help = Die Einstellungen können so nicht verwendet werden: Korrigieren Sie, was unten genannt ist.
error-unauthorized = Sidecard erkennt diese App nicht
error-unauthorized-help = Bitten Sie Ihren Admin, die Einstellungen der Sidecard-App im Helpdesk zu prüfen.
error-forbidden = Das dürfen nur Admins
error-forbidden-help = Fragen Sie einen Sidecard-Admin oder melden Sie sich mit dem Admin-Schlüssel an.
error-conflict = Jemand anderes hat zuerst gespeichert
error-conflict-help = Laden Sie die Seite neu, um die Änderungen der anderen Person zu sehen, und nehmen Sie Ihre dann erneut vor.
error-duplicate = Bereits im CRM vorhanden
error-duplicate-help = Diese Person ist bereits im CRM: Wählen Sie sie aus, statt eine weitere anzulegen.
error-not-supported = Für dieses CRM nicht verfügbar
error-not-supported-help = Ihr CRM bietet diese Funktion über Sidecard nicht an.
error-busy = Derzeit überlastet
error-busy-help = Zu viele Anfragen gleichzeitig: Warten Sie einen Moment und versuchen Sie es dann erneut.
error-timeout = Das dauert zu lange
error-timeout-help = Das CRM hat nicht rechtzeitig geantwortet. Versuchen Sie es gleich noch einmal.
error-crm-too-large = Zu viele Daten zum Anzeigen
error-crm-too-large-help = Die Antwort des CRM ist zu groß für die Seitenleiste. Suchen Sie nach einer genaueren E-Mail-Adresse oder Nummer.
error-crm-unavailable = Das CRM hat nicht geantwortet
error-crm-unavailable-help = Das CRM ist möglicherweise ausgefallen oder wird gerade gewartet. Versuchen Sie es in ein paar Minuten erneut.
error-crm-auth = Sidecard kann sich nicht beim CRM anmelden
error-crm-auth-help = Informieren Sie Ihren Admin: Die Verbindung von Sidecard zum CRM muss neu eingerichtet werden.
error-other = Etwas ist schiefgelaufen
error-other-help = Versuchen Sie es erneut; wenn das Problem bestehen bleibt, teilen Sie Ihrem Admin mit, was unten steht.
error-network = Sidecard ist nicht erreichbar
error-network-help = Prüfen Sie Ihre Verbindung. Wenn sie funktioniert, ist möglicherweise der Sidecard-Proxy ausgefallen: Informieren Sie Ihren Admin.
error-host = Sidecard kann diese Seite nicht lesen
error-unexpected = Unerwartete Antwort von Sidecard
error-unexpected-help = Teilen Sie Ihrem Admin mit, was unten steht.
error-try-again = Erneut versuchen
error-network-short = Sidecard ist nicht erreichbar: Prüfen Sie Ihre Verbindung.
# $detail (text): the status and what was wrong with the answer
error-unexpected-short = Unerwartete Antwort von Sidecard: { $detail }.
error-inline = { $title }: { $detail }

## create_person.rs

create-person-duplicates-title = Bereits im CRM?
# $entity (string): the kind of record, already translated ("Contact" or "Lead").
create-person-duplicate-entity = ({ $entity })
# $name (string): the record's name as the CRM has it
create-person-duplicates-may-create = Im CRM gibt es bereits { $name }, möglicherweise dieselbe Person. Öffnen Sie diesen Datensatz oder legen Sie trotzdem einen neuen an.
# $name (string): the record's name as the CRM has it
create-person-duplicates-blocked = Im CRM gibt es bereits { $name }, möglicherweise dieselbe Person: Öffnen Sie stattdessen diesen Datensatz.
create-person-duplicates-refused = Die Duplikatregeln des CRM haben den neuen Datensatz abgelehnt: Es gibt bereits einen übereinstimmenden Datensatz.
create-person-create-anyway = Trotzdem anlegen
create-person-back = Zurück zum Formular
create-person-title = Neuer Kontakt oder Lead
create-person-first-name = Vorname
create-person-last-name = Nachname (erforderlich)
create-person-email = E-Mail
create-person-phone = Telefon
create-person-company = Unternehmen
create-person-creating = Wird angelegt…
create-person-create = Anlegen
create-person-cancel = Abbrechen
# $label (string): the field's label as the CRM names it (CRM data, not translated), e.g. "Job title".
create-person-required = { $label } (erforderlich)

## log_form.rs

log-form-updated = Die protokollierte Aktivität wurde aktualisiert.
log-form-unchanged = Bereits protokolliert.
log-form-logged = Im CRM protokolliert.
log-form-open = Im CRM protokollieren
log-form-again = Erneut protokollieren
log-form-note = Notiz für das CRM (optional)
log-form-saving = Wird gespeichert…
log-form-save = Im CRM speichern
log-form-cancel = Abbrechen

## chooser.rs

chooser-no-account = Kein Account
# $reasons (string): which of the person's CRM fields held the searched values, as the CRM
# labels them, e.g. "Email 2: info@northwind.example" (several joined by " · ").
chooser-matched-on = Gefunden über { $reasons }
chooser-label = Passende Personen
# $count (number): how many people in the CRM match the customer (always at least 2).
chooser-title = { $count ->
    [one] { $count } passende Person
   *[other] { $count } passende Personen
}
chooser-hint = Das CRM enthält Duplikate für diesen Kunden. Wählen Sie den richtigen Datensatz aus:
chooser-none = Keiner davon: neuen Kontakt oder Lead anlegen

## no_match.rs

# $email (string): the email address searched for.
no-match-email = E-Mail { $email } in allen E-Mail-Feldern
# $phone (string): the phone number searched for, in international form ("+14255550100").
# $formats (string): other ways the number is written that were searched too, separated by
# ", " (may be empty).
no-match-phone = Telefon { $phone } in allen Telefonfeldern, auch geschrieben als { $formats }
no-match-phone-only = Telefon { $phone } in allen Telefonfeldern
no-match-host-form = Dynamics-Formular öffnen
no-match-title = Kein Kunde gefunden
no-match-searched = Im CRM wurde weder ein Kontakt noch ein offener Lead gefunden für:
no-match-hint = Prüfen Sie die Schreibweise oder suchen Sie nach einer anderen Adresse oder Nummer, die der Kunde verwendet.
no-match-create = Kontakt oder Lead anlegen

## pin_button.rs

pin-button-unpin = Anheften aufheben
pin-button-pin = Für diesen Kunden anheften

## call_bar.rs

# $number (string): the number as the help desk gave it, e.g. "4255550102".
call-bar-call = { $number } anrufen

## deal_list.rs

deal-list-label = Offene Deals
deal-list-title = Offene Deals
# $count (number): how many open deals the person and their account have in the CRM
deal-list-count = {" "}({ $count })
deal-list-empty = Keine offenen Deals.
deal-list-no-amount = Kein Betrag
deal-list-no-close-date = Kein Abschlussdatum
# $date (string): the day the deal is expected to close, already formatted for the agent ("20.12.2026")
deal-list-closes = Abschluss am { $date }
# $count (number): how many more open deals the CRM has than the list shows (1 or more)
deal-list-more = { $count ->
    [one] +{ $count } weiterer im CRM
   *[other] +{ $count } weitere im CRM
}

## freshness.rs

# $minutes (number): how many minutes ago the CRM gave the answer (1 or more)
freshness-updated = { $minutes ->
    [one] Vor { $minutes } Min. aktualisiert
   *[other] Vor { $minutes } Min. aktualisiert
}
# $time (string): when the CRM gave that answer, a time already formatted for the agent ("14:05")
# $reason (string): "unavailable", "throttled" or "timeout"
freshness-stale-as-of = { $reason ->
    [throttled] Stand { $time } – das CRM hat Sidecard gebeten, weniger Anfragen zu senden; die Angaben sind möglicherweise veraltet.
    [timeout] Stand { $time } – das CRM antwortet zu langsam; die Angaben sind möglicherweise veraltet.
   *[unavailable] Stand { $time } – das CRM antwortet nicht; die Angaben sind möglicherweise veraltet.
}
# $reason (string): "unavailable", "throttled" or "timeout"
freshness-stale = { $reason ->
    [throttled] Das CRM hat Sidecard gebeten, weniger Anfragen zu senden; die Angaben sind möglicherweise veraltet.
    [timeout] Das CRM antwortet zu langsam; die Angaben sind möglicherweise veraltet.
   *[unavailable] Das CRM antwortet nicht; die Angaben sind möglicherweise veraltet.
}
freshness-try-again = Erneut versuchen

## person_card.rs

# $reasons (string): the person's fields that matched the search, each as "field label: value", joined by " · "
person-card-matched-on = Gefunden über { $reasons }
person-card-open-in-crm = Im CRM öffnen
person-card-recent-title = Letzte Aktivitäten

## results.rs

# $name (string): who pinned them, as their help desk names the agent ("Alex Agent")
# $date (string): the day they pinned them, already formatted for the agent
results-pinned-by = Angeheftet von { $name } am { $date }
# $count (number): how many people matched (always two or more)
results-back-to-all = { $count ->
    [one] ← { $count } Treffer
   *[other] ← Alle { $count } Treffer
}
results-created = Im CRM angelegt.

## search_box.rs

search-box-label = E-Mail oder Telefon
search-box-placeholder = E-Mail-Adresse oder Telefonnummer
search-box-submit = Suchen

## states.rs

skeleton-looking-up = Kunde wird gesucht…

## Settings page
##
## Alles Folgende erscheint nur auf der Einstellungsseite für Admins.

## Arten von Feldern, Wertquellen und Helpdesks

kind-text = Text
kind-email = E-Mail
kind-phone = Telefon
kind-money = Währung
kind-date = Datum
kind-number = Zahl
kind-bool = Ja/Nein
kind-choice = Auswahl
kind-link = Link

source-subject = Ticketbetreff
source-link = Link zum Ticket
source-conversation-id = Ticketnummer
source-channel = Kanal
source-direction = Richtung
source-duration-seconds = Dauer (Sekunden)
source-duration-minutes = Dauer (Minuten)
source-note = Notiz des Agenten
source-summary = Notiz, Kanal und Link
source-fixed = Fester Wert

desk-zendesk = Zendesk
desk-freshdesk = Freshdesk
desk-dynamics = Dynamics 365-Bereich
desk-standalone = Eigenständige Seite

## settings_page.rs

settings-title = Sidecard-Einstellungen
# $install (string): the id of the install whose settings are edited (e.g. "acme-zendesk"), shown in bold
settings-install = Installation: { $install }
settings-back = ← Zurück zur Suche
settings-loading = Einstellungen und CRM-Felder werden geladen…
settings-unlock-title = Admin-Schlüssel eingeben
settings-unlock-text = Dieser Sidecard-Proxy bedient nur seine eigenen Helpdesk-Apps. Geben Sie den Admin-Schlüssel ein, um seine Einstellungen zu öffnen.
settings-unlock-open = Einstellungen öffnen
settings-load-failed = Die Einstellungen konnten nicht geladen werden
settings-try-again = Erneut versuchen
settings-error-network = Sidecard ist nicht erreichbar: Prüfen Sie die Verbindung und versuchen Sie es erneut.
# $detail (string): a technical detail of what came back (not translated)
settings-error-unexpected = Unerwartete Antwort von Sidecard: { $detail }.
settings-tabs-label = Einstellungsbereiche
settings-tab-deals = Deals
settings-tab-activity = Letzte Aktivitäten
settings-tab-lookup = Suche & Anrufe
settings-tab-log = Im CRM protokollieren
settings-tab-create-form = Formular zum Anlegen
settings-admin-key = Admin-Schlüssel
settings-save = Speichern
settings-discard = Verwerfen
settings-unsaved = Nicht gespeicherte Änderungen.
settings-saving = Wird gespeichert…
# $version (string): the number of the version just saved (1, 2, …)
settings-saved = Gespeichert (Version { $version }). Agenten sehen die Änderungen bei ihrer nächsten Suche.
settings-load-theirs = Die andere Version laden
settings-not-saved-problems = Es wurde nichts gespeichert. Beheben Sie zuerst Folgendes:
# $reason (string): why, in a sentence (from the proxy, or one of the settings-error-* messages)
settings-not-saved = Es wurde nichts gespeichert. { $reason }

## card_editor.rs

# $entity (string): which card: contact, lead, account, deal or activity
card-editor-label = { $entity ->
    [lead] Lead-Karte
    [account] Account-Karte
    [deal] Deal-Karte
    [activity] Aktivitätskarte
   *[contact] Kontaktkarte
}
# $entity (string): which card: contact, lead, account, deal (the deal list) or activity (the recent-activity list)
card-editor-show = { $entity ->
    [lead] Lead-Karte anzeigen
    [account] Account-Karte anzeigen
    [deal] Deal-Liste anzeigen
    [activity] Liste der letzten Aktivitäten anzeigen
   *[contact] Kontaktkarte anzeigen
}
card-editor-fields-heading = Felder in Anzeigereihenfolge
card-editor-deal-heading = Zusätzliche Felder unter jedem Deal
card-editor-deal-always = Name, Betrag, Phase und Abschlussdatum werden immer angezeigt.
card-editor-activity-heading = Zusätzliche Felder unter jeder Aktivität
card-editor-activity-always = Typ, Betreff, Datum und Besitzer werden immer angezeigt.
card-editor-not-in-crm = Nicht im CRM
# $field (string): the field's name in the CRM
card-editor-label-for = Bezeichnung, die Agenten für { $field } sehen
# $field (string): the field's name in the CRM (button)
card-editor-move-up = { $field } nach oben verschieben
# $field (string): the field's name in the CRM (button)
card-editor-move-down = { $field } nach unten verschieben
# $field (string): the field's name in the CRM (button that takes it off the card)
card-editor-hide = { $field } ausblenden
card-editor-none-chosen = Keine Felder ausgewählt: Wählen Sie sie unten aus.
# $entity (string): which card: contact, lead, account, deal or activity
# $count (number): how many fields the CRM has for it
card-editor-all-fields = { $entity ->
    [lead] Alle { $count } Lead-Felder im CRM
    [account] Alle { $count } Account-Felder im CRM
    [deal] Alle { $count } Deal-Felder im CRM
    [activity] Alle { $count } Aktivitätsfelder im CRM
   *[contact] Alle { $count } Kontaktfelder im CRM
}
card-editor-search-placeholder = Nach Name oder Schlüssel suchen
card-editor-search-label = Felder durchsuchen
card-editor-recent = Letzte Aktivitäten auf der Personenkarte
card-editor-recent-none = keine
# $input (string): where the box for the number of deals goes (do not translate the variable's name)
card-editor-max-deals = Höchstens { $input } Deals anzeigen
card-editor-order = Reihenfolge
card-editor-order-close-date = Frühestes Abschlussdatum zuerst
card-editor-order-amount = Höchster Betrag zuerst

## log_editor.rs

log-editor-no-log = Dieser CRM-Connector protokolliert keine Aktivitäten.
log-editor-label = Im CRM protokollieren
log-editor-activity = Jede Konversation erfassen als
log-editor-repeat = Wenn dasselbe Ticket erneut für dieselbe Person protokolliert wird
log-editor-repeat-update = die bereits protokollierte Aktivität aktualisieren
log-editor-repeat-append = eine weitere Aktivität protokollieren
log-editor-column-field = Aktivitätsfeld
log-editor-column-source = Befüllt aus
log-editor-column-remove = Entfernen
# $kind (string): the type of the field (one of the kind-* messages), after the field's name
log-editor-field-kind = {" "}({ $kind })
# $field (string): the activity field's name in the CRM (list of sources for it)
log-editor-source-label = { $field } wird befüllt aus
# $field (string): the activity field's name in the CRM (text box for the fixed value)
log-editor-fixed-value = Fester Wert für { $field }
# $field (string): the activity field's name in the CRM (button)
log-editor-remove-label = { $field } nicht mehr befüllen
log-editor-add = Außerdem befüllen
log-editor-add-choose = Feld auswählen…
log-editor-preview-title = So wird ein Beispiel-Telefonticket protokolliert

## lookup_options.rs

lookup-options-label = Suche und Anrufe
lookup-options-secondary-emails = Alle E-Mail-Felder durchsuchen, nicht nur das primäre
lookup-options-fall-back-to-leads = Offene Leads durchsuchen, wenn kein Kontakt passt
lookup-options-region = Land für Nummern ohne Ländervorwahl
lookup-options-region-placeholder = US
lookup-options-region-hint = Zwei Buchstaben (US, GB, DE). Leer: Standardwert des Proxys.
lookup-options-duplicates = Wenn ein neuer Kontakt wie ein Duplikat aussieht
lookup-options-duplicates-block = Blockieren und den vorhandenen Datensatz anzeigen
lookup-options-duplicates-warn = Warnen und den Agenten trotzdem anlegen lassen
lookup-options-duplicates-allow = Ohne Nachfrage anlegen
lookup-options-dial = Anruflink
# $e164 (string): the placeholder "{e164}" the admin types for the number in international format
# $digits (string): the placeholder "{digits}" the admin types for the number's digits alone
# $url (string): the link the call link would open for +1 425 555 0100
lookup-options-dial-hint = { $e164 } oder { $digits } steht für die Nummer. +1 425 555 0100 würde Folgendes öffnen: { $url }

## form_editor.rs

form-editor-hint = Jedes Formular fragt Vor- und Nachname, E-Mail, Telefon und Unternehmen ab. Wählen Sie die weiteren Felder aus, die Agenten beim Anlegen einer Person ausfüllen sollen; die vom CRM geforderten Felder werden immer abgefragt.
# $entity (string): which form: contact or lead
form-editor-new = { $entity ->
    [lead] Neuer Lead
   *[contact] Neuer Kontakt
}
# $field (string): the field's name in the CRM
form-editor-required = { $field } (vom CRM gefordert)

## preview.rs

preview-label = Vorschau
preview-title = Vorschau
preview-sample-values = {" "}(Beispielwerte)
preview-hidden = Diese Karte ist ausgeblendet: Agenten sehen sie nicht.

## Help desk app packages
##
## Was das Admin Center von Zendesk über die App anzeigt und was der Eintrag im
## Freshworks-Entwicklerportal sagt. Wird vom Widget selbst nie angezeigt.

app-short-description = Der CRM-Datensatz des Kunden neben dem Ticket.
app-long-description = Sidecard zeigt den Kontakt oder Lead des Anfragenden, seinen Account und seine offenen Deals aus Dynamics 365 oder Salesforce an – mit den Feldern, die Ihr Admin ausgewählt hat.
app-installation-instructions = Geben Sie die URL Ihres Sidecard-Proxys und das gemeinsame Geheimnis aus dessen Installationsdatei ein.
app-proxy-url-label = Proxy-URL
app-proxy-url-help = Ihr Sidecard-Proxy, z. B. https://sidecard.acme.example
app-shared-secret-label = Gemeinsames Geheimnis
app-shared-secret-help = Das jwt_secret des Eintrags dieses Zendesk-Kontos in der Installationsdatei des Proxys. Zendesk speichert es serverseitig und signiert damit jeden Aufruf.

## Before the page starts

start-failed = Sidecard konnte nicht starten. Laden Sie die Seite neu; wenn das weiterhin passiert, informieren Sie Ihren Admin (die Konsole des Browsers zeigt, was fehlgeschlagen ist).
stopped-working = Sidecard funktioniert nicht mehr. Laden Sie die Seite neu; wenn das weiterhin passiert, informieren Sie Ihren Admin (die Konsole des Browsers zeigt, was fehlgeschlagen ist).

# Sidecard's messages in English: the catalog every other one is checked against.
#
# One file per language (locales/<BCP 47 tag>.ftl, Project Fluent syntax). The agent's
# messages come first; the settings page's follow its "## Settings page" group, which the
# agent's bundles leave out. Variables are listed above each message that has any.

## Kinds of records, fields and activities (cards, forms and settings)

entity-contact = Contact
entity-lead = Lead
entity-account = Account
entity-deal = Deal
entity-activity = Activity

activity-phone-call = Phone call
activity-task = Task

## Values on the cards

value-yes = Yes
value-no = No

## The page around the cards (app.rs, host/*)

settings-link = Settings
prompt-standalone = Type the customer's email or phone number to see their CRM record.
prompt-help-desk = The help desk gives no email address or phone number for this customer, so there is nothing to look up.
prompt-dynamics = Open a contact, lead or account, or click a phone number, to see the customer here.

# $detail (text): what the help desk's own SDK said when it failed
host-failed = The help desk did not answer Sidecard: { $detail }. Reload the page; if it persists, tell your admin.
zendesk-sdk-missing = Zendesk's app SDK did not load: reload the ticket; if it persists, check that this browser may load static.zdassets.com.
zendesk-not-in-zendesk = This page must be opened by Zendesk as the Sidecard app (it has no origin and app_guid).
zendesk-proxy-url-setting = The Sidecard app's Proxy URL setting is missing or not an https URL: a Zendesk admin sets it in Admin Center → Apps and integrations → Sidecard.
zendesk-no-account = Zendesk did not say which account this is (context.account.subdomain).
freshdesk-client-missing = Freshdesk's app client did not load: reload the page; if it persists, ask your Freshdesk admin to reinstall the Sidecard app.
cif-open-as-channel = This page is Sidecard's Dynamics 365 channel: open it as /cif?base=<your org's URL>.
# $org (URL): the Dynamics 365 organization's address
cif-library-not-loaded = Dynamics 365's channel library did not load from { $org }. Open Sidecard from Dynamics 365 (it is a channel panel), and check that this browser reaches { $org }.
# $org (URL): the Dynamics 365 organization's address
cif-library-not-started = Dynamics 365's channel library did not start. Allow third-party cookies for { $org } (without them the library is sent to a sign-in page), then reload.
# $detail (text): what Dynamics 365 answered
cif-record-refused = Dynamics 365 would not show Sidecard this record ({ $detail }). Reload the page; if it keeps happening, ask your Dynamics admin whether your role may read it.
# $detail (text): what Dynamics 365 answered
cif-sign-in-refused = Dynamics 365 did not let Sidecard confirm who you are ({ $detail }). Sidecard signs in by creating (and at once removing) a note: ask your Dynamics admin for permission to create notes.
log-needs-ticket = Open a ticket to log its conversation to the CRM.

## Errors (error_panel.rs, transport.rs)

error-check-search = Check what was searched
error-check-search-help = The email address or phone number could not be searched as it is written.
error-check-settings = Check the settings
error-check-settings-help = The settings could not be used as they are: correct what is named below.
error-unauthorized = Sidecard doesn't recognise this app
error-unauthorized-help = Ask your admin to check the Sidecard app's settings in the help desk.
error-forbidden = Only an admin can do this
error-forbidden-help = Ask a Sidecard admin, or sign in with the admin key.
error-conflict = Someone else saved first
error-conflict-help = Reload to see their changes, then make yours again.
error-duplicate = Already in the CRM
error-duplicate-help = The CRM already has this person: pick them rather than creating another.
error-not-supported = Not available for this CRM
error-not-supported-help = Your CRM does not offer this through Sidecard.
error-busy = Too busy right now
error-busy-help = Too many requests at once: wait a moment, then try again.
error-timeout = Taking too long
error-timeout-help = The CRM did not answer in time. Try again in a moment.
error-crm-too-large = Too much to show
error-crm-too-large-help = The CRM's answer is too large for the sidebar. Search by a more specific email or number.
error-crm-unavailable = The CRM did not answer
error-crm-unavailable-help = The CRM may be down or under maintenance. Try again in a few minutes.
error-crm-auth = Sidecard can't sign in to the CRM
error-crm-auth-help = Tell your admin: Sidecard's connection to the CRM needs to be set up again.
error-other = Something went wrong
error-other-help = Try again; if it persists, tell your admin what it says below.
error-network = Can't reach Sidecard
error-network-help = Check your connection. If it works, the Sidecard proxy may be down: tell your admin.
error-host = Sidecard can't read this page
error-unexpected = Sidecard answered unexpectedly
error-unexpected-help = Tell your admin what it says below.
error-try-again = Try again
# One sentence for a form's inline error.
error-network-short = Can't reach Sidecard: check your connection.
# $detail (text): the status and what was wrong with the answer
error-unexpected-short = Sidecard answered unexpectedly: { $detail }.
# A form's one-line error: what went wrong in the agent's words, then the proxy's own.
# $title (string): the error's title, already translated ("Too busy right now")
# $detail (string): what the proxy said, in English
error-inline = { $title }: { $detail }

## On demand: create_person.rs
#
# The groups headed "On demand" are the messages of the views loaded on demand
# (src/on_demand.rs): their English comes with those views' module, not with every page's.

create-person-duplicates-title = Already in the CRM?
# Shown in parentheses after the name of a record that may be the same person.
# $entity (string): the kind of record, already translated ("Contact" or "Lead").
create-person-duplicate-entity = ({ $entity })
# What the likely duplicates are, above their list: the first one's name, when the agent may
# still create the new record (the admin's duplicate policy warns).
# $name (string): the record's name as the CRM has it
create-person-duplicates-may-create = The CRM already has { $name } who may be this person. Open that record, or create anyway.
# The same, when the admin's duplicate policy blocks creating it.
# $name (string): the record's name as the CRM has it
create-person-duplicates-blocked = The CRM already has { $name } who may be this person: open that record instead.
# The CRM's own duplicate rules refused the record without naming the match.
create-person-duplicates-refused = The CRM's duplicate rules refused the new record: a matching record already exists.
create-person-create-anyway = Create anyway
create-person-back = Back to the form
create-person-title = New contact or lead
create-person-first-name = First name
create-person-last-name = Last name (required)
create-person-email = Email
create-person-phone = Phone
create-person-company = Company
create-person-creating = Creating…
create-person-create = Create
create-person-cancel = Cancel
# Label of a field the CRM or the admin requires.
# $label (string): the field's label as the CRM names it (CRM data, not translated), e.g. "Job title".
create-person-required = { $label } (required)

## log_form.rs: the button on the card

log-form-open = Log to CRM

## On demand: log_form.rs, the form

log-form-updated = Updated the logged activity.
log-form-unchanged = Already logged.
log-form-logged = Logged to the CRM.
log-form-again = Log again
log-form-note = Note for the CRM (optional)
log-form-saving = Saving…
log-form-save = Save to CRM
log-form-cancel = Cancel

## On demand: chooser.rs

chooser-no-account = No account
# $reasons (string): which of the person's CRM fields held the searched values, as the CRM
# labels them, e.g. "Email 2: info@northwind.example" (several joined by " · ").
chooser-matched-on = Matched on { $reasons }
chooser-label = Matching people
# $count (number): how many people in the CRM match the customer (always at least 2).
chooser-title = { $count ->
    [one] { $count } person matches
   *[other] { $count } people match
}
chooser-hint = The CRM has duplicates for this customer. Choose the right record:
chooser-none = None of these: create a new contact or lead

## On demand: no_match.rs

# One line of the list of what was searched; the address is shown in code style.
# $email (string): the email address searched for.
no-match-email = Email { $email } in every email field
# One line of the list of what was searched; the number is shown in code style.
# $phone (string): the phone number searched for, in international form ("+14255550100").
# $formats (string): other ways the number is written that were searched too, separated by
# ", " (may be empty).
no-match-phone = Phone { $phone } in every phone field, also written as { $formats }
# The same line for a number with no other written forms.
# $phone (string): the phone number searched for, in international form ("+14255550100").
no-match-phone-only = Phone { $phone } in every phone field
no-match-host-form = Open Dynamics' form
no-match-title = No customer found
no-match-searched = No contact or open lead in the CRM matches:
no-match-hint = Check the spelling, or search for another address or number the customer uses.
no-match-create = Create contact or lead

## On demand: pin_button.rs

pin-button-unpin = Unpin
pin-button-pin = Pin as this customer

## call_bar.rs

# Link that calls a customer's phone number.
# $number (string): the number as the help desk gave it, e.g. "4255550102".
call-bar-call = Call { $number }

## deal_list.rs

# The deal card's name for screen readers (aria-label).
deal-list-label = Open deals
# The deal card's heading; the count follows it (deal-list-count), in a lighter style.
# deal-list-count, log-editor-field-kind and preview-sample-values follow the text before them
# directly: each starts with the space its language puts there ({" "}), or none (as in
# Japanese and Chinese, whose full-width brackets carry their own).
deal-list-title = Open deals
# $count (number): how many open deals the person and their account have in the CRM
deal-list-count = {" "}({ $count })
deal-list-empty = No open deals.
# A deal without an amount, in place of the amount.
deal-list-no-amount = No amount
# A deal without a close date, in place of "Closes …".
deal-list-no-close-date = No close date
# $date (string): the day the deal is expected to close, already formatted for the agent ("20.12.2026")
deal-list-closes = Closes { $date }
# $count (number): how many more open deals the CRM has than the list shows (1 or more)
deal-list-more = { $count ->
    [one] +{ $count } more in the CRM
   *[other] +{ $count } more in the CRM
}

## freshness.rs

# Under the cards when the answer was reused from a recent lookup.
# $minutes (number): how many minutes ago the CRM gave the answer (1 or more)
freshness-updated = { $minutes ->
    [one] Updated { $minutes } min ago
   *[other] Updated { $minutes } min ago
}
# The notice over the last known answer when the CRM cannot give a new one now.
# $time (string): when the CRM gave that answer, a time already formatted for the agent ("14:05")
# $reason (string): why there is no newer answer: "unavailable" (the CRM does not answer), "throttled" (the CRM asked to be called less often) or "timeout" (the CRM answers too slowly)
freshness-stale-as-of = { $reason ->
    [throttled] As of { $time } — the CRM asked Sidecard to slow down; this may be out of date.
    [timeout] As of { $time } — the CRM is slow to answer; this may be out of date.
   *[unavailable] As of { $time } — the CRM isn't answering; this may be out of date.
}
# The same notice when the time of the answer is not known.
# $reason (string): why there is no newer answer: "unavailable" (the CRM does not answer), "throttled" (the CRM asked to be called less often) or "timeout" (the CRM answers too slowly)
freshness-stale = { $reason ->
    [throttled] The CRM asked Sidecard to slow down; this may be out of date.
    [timeout] The CRM is slow to answer; this may be out of date.
   *[unavailable] The CRM isn't answering; this may be out of date.
}
# The notice's button: asks the CRM again.
freshness-try-again = Try again

## person_card.rs

# Why this person is shown.
# $reasons (string): the person's fields that matched the search, each as "field label: value", joined by " · " ("Email 2: ana@garcia.family · Mobile: (425) 555-0100")
person-card-matched-on = Matched on { $reasons }
# A link that opens the person's record in the CRM.
person-card-open-in-crm = Open in CRM
# Heading over the person's latest activities (calls, tasks…).
person-card-recent-title = Recent activity

## On demand: several.rs

# Over the cards of a person an agent pinned among several matches.
# $name (string): who pinned them, as their help desk names the agent ("Alex Agent")
# $date (string): the day they pinned them, already formatted for the agent
results-pinned-by = Pinned by { $name } on { $date }
# The button back from one person's cards to the list of everyone who matched.
# $count (number): how many people matched (always two or more)
results-back-to-all = { $count ->
   *[other] ← All { $count } matches
}

## results.rs

# Over the card of a person the agent has just created.
results-created = Created in the CRM.

## search_box.rs

# The search field's label for screen readers.
search-box-label = Email or phone
# The search field's placeholder.
search-box-placeholder = Email or phone number
# The search button.
search-box-submit = Look up

## states.rs

# Read by screen readers while the card's outline shows, before the answer arrives.
skeleton-looking-up = Looking up the customer…

## Settings page
##
## Everything below is shown on the admin's settings page only.

## Kinds of fields, value sources and help desks

kind-text = Text
kind-email = Email
kind-phone = Phone
kind-money = Money
kind-date = Date
kind-number = Number
kind-bool = Yes/No
kind-choice = Choice
kind-link = Link

source-subject = Ticket subject
source-link = Link to the ticket
source-conversation-id = Ticket number
source-channel = Channel
source-direction = Direction
source-duration-seconds = Duration (seconds)
source-duration-minutes = Duration (minutes)
source-note = Agent's note
source-summary = Note, channel and link
source-fixed = Fixed value

desk-zendesk = Zendesk
desk-freshdesk = Freshdesk
desk-dynamics = Dynamics 365 panel
desk-standalone = Standalone page

## settings_page.rs

settings-title = Sidecard settings
# $install (string): the id of the install whose settings are edited (e.g. "acme-zendesk"), shown in bold
settings-install = Install: { $install }
settings-back = ← Back to lookup
settings-loading = Loading the settings and the CRM's fields…
settings-unlock-title = Enter the admin key
settings-unlock-text = This Sidecard proxy serves only its help desk apps. Enter the admin key to open its settings.
settings-unlock-open = Open the settings
settings-load-failed = The settings could not be loaded
settings-try-again = Try again
settings-error-network = Sidecard could not be reached: check the connection and try again.
# $detail (string): a technical detail of what came back (not translated)
settings-error-unexpected = Sidecard answered unexpectedly: { $detail }.
# The tab list's name for screen readers.
settings-tabs-label = What to set
settings-tab-deals = Deals
settings-tab-activity = Recent activity
settings-tab-lookup = Lookup & calls
settings-tab-log = Log to CRM
settings-tab-create-form = Create form
settings-admin-key = Admin key
settings-save = Save
settings-discard = Discard
settings-unsaved = Unsaved changes.
settings-saving = Saving…
# $version (string): the number of the version just saved (1, 2, …)
settings-saved = Saved (version { $version }). Agents see it on their next lookup.
# After someone else saved first (the proxy's message says so above the button).
settings-load-theirs = Load their version
# Followed by a list of the problems the proxy found.
settings-not-saved-problems = Nothing was saved. Fix these first:
# $reason (string): why, in a sentence (from the proxy, or one of the settings-error-* messages)
settings-not-saved = Nothing was saved. { $reason }

## card_editor.rs

# $entity (string): which card: contact, lead, account, deal or activity (the editor's name for screen readers)
card-editor-label = { $entity ->
    [lead] Lead card
    [account] Account card
    [deal] Deal card
    [activity] Activity card
   *[contact] Contact card
}
# $entity (string): which card: contact, lead, account, deal (the deal list) or activity (the recent-activity list)
card-editor-show = { $entity ->
    [lead] Show the lead card
    [account] Show the account card
    [deal] Show the deal list
    [activity] Show the recent-activity list
   *[contact] Show the contact card
}
card-editor-fields-heading = Fields, in order
card-editor-deal-heading = Extra fields under each deal
card-editor-deal-always = Name, amount, stage and close date always show.
card-editor-activity-heading = Extra fields under each activity
card-editor-activity-always = Type, subject, date and owner always show.
# Stands where a field's type would be, for a chosen field the CRM no longer has.
card-editor-not-in-crm = Not in the CRM
# $field (string): the field's name in the CRM (the text box for the name agents see instead)
card-editor-label-for = Label agents see for { $field }
# $field (string): the field's name in the CRM (button)
card-editor-move-up = Move { $field } up
# $field (string): the field's name in the CRM (button)
card-editor-move-down = Move { $field } down
# $field (string): the field's name in the CRM (button that takes it off the card)
card-editor-hide = Hide { $field }
card-editor-none-chosen = No fields chosen: tick them below.
# $entity (string): which card: contact, lead, account, deal or activity
# $count (number): how many fields the CRM has for it
card-editor-all-fields = { $entity ->
    [lead] All { $count } lead fields in the CRM
    [account] All { $count } account fields in the CRM
    [deal] All { $count } deal fields in the CRM
    [activity] All { $count } activity fields in the CRM
   *[contact] All { $count } contact fields in the CRM
}
card-editor-search-placeholder = Search by name or key
card-editor-search-label = Search fields
# Before a list of numbers (none, 1, 2, …).
card-editor-recent = Latest activities on the person card
# The choice of no activities at all.
card-editor-recent-none = none
# $input (string): where the box for the number of deals goes (do not translate the variable's name)
card-editor-max-deals = Show at most { $input } deals
# Before the list of the two orders below.
card-editor-order = Order
card-editor-order-close-date = Soonest close date first
card-editor-order-amount = Largest amount first

## log_editor.rs

log-editor-no-log = This CRM connector does not log activities.
# The tab's name for screen readers.
log-editor-label = Log to CRM
# Before the list of activity types (Phone call, Task).
log-editor-activity = Record each conversation as a
# Before the two choices below.
log-editor-repeat = When the same ticket is logged again for the same person
log-editor-repeat-update = update the activity it logged
log-editor-repeat-append = log another activity
log-editor-column-field = Activity field
log-editor-column-source = Filled from
# A column of remove buttons (heard by screen readers only).
log-editor-column-remove = Remove
# $kind (string): the type of the field (one of the kind-* messages), after the field's name
log-editor-field-kind = {" "}({ $kind })
# $field (string): the activity field's name in the CRM (list of sources for it)
log-editor-source-label = { $field } is filled from
# $field (string): the activity field's name in the CRM (text box for the fixed value)
log-editor-fixed-value = Fixed value of { $field }
# $field (string): the activity field's name in the CRM (button)
log-editor-remove-label = Stop filling { $field }
# Before the list of activity fields not yet filled.
log-editor-add = Also fill
log-editor-add-choose = Choose a field…
log-editor-preview-title = A log of a sample phone ticket sends

## lookup_options.rs

# The tab's name for screen readers.
lookup-options-label = Lookup and calls
lookup-options-secondary-emails = Search every email field, not only the primary one
lookup-options-fall-back-to-leads = Search open leads when no contact matches
lookup-options-region = Country for numbers without a country code
# An example two-letter country code (ISO 3166) in the empty box.
lookup-options-region-placeholder = US
lookup-options-region-hint = Two letters (US, GB, DE). Empty: the proxy's default.
# Before the three choices below.
lookup-options-duplicates = When a new contact looks like a duplicate
lookup-options-duplicates-block = Block it and show the existing record
lookup-options-duplicates-warn = Warn, and let the agent create it anyway
lookup-options-duplicates-allow = Create it without asking
lookup-options-dial = Call link
# Under the call link's box; the three variables are shown as code.
# $e164 (string): the placeholder "{e164}" the admin types for the number in international format
# $digits (string): the placeholder "{digits}" the admin types for the number's digits alone
# $url (string): the link the call link would open for +1 425 555 0100
lookup-options-dial-hint = { $e164 } or { $digits } is the number. +1 425 555 0100 would open: { $url }

## form_editor.rs

form-editor-hint = Every form asks for the first and last name, email, phone and company. Tick the other fields agents should fill when they create someone; the ones the CRM requires are always asked for.
# $entity (string): which form: contact or lead
form-editor-new = { $entity ->
    [lead] New lead
   *[contact] New contact
}
# $field (string): the field's name in the CRM
form-editor-required = { $field } (required by the CRM)

## preview.rs

# The preview's name for screen readers.
preview-label = Preview
preview-title = Preview
# After the preview-title heading.
preview-sample-values = {" "}(sample values)
preview-hidden = This card is hidden: agents will not see it.

## Help desk app packages
##
## What Zendesk's Admin Center shows about the app (translations/<locale>.json in the Zendesk
## package) and what the Freshworks developer portal's listing says (written beside the
## Freshdesk package). Never shown by the widget itself.

app-short-description = The customer's CRM record beside the ticket.
app-long-description = Sidecard shows the requester's contact or lead, their account and open deals from Dynamics 365 or Salesforce, with the fields your admin chose.
app-installation-instructions = Enter your Sidecard proxy's URL and the shared secret from its installs file.
app-proxy-url-label = Proxy URL
app-proxy-url-help = Your Sidecard proxy, e.g. https://sidecard.acme.example
app-shared-secret-label = Shared secret
app-shared-secret-help = The jwt_secret of this Zendesk account's entry in the proxy's installs file. Zendesk keeps it server-side and signs each call with it.

## Before the page starts
##
## Shown by the page itself when its bundle cannot start (a file refused by its hash or not
## reachable, or a start that fails) or stops after it started (a panic): `cargo xtask build`
## writes the English into every page (xtask/src/start.js), which reads the browser's
## language's from here. One line each, no variables: the page reads them without Fluent.

start-failed = Sidecard could not start. Reload the page; if this keeps happening, tell your admin (the browser's console says what failed).
stopped-working = Sidecard stopped working. Reload the page; if this keeps happening, tell your admin (the browser's console says what failed).

# Les messages de Sidecard en français (catalogue traduit depuis locales/en.ftl).
#
# Vouvoiement ; termes : contact, prospect (lead), compte (account), opportunité (deal),
# activité, épingler (pin), consigner (log), paramètres (settings), carte (card),
# fiche (record), outil d'assistance (help desk).

## Kinds of records, fields and activities (cards, forms and settings)

entity-contact = Contact
entity-lead = Prospect
entity-account = Compte
entity-deal = Opportunité
entity-activity = Activité

activity-phone-call = Appel téléphonique
activity-task = Tâche

## Values on the cards

value-yes = Oui
value-no = Non

## The page around the cards (app.rs, host/*)

settings-link = Paramètres
prompt-standalone = Saisissez l'adresse e-mail ou le numéro de téléphone du client pour afficher sa fiche CRM.
prompt-help-desk = L'outil d'assistance ne fournit ni adresse e-mail ni numéro de téléphone pour ce client : il n'y a rien à rechercher.
prompt-dynamics = Ouvrez un contact, un prospect ou un compte, ou cliquez sur un numéro de téléphone, pour afficher le client ici.
host-failed = L'outil d'assistance n'a pas répondu à Sidecard : { $detail }. Rechargez la page ; si le problème persiste, prévenez votre administrateur.
zendesk-sdk-missing = Le SDK d'application de Zendesk ne s'est pas chargé : rechargez le ticket ; si le problème persiste, vérifiez que ce navigateur peut charger static.zdassets.com.
zendesk-not-in-zendesk = Cette page doit être ouverte par Zendesk en tant qu'application Sidecard (son adresse ne contient ni origin ni app_guid).
zendesk-proxy-url-setting = Le paramètre « URL du proxy » de l'application Sidecard est absent ou n'est pas une URL https : un administrateur Zendesk le définit dans Centre d'administration → Applications et intégrations → Sidecard.
zendesk-no-account = Zendesk n'a pas indiqué de quel compte il s'agit (context.account.subdomain).
freshdesk-client-missing = Le client d'application de Freshdesk ne s'est pas chargé : rechargez la page ; si le problème persiste, demandez à votre administrateur Freshdesk de réinstaller l'application Sidecard.
cif-open-as-channel = Cette page est le canal Dynamics 365 de Sidecard : ouvrez-la à l'adresse /cif?base=<your org's URL>.
cif-library-not-loaded = La bibliothèque de canal de Dynamics 365 ne s'est pas chargée depuis { $org }. Ouvrez Sidecard depuis Dynamics 365 (c'est un panneau de canal) et vérifiez que ce navigateur peut accéder à { $org }.
cif-library-not-started = La bibliothèque de canal de Dynamics 365 n'a pas démarré. Autorisez les cookies tiers pour { $org } (sans eux, la bibliothèque est redirigée vers une page de connexion), puis rechargez la page.
cif-record-refused = Dynamics 365 a refusé d'afficher cette fiche dans Sidecard ({ $detail }). Rechargez la page ; si cela se reproduit, demandez à votre administrateur Dynamics si votre rôle vous permet de la consulter.
cif-sign-in-refused = Dynamics 365 n'a pas permis à Sidecard de confirmer votre identité ({ $detail }). Pour vous connecter, Sidecard crée une note (et la supprime aussitôt) : demandez à votre administrateur Dynamics l'autorisation de créer des notes.
log-needs-ticket = Ouvrez un ticket pour consigner sa conversation dans le CRM.

## Errors (error_panel.rs, transport.rs)

error-check-search = Vérifiez votre recherche
error-check-search-help = Impossible de rechercher cette adresse e-mail ou ce numéro de téléphone tel qu'il est saisi.
error-check-settings = Vérifiez les paramètres
error-check-settings-help = Les paramètres ne peuvent pas être utilisés en l'état : corrigez les éléments indiqués ci-dessous.
error-unauthorized = Sidecard ne reconnaît pas cette application
error-unauthorized-help = Demandez à votre administrateur de vérifier les paramètres de l'application Sidecard dans l'outil d'assistance.
error-forbidden = Seul un administrateur peut effectuer cette action
error-forbidden-help = Adressez-vous à un administrateur Sidecard, ou connectez-vous avec la clé d'administration.
error-conflict = Quelqu'un d'autre a enregistré avant vous
error-conflict-help = Rechargez la page pour voir ses modifications, puis refaites les vôtres.
error-duplicate = Déjà dans le CRM
error-duplicate-help = Cette personne existe déjà dans le CRM : sélectionnez-la plutôt que d'en créer une autre.
error-not-supported = Non disponible pour ce CRM
error-not-supported-help = Votre CRM ne propose pas cette fonction via Sidecard.
error-busy = Service surchargé pour le moment
error-busy-help = Trop de requêtes simultanées : patientez un instant, puis réessayez.
error-timeout = Délai de réponse dépassé
error-timeout-help = Le CRM n'a pas répondu à temps. Réessayez dans un instant.
error-crm-too-large = Trop de données à afficher
error-crm-too-large-help = La réponse du CRM est trop volumineuse pour le panneau latéral. Recherchez une adresse e-mail ou un numéro plus précis.
error-crm-unavailable = Le CRM n'a pas répondu
error-crm-unavailable-help = Le CRM est peut-être indisponible ou en maintenance. Réessayez dans quelques minutes.
error-crm-auth = Sidecard ne parvient pas à se connecter au CRM
error-crm-auth-help = Prévenez votre administrateur : la connexion de Sidecard au CRM doit être reconfigurée.
error-other = Une erreur s'est produite
error-other-help = Réessayez ; si le problème persiste, transmettez à votre administrateur le message ci-dessous.
error-network = Impossible de joindre Sidecard
error-network-help = Vérifiez votre connexion. Si elle fonctionne, le proxy Sidecard est peut-être hors service : prévenez votre administrateur.
error-host = Sidecard ne peut pas lire cette page
error-unexpected = Réponse inattendue de Sidecard
error-unexpected-help = Transmettez à votre administrateur le message ci-dessous.
error-try-again = Réessayer
error-network-short = Impossible de joindre Sidecard : vérifiez votre connexion.
error-unexpected-short = Réponse inattendue de Sidecard : { $detail }.
error-inline = { $title } : { $detail }

## create_person.rs

create-person-duplicates-title = Déjà dans le CRM ?
create-person-duplicate-entity = ({ $entity })
create-person-duplicates-may-create = Le CRM contient déjà { $name }, qui pourrait être cette personne. Ouvrez cette fiche ou créez-en quand même une nouvelle.
create-person-duplicates-blocked = Le CRM contient déjà { $name }, qui pourrait être cette personne : ouvrez plutôt cette fiche.
create-person-duplicates-refused = Les règles de doublons du CRM ont refusé la nouvelle fiche : une fiche correspondante existe déjà.
create-person-create-anyway = Créer quand même
create-person-back = Retour au formulaire
create-person-title = Nouveau contact ou prospect
create-person-first-name = Prénom
create-person-last-name = Nom (obligatoire)
create-person-email = E-mail
create-person-phone = Téléphone
create-person-company = Société
create-person-creating = Création en cours…
create-person-create = Créer
create-person-cancel = Annuler
create-person-required = { $label } (obligatoire)

## log_form.rs

log-form-updated = L'activité consignée a été mise à jour.
log-form-unchanged = Cette conversation est déjà consignée.
log-form-logged = Conversation consignée dans le CRM.
log-form-open = Consigner dans le CRM
log-form-again = Consigner à nouveau
log-form-note = Note pour le CRM (facultatif)
log-form-saving = Enregistrement en cours…
log-form-save = Enregistrer dans le CRM
log-form-cancel = Annuler

## chooser.rs

chooser-no-account = Aucun compte
chooser-matched-on = Correspondance trouvée via { $reasons }
chooser-label = Personnes correspondantes
chooser-title = { $count ->
    [one] { $count } personne correspond
   *[other] { $count } personnes correspondent
}
chooser-hint = Le CRM contient des doublons pour ce client. Choisissez la bonne fiche :
chooser-none = Aucune de ces personnes : créer un contact ou un prospect

## no_match.rs

no-match-email = E-mail { $email } dans tous les champs e-mail
no-match-phone = Téléphone { $phone } dans tous les champs téléphone, également sous la forme { $formats }
no-match-phone-only = Téléphone { $phone } dans tous les champs téléphone
no-match-host-form = Ouvrir le formulaire Dynamics
no-match-title = Aucun client trouvé
no-match-searched = Aucun contact ni prospect ouvert dans le CRM ne correspond à :
no-match-hint = Vérifiez l'orthographe, ou recherchez une autre adresse ou un autre numéro utilisé par le client.
no-match-create = Créer un contact ou un prospect

## pin_button.rs

pin-button-unpin = Désépingler
pin-button-pin = Épingler comme fiche de ce client

## call_bar.rs

call-bar-call = Appeler le { $number }

## deal_list.rs

deal-list-label = Opportunités ouvertes
deal-list-title = Opportunités ouvertes
deal-list-count = {" "}({ $count })
deal-list-empty = Aucune opportunité ouverte.
deal-list-no-amount = Sans montant
deal-list-no-close-date = Sans date de clôture
deal-list-closes = Clôture prévue le { $date }
deal-list-more = { $count ->
    [one] +{ $count } autre dans le CRM
   *[other] +{ $count } autres dans le CRM
}

## freshness.rs

freshness-updated = { $minutes ->
    [one] Mis à jour il y a { $minutes } min
   *[other] Mis à jour il y a { $minutes } min
}
freshness-stale-as-of = { $reason ->
    [throttled] Dernière mise à jour à { $time } — le CRM a demandé à Sidecard de ralentir ; ces informations sont peut-être obsolètes.
    [timeout] Dernière mise à jour à { $time } — le CRM met trop de temps à répondre ; ces informations sont peut-être obsolètes.
   *[unavailable] Dernière mise à jour à { $time } — le CRM ne répond pas ; ces informations sont peut-être obsolètes.
}
freshness-stale = { $reason ->
    [throttled] Le CRM a demandé à Sidecard de ralentir ; ces informations sont peut-être obsolètes.
    [timeout] Le CRM met trop de temps à répondre ; ces informations sont peut-être obsolètes.
   *[unavailable] Le CRM ne répond pas ; ces informations sont peut-être obsolètes.
}
freshness-try-again = Réessayer

## person_card.rs

person-card-matched-on = Correspondance trouvée via { $reasons }
person-card-open-in-crm = Ouvrir dans le CRM
person-card-recent-title = Activités récentes

## results.rs

results-pinned-by = Épinglé par { $name } le { $date }
results-back-to-all = { $count ->
   *[other] ← Toutes les correspondances ({ $count })
}
results-created = Fiche créée dans le CRM.

## search_box.rs

search-box-label = E-mail ou téléphone
search-box-placeholder = E-mail ou numéro de téléphone
search-box-submit = Rechercher

## states.rs

skeleton-looking-up = Recherche du client…

## Settings page
##
## Everything below is shown on the admin's settings page only.

## Kinds of fields, value sources and help desks

kind-text = Texte
kind-email = E-mail
kind-phone = Téléphone
kind-money = Montant
kind-date = Date
kind-number = Nombre
kind-bool = Oui/Non
kind-choice = Choix
kind-link = Lien

source-subject = Objet du ticket
source-link = Lien vers le ticket
source-conversation-id = Numéro du ticket
source-channel = Canal
source-direction = Sens
source-duration-seconds = Durée (secondes)
source-duration-minutes = Durée (minutes)
source-note = Note de l'agent
source-summary = Note, canal et lien
source-fixed = Valeur fixe

desk-zendesk = Zendesk
desk-freshdesk = Freshdesk
desk-dynamics = Panneau Dynamics 365
desk-standalone = Page autonome

## settings_page.rs

settings-title = Paramètres de Sidecard
settings-install = Installation : { $install }
settings-back = ← Retour à la recherche
settings-loading = Chargement des paramètres et des champs du CRM…
settings-unlock-title = Saisissez la clé d'administration
settings-unlock-text = Ce proxy Sidecard ne dessert que les applications de son outil d'assistance. Saisissez la clé d'administration pour ouvrir ses paramètres.
settings-unlock-open = Ouvrir les paramètres
settings-load-failed = Impossible de charger les paramètres
settings-try-again = Réessayer
settings-error-network = Impossible de joindre Sidecard : vérifiez la connexion et réessayez.
settings-error-unexpected = Réponse inattendue de Sidecard : { $detail }.
settings-tabs-label = Sections des paramètres
settings-tab-deals = Opportunités
settings-tab-activity = Activités récentes
settings-tab-lookup = Recherche et appels
settings-tab-log = Consignation dans le CRM
settings-tab-create-form = Formulaire de création
settings-admin-key = Clé d'administration
settings-save = Enregistrer
settings-discard = Annuler les modifications
settings-unsaved = Modifications non enregistrées.
settings-saving = Enregistrement en cours…
settings-saved = Paramètres enregistrés (version { $version }). Les agents les verront lors de leur prochaine recherche.
settings-load-theirs = Charger la version enregistrée
settings-not-saved-problems = Rien n'a été enregistré. Corrigez d'abord ces points :
settings-not-saved = Rien n'a été enregistré. { $reason }

## card_editor.rs

card-editor-label = { $entity ->
    [lead] Carte Prospect
    [account] Carte Compte
    [deal] Carte Opportunité
    [activity] Carte Activité
   *[contact] Carte Contact
}
card-editor-show = { $entity ->
    [lead] Afficher la carte Prospect
    [account] Afficher la carte Compte
    [deal] Afficher la liste des opportunités
    [activity] Afficher la liste des activités récentes
   *[contact] Afficher la carte Contact
}
card-editor-fields-heading = Champs, dans l'ordre
card-editor-deal-heading = Champs supplémentaires sous chaque opportunité
card-editor-deal-always = Le nom, le montant, l'étape et la date de clôture sont toujours affichés.
card-editor-activity-heading = Champs supplémentaires sous chaque activité
card-editor-activity-always = Le type, l'objet, la date et le propriétaire sont toujours affichés.
card-editor-not-in-crm = Absent du CRM
card-editor-label-for = Libellé affiché aux agents pour { $field }
card-editor-move-up = Déplacer { $field } vers le haut
card-editor-move-down = Déplacer { $field } vers le bas
card-editor-hide = Masquer { $field }
card-editor-none-chosen = Aucun champ sélectionné : cochez ci-dessous ceux à afficher.
card-editor-all-fields = { $entity ->
    [lead] Tous les champs Prospect du CRM ({ $count })
    [account] Tous les champs Compte du CRM ({ $count })
    [deal] Tous les champs Opportunité du CRM ({ $count })
    [activity] Tous les champs Activité du CRM ({ $count })
   *[contact] Tous les champs Contact du CRM ({ $count })
}
card-editor-search-placeholder = Rechercher par nom ou par clé
card-editor-search-label = Rechercher des champs
card-editor-recent = Nombre d'activités récentes sur la carte de la personne
card-editor-recent-none = aucune
card-editor-max-deals = Afficher au plus { $input } opportunités
card-editor-order = Tri
card-editor-order-close-date = Date de clôture la plus proche en premier
card-editor-order-amount = Montant le plus élevé en premier

## log_editor.rs

log-editor-no-log = Ce connecteur CRM ne consigne pas d'activités.
log-editor-label = Consignation dans le CRM
log-editor-activity = Type d'activité créée pour chaque conversation
log-editor-repeat = Si le même ticket est de nouveau consigné pour la même personne
log-editor-repeat-update = mettre à jour l'activité déjà consignée
log-editor-repeat-append = consigner une nouvelle activité
log-editor-column-field = Champ de l'activité
log-editor-column-source = Rempli à partir de
log-editor-column-remove = Supprimer
log-editor-field-kind = {" "}({ $kind })
log-editor-source-label = Source de la valeur de { $field }
log-editor-fixed-value = Valeur fixe de { $field }
log-editor-remove-label = Ne plus remplir { $field }
log-editor-add = Remplir aussi
log-editor-add-choose = Choisissez un champ…
log-editor-preview-title = Données envoyées lors de la consignation d'un exemple de ticket téléphonique

## lookup_options.rs

lookup-options-label = Recherche et appels
lookup-options-secondary-emails = Rechercher dans tous les champs e-mail, pas seulement dans le principal
lookup-options-fall-back-to-leads = Rechercher parmi les prospects ouverts si aucun contact ne correspond
lookup-options-region = Pays des numéros saisis sans indicatif de pays
lookup-options-region-placeholder = US
lookup-options-region-hint = Deux lettres (US, GB, DE). Vide : valeur par défaut du proxy.
lookup-options-duplicates = Lorsqu'un nouveau contact semble être un doublon
lookup-options-duplicates-block = Le bloquer et afficher la fiche existante
lookup-options-duplicates-warn = Avertir l'agent et le laisser le créer quand même
lookup-options-duplicates-allow = Le créer sans demander
lookup-options-dial = Lien d'appel
lookup-options-dial-hint = { $e164 } ou { $digits } représente le numéro. Pour le +1 425 555 0100, le lien ouvrirait : { $url }

## form_editor.rs

form-editor-hint = Chaque formulaire demande le prénom et le nom, l'e-mail, le téléphone et la société. Cochez les autres champs que les agents doivent remplir lorsqu'ils créent une personne ; ceux exigés par le CRM sont toujours demandés.
form-editor-new = { $entity ->
    [lead] Nouveau prospect
   *[contact] Nouveau contact
}
form-editor-required = { $field } (obligatoire dans le CRM)

## preview.rs

preview-label = Aperçu
preview-title = Aperçu
preview-sample-values = {" "}(valeurs d'exemple)
preview-hidden = Cette carte est masquée : les agents ne la verront pas.

## Help desk app packages
##
## What Zendesk's Admin Center shows about the app (translations/<locale>.json in the Zendesk
## package) and what the Freshworks developer portal's listing says (written beside the
## Freshdesk package). Never shown by the widget itself.

app-short-description = La fiche CRM du client à côté du ticket.
app-long-description = Sidecard affiche le contact ou le prospect du demandeur, son compte et ses opportunités ouvertes depuis Dynamics 365 ou Salesforce, avec les champs choisis par votre administrateur.
app-installation-instructions = Saisissez l'URL de votre proxy Sidecard et le secret partagé indiqué dans son fichier d'installations.
app-proxy-url-label = URL du proxy
app-proxy-url-help = Votre proxy Sidecard, par ex. https://sidecard.acme.example
app-shared-secret-label = Secret partagé
app-shared-secret-help = Le jwt_secret de l'entrée de ce compte Zendesk dans le fichier d'installations du proxy. Zendesk le conserve côté serveur et s'en sert pour signer chaque appel.

## Before the page starts

start-failed = Sidecard n'a pas pu démarrer. Rechargez la page ; si cela se reproduit, prévenez votre administrateur (la console du navigateur indique ce qui a échoué).
stopped-working = Sidecard a cessé de fonctionner. Rechargez la page ; si cela se reproduit, prévenez votre administrateur (la console du navigateur indique ce qui a échoué).

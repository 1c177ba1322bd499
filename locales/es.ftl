# Mensajes de Sidecard en español (trato de "usted").
#
# Mismos mensajes y mismo orden que en.ftl. Los mensajes del agente van primero; los de la
# página de configuración siguen al grupo "## Settings page".

## Kinds of records, fields and activities (cards, forms and settings)

entity-contact = Contacto
entity-lead = Cliente potencial
entity-account = Cuenta
entity-deal = Oportunidad
entity-activity = Actividad

activity-phone-call = Llamada de teléfono
activity-task = Tarea

## Values on the cards

value-yes = Sí
value-no = No

## The page around the cards (app.rs, host/*)

settings-link = Configuración
prompt-standalone = Escriba el correo electrónico o el número de teléfono del cliente para ver su registro del CRM.
prompt-help-desk = El servicio de asistencia no proporciona ni dirección de correo electrónico ni número de teléfono de este cliente, así que no hay nada que buscar.
prompt-dynamics = Abra un contacto, un cliente potencial o una cuenta, o haga clic en un número de teléfono, para ver aquí al cliente.

host-failed = El servicio de asistencia no respondió a Sidecard: { $detail }. Vuelva a cargar la página; si el problema continúa, avise a su administrador.
zendesk-sdk-missing = No se cargó el SDK de aplicaciones de Zendesk: vuelva a cargar el ticket; si el problema continúa, compruebe que este navegador pueda cargar static.zdassets.com.
zendesk-not-in-zendesk = Zendesk debe abrir esta página como la aplicación Sidecard (su dirección no incluye origin ni app_guid).
zendesk-proxy-url-setting = Falta la opción «URL del proxy» de la aplicación Sidecard o no es una URL https: un administrador de Zendesk la configura en Centro de administración → Aplicaciones e integraciones → Sidecard.
zendesk-no-account = Zendesk no indicó de qué cuenta se trata (context.account.subdomain).
freshdesk-client-missing = No se cargó el cliente de aplicaciones de Freshdesk: vuelva a cargar la página; si el problema continúa, pida a su administrador de Freshdesk que vuelva a instalar la aplicación Sidecard.
cif-open-as-channel = Esta página es el canal de Sidecard para Dynamics 365: ábrala en /cif?base=<your org's URL>.
cif-library-not-loaded = La biblioteca de canales de Dynamics 365 no se cargó desde { $org }. Abra Sidecard desde Dynamics 365 (es un panel de canal) y compruebe que este navegador puede acceder a { $org }.
cif-library-not-started = La biblioteca de canales de Dynamics 365 no se inició. Permita las cookies de terceros para { $org } (sin ellas, la biblioteca se redirige a una página de inicio de sesión) y vuelva a cargar la página.
cif-record-refused = Dynamics 365 no permitió que Sidecard mostrara este registro ({ $detail }). Vuelva a cargar la página; si sigue ocurriendo, pregunte a su administrador de Dynamics si su rol tiene permiso para verlo.
cif-sign-in-refused = Dynamics 365 no permitió que Sidecard confirmara su identidad ({ $detail }). Sidecard inicia sesión creando (y eliminando al instante) una nota: pida a su administrador de Dynamics permiso para crear notas.
log-needs-ticket = Abra un ticket para registrar la conversación en el CRM.

## Errors (error_panel.rs, transport.rs)

error-check-search = Revise la búsqueda
error-check-search-help = No se pudo buscar la dirección de correo electrónico o el número de teléfono tal como está escrito.
error-check-settings = Revise la configuración
error-check-settings-help = La configuración no se puede usar tal como está: corrija lo que se indica a continuación.
error-unauthorized = Sidecard no reconoce esta aplicación
error-unauthorized-help = Pida a su administrador que revise la configuración de la aplicación Sidecard en el servicio de asistencia.
error-forbidden = Solo un administrador puede hacer esto
error-forbidden-help = Pídaselo a un administrador de Sidecard o inicie sesión con la clave de administrador.
error-conflict = Otra persona guardó antes que usted
error-conflict-help = Vuelva a cargar la página para ver los cambios de esa persona y, después, vuelva a hacer los suyos.
error-duplicate = Ya está en el CRM
error-duplicate-help = El CRM ya tiene a esta persona: selecciónela en lugar de crear otra.
error-not-supported = No disponible para este CRM
error-not-supported-help = Su CRM no ofrece esta función a través de Sidecard.
error-busy = Sistema ocupado en este momento
error-busy-help = Hay demasiadas solicitudes a la vez: espere un momento y vuelva a intentarlo.
error-timeout = Está tardando demasiado
error-timeout-help = El CRM no respondió a tiempo. Vuelva a intentarlo en un momento.
error-crm-too-large = Demasiados datos para mostrar
error-crm-too-large-help = La respuesta del CRM es demasiado grande para la barra lateral. Busque por un correo electrónico o un número más específico.
error-crm-unavailable = El CRM no respondió
error-crm-unavailable-help = Puede que el CRM no esté disponible o esté en mantenimiento. Vuelva a intentarlo dentro de unos minutos.
error-crm-auth = Sidecard no puede iniciar sesión en el CRM
error-crm-auth-help = Avise a su administrador: hay que volver a configurar la conexión de Sidecard con el CRM.
error-other = Se produjo un error
error-other-help = Vuelva a intentarlo; si el problema continúa, comunique a su administrador lo que se indica abajo.
error-network = No se puede conectar con Sidecard
error-network-help = Compruebe su conexión. Si funciona, puede que el proxy de Sidecard no esté disponible: avise a su administrador.
error-host = Sidecard no puede leer esta página
error-unexpected = Respuesta inesperada de Sidecard
error-unexpected-help = Comunique a su administrador lo que se indica abajo.
error-try-again = Volver a intentar
error-network-short = No se puede conectar con Sidecard: compruebe su conexión.
error-unexpected-short = Respuesta inesperada de Sidecard: { $detail }.
error-inline = { $title }: { $detail }

## create_person.rs

create-person-duplicates-title = ¿Ya está en el CRM?
create-person-duplicate-entity = ({ $entity })
create-person-duplicates-may-create = El CRM ya tiene a { $name }, que podría ser esta persona. Abra ese registro o cree el nuevo de todos modos.
create-person-duplicates-blocked = El CRM ya tiene a { $name }, que podría ser esta persona: abra ese registro en lugar de crear otro.
create-person-duplicates-refused = Las reglas de duplicados del CRM rechazaron el nuevo registro: ya existe un registro que coincide.
create-person-create-anyway = Crear de todos modos
create-person-back = Volver al formulario
create-person-title = Nuevo contacto o cliente potencial
create-person-first-name = Nombre
create-person-last-name = Apellidos (obligatorio)
create-person-email = Correo electrónico
create-person-phone = Teléfono
create-person-company = Empresa
create-person-creating = Creando…
create-person-create = Crear
create-person-cancel = Cancelar
create-person-required = { $label } (obligatorio)

## log_form.rs

log-form-updated = Se actualizó la actividad registrada.
log-form-unchanged = Ya se había registrado.
log-form-logged = Se registró en el CRM.
log-form-open = Registrar en el CRM
log-form-again = Registrar de nuevo
log-form-note = Nota para el CRM (opcional)
log-form-saving = Guardando…
log-form-save = Guardar en el CRM
log-form-cancel = Cancelar

## chooser.rs

chooser-no-account = Sin cuenta
chooser-matched-on = Coincidencia en { $reasons }
chooser-label = Personas coincidentes
chooser-title = { $count ->
    [one] { $count } persona coincide
   *[other] { $count } personas coinciden
}
chooser-hint = El CRM tiene registros duplicados de este cliente. Elija el registro correcto:
chooser-none = Ninguna de estas personas: crear un contacto o un cliente potencial nuevo

## no_match.rs

no-match-email = Correo electrónico { $email } en todos los campos de correo electrónico
no-match-phone = Teléfono { $phone } en todos los campos de teléfono, también escrito como { $formats }
no-match-phone-only = Teléfono { $phone } en todos los campos de teléfono
no-match-host-form = Abrir el formulario de Dynamics
no-match-title = No se encontró ningún cliente
no-match-searched = Ningún contacto ni cliente potencial abierto en el CRM coincide con:
no-match-hint = Revise la ortografía o busque otra dirección o número que use el cliente.
no-match-create = Crear contacto o cliente potencial

## pin_button.rs

pin-button-unpin = Dejar de fijar
pin-button-pin = Fijar como registro de este cliente

## call_bar.rs

call-bar-call = Llamar al { $number }

## deal_list.rs

deal-list-label = Oportunidades abiertas
deal-list-title = Oportunidades abiertas
deal-list-count = {" "}({ $count })
deal-list-empty = No hay oportunidades abiertas.
deal-list-no-amount = Sin importe
deal-list-no-close-date = Sin fecha de cierre
deal-list-closes = Cierre previsto: { $date }
deal-list-more = { $count ->
    [one] +{ $count } más en el CRM
   *[other] +{ $count } más en el CRM
}

## freshness.rs

freshness-updated = { $minutes ->
    [one] Actualizado hace { $minutes } min
   *[other] Actualizado hace { $minutes } min
}
freshness-stale-as-of = { $reason ->
    [throttled] Última actualización: { $time } — el CRM pidió a Sidecard que redujera el ritmo; es posible que esta información no esté actualizada.
    [timeout] Última actualización: { $time } — el CRM tarda en responder; es posible que esta información no esté actualizada.
   *[unavailable] Última actualización: { $time } — el CRM no responde; es posible que esta información no esté actualizada.
}
freshness-stale = { $reason ->
    [throttled] El CRM pidió a Sidecard que redujera el ritmo; es posible que esta información no esté actualizada.
    [timeout] El CRM tarda en responder; es posible que esta información no esté actualizada.
   *[unavailable] El CRM no responde; es posible que esta información no esté actualizada.
}
freshness-try-again = Volver a intentar

## person_card.rs

person-card-matched-on = Coincidencia en { $reasons }
person-card-open-in-crm = Abrir en el CRM
person-card-recent-title = Actividad reciente

## results.rs

results-pinned-by = Fijado por { $name } el { $date }
results-back-to-all = { $count ->
   *[other] ← Todas las coincidencias ({ $count })
}
results-created = Creado en el CRM.

## search_box.rs

search-box-label = Correo electrónico o teléfono
search-box-placeholder = Correo electrónico o número de teléfono
search-box-submit = Buscar

## states.rs

skeleton-looking-up = Buscando al cliente…

## Settings page
##
## Everything below is shown on the admin's settings page only.

## Kinds of fields, value sources and help desks

kind-text = Texto
kind-email = Correo electrónico
kind-phone = Teléfono
kind-money = Moneda
kind-date = Fecha
kind-number = Número
kind-bool = Sí/No
kind-choice = Opción
kind-link = Enlace

source-subject = Asunto del ticket
source-link = Enlace al ticket
source-conversation-id = Número de ticket
source-channel = Canal
source-direction = Dirección
source-duration-seconds = Duración (segundos)
source-duration-minutes = Duración (minutos)
source-note = Nota del agente
source-summary = Nota, canal y enlace
source-fixed = Valor fijo

desk-zendesk = Zendesk
desk-freshdesk = Freshdesk
desk-dynamics = Panel de Dynamics 365
desk-standalone = Página independiente

## settings_page.rs

settings-title = Configuración de Sidecard
settings-install = Instalación: { $install }
settings-back = ← Volver a la búsqueda
settings-loading = Cargando la configuración y los campos del CRM…
settings-unlock-title = Introduzca la clave de administrador
settings-unlock-text = Este proxy de Sidecard solo da servicio a las aplicaciones de su servicio de asistencia. Introduzca la clave de administrador para abrir su configuración.
settings-unlock-open = Abrir la configuración
settings-load-failed = No se pudo cargar la configuración
settings-try-again = Volver a intentar
settings-error-network = No se pudo conectar con Sidecard: compruebe la conexión y vuelva a intentarlo.
settings-error-unexpected = Respuesta inesperada de Sidecard: { $detail }.
settings-tabs-label = Secciones de la configuración
settings-tab-deals = Oportunidades
settings-tab-activity = Actividad reciente
settings-tab-lookup = Búsqueda y llamadas
settings-tab-log = Registro en el CRM
settings-tab-create-form = Formulario de creación
settings-admin-key = Clave de administrador
settings-save = Guardar
settings-discard = Descartar cambios
settings-unsaved = Hay cambios sin guardar.
settings-saving = Guardando…
settings-saved = Se guardó la versión { $version }. Los agentes verán los cambios en su próxima búsqueda.
settings-load-theirs = Cargar la versión más reciente
settings-not-saved-problems = No se guardó nada. Corrija primero lo siguiente:
settings-not-saved = No se guardó nada. { $reason }

## card_editor.rs

card-editor-label = { $entity ->
    [lead] Tarjeta de cliente potencial
    [account] Tarjeta de cuenta
    [deal] Tarjeta de oportunidad
    [activity] Tarjeta de actividad
   *[contact] Tarjeta de contacto
}
card-editor-show = { $entity ->
    [lead] Mostrar la tarjeta de cliente potencial
    [account] Mostrar la tarjeta de cuenta
    [deal] Mostrar la lista de oportunidades
    [activity] Mostrar la lista de actividad reciente
   *[contact] Mostrar la tarjeta de contacto
}
card-editor-fields-heading = Campos, en orden
card-editor-deal-heading = Campos adicionales en cada oportunidad
card-editor-deal-always = El nombre, el importe, la etapa y la fecha de cierre se muestran siempre.
card-editor-activity-heading = Campos adicionales en cada actividad
card-editor-activity-always = El tipo, el asunto, la fecha y el propietario se muestran siempre.
card-editor-not-in-crm = No está en el CRM
card-editor-label-for = Etiqueta que ven los agentes para { $field }
card-editor-move-up = Subir { $field }
card-editor-move-down = Bajar { $field }
card-editor-hide = Ocultar { $field }
card-editor-none-chosen = No hay campos seleccionados: marque abajo los que quiera mostrar.
card-editor-all-fields = { $entity ->
    [lead] Los { $count } campos de cliente potencial del CRM
    [account] Los { $count } campos de cuenta del CRM
    [deal] Los { $count } campos de oportunidad del CRM
    [activity] Los { $count } campos de actividad del CRM
   *[contact] Los { $count } campos de contacto del CRM
}
card-editor-search-placeholder = Buscar por nombre o clave
card-editor-search-label = Buscar campos
card-editor-recent = Número de actividades recientes en la tarjeta de la persona
card-editor-recent-none = ninguna
card-editor-max-deals = Mostrar como máximo { $input } oportunidades
card-editor-order = Orden
card-editor-order-close-date = Primero la fecha de cierre más próxima
card-editor-order-amount = Primero el importe más alto

## log_editor.rs

log-editor-no-log = Este conector de CRM no registra actividades.
log-editor-label = Registro en el CRM
log-editor-activity = Registrar cada conversación como
log-editor-repeat = Cuando el mismo ticket se vuelve a registrar para la misma persona
log-editor-repeat-update = actualizar la actividad que ya se registró
log-editor-repeat-append = registrar otra actividad
log-editor-column-field = Campo de la actividad
log-editor-column-source = Se rellena con
log-editor-column-remove = Quitar
log-editor-field-kind = {" "}({ $kind })
log-editor-source-label = { $field } se rellena con
log-editor-fixed-value = Valor fijo de { $field }
log-editor-remove-label = Dejar de rellenar { $field }
log-editor-add = Rellenar también
log-editor-add-choose = Elija un campo…
log-editor-preview-title = Lo que se envía al registrar un ticket telefónico de ejemplo

## lookup_options.rs

lookup-options-label = Búsqueda y llamadas
lookup-options-secondary-emails = Buscar en todos los campos de correo electrónico, no solo en el principal
lookup-options-fall-back-to-leads = Buscar clientes potenciales abiertos si no coincide ningún contacto
lookup-options-region = País para los números sin código de país
lookup-options-region-placeholder = US
lookup-options-region-hint = Dos letras (US, GB, DE). Vacío: el valor predeterminado del proxy.
lookup-options-duplicates = Cuando un contacto nuevo parece un duplicado
lookup-options-duplicates-block = Bloquearlo y mostrar el registro existente
lookup-options-duplicates-warn = Avisar y dejar que el agente lo cree de todos modos
lookup-options-duplicates-allow = Crearlo sin preguntar
lookup-options-dial = Enlace de llamada
lookup-options-dial-hint = { $e164 } o { $digits } es el número. Para el +1 425 555 0100 se abriría: { $url }

## form_editor.rs

form-editor-hint = Todos los formularios piden el nombre y los apellidos, el correo electrónico, el teléfono y la empresa. Marque los demás campos que los agentes deben rellenar al crear a alguien; los que exige el CRM se piden siempre.
form-editor-new = { $entity ->
    [lead] Nuevo cliente potencial
   *[contact] Nuevo contacto
}
form-editor-required = { $field } (obligatorio en el CRM)

## preview.rs

preview-label = Vista previa
preview-title = Vista previa
preview-sample-values = {" "}(valores de ejemplo)
preview-hidden = Esta tarjeta está oculta: los agentes no la verán.

## Help desk app packages
##
## What Zendesk's Admin Center shows about the app (translations/<locale>.json in the Zendesk
## package) and what the Freshworks developer portal's listing says (written beside the
## Freshdesk package). Never shown by the widget itself.

app-short-description = El registro del CRM del cliente junto al ticket.
app-long-description = Sidecard muestra el contacto o cliente potencial del solicitante, su cuenta y sus oportunidades abiertas de Dynamics 365 o Salesforce, con los campos que eligió su administrador.
app-installation-instructions = Introduzca la URL de su proxy de Sidecard y el secreto compartido de su archivo de instalaciones.
app-proxy-url-label = URL del proxy
app-proxy-url-help = Su proxy de Sidecard, p. ej., https://sidecard.acme.example
app-shared-secret-label = Secreto compartido
app-shared-secret-help = El jwt_secret de la entrada de esta cuenta de Zendesk en el archivo de instalaciones del proxy. Zendesk lo guarda en el servidor y firma cada llamada con él.

## Before the page starts

start-failed = Sidecard no se pudo iniciar. Vuelva a cargar la página; si sigue ocurriendo, avise a su administrador (la consola del navegador indica qué falló).
stopped-working = Sidecard dejó de funcionar. Vuelva a cargar la página; si sigue ocurriendo, avise a su administrador (la consola del navegador indica qué falló).

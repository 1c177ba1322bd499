# Сообщения Sidecard на русском языке (синтаксис Project Fluent).
# Исходный каталог: locales/en.ftl.

## Kinds of records, fields and activities (cards, forms and settings)

entity-contact = Контакт
entity-lead = Лид
entity-account = Организация
entity-deal = Сделка
entity-activity = Действие

activity-phone-call = Телефонный звонок
activity-task = Задача

## Values on the cards

value-yes = Да
value-no = Нет

## The page around the cards (app.rs, host/*)

settings-link = Настройки
prompt-standalone = Введите адрес электронной почты или номер телефона клиента, чтобы увидеть его запись в CRM.
prompt-help-desk = Система поддержки не передала ни адреса электронной почты, ни номера телефона этого клиента, поэтому искать нечего.
prompt-dynamics = Откройте контакт, лид или организацию либо нажмите на номер телефона, чтобы увидеть здесь данные клиента.

# $detail (text): what the help desk's own SDK said when it failed
host-failed = Система поддержки не ответила Sidecard: { $detail }. Перезагрузите страницу; если ошибка повторится, сообщите администратору.
zendesk-sdk-missing = Не удалось загрузить SDK приложений Zendesk: откройте обращение заново; если ошибка повторится, проверьте, может ли этот браузер загружать ресурсы с static.zdassets.com.
zendesk-not-in-zendesk = Эту страницу должен открывать Zendesk как приложение Sidecard (у неё нет параметров origin и app_guid).
zendesk-proxy-url-setting = Параметр «URL прокси» приложения Sidecard не задан или не является адресом https: его задаёт администратор Zendesk в Центре администрирования → Приложения и интеграции → Sidecard.
zendesk-no-account = Zendesk не сообщил, какой это аккаунт (context.account.subdomain).
freshdesk-client-missing = Не удалось загрузить клиент приложений Freshdesk: перезагрузите страницу; если ошибка повторится, попросите администратора Freshdesk переустановить приложение Sidecard.
cif-open-as-channel = Эта страница — канал Sidecard для Dynamics 365: откройте её по адресу /cif?base=<URL вашей организации>.
# $org (URL): the Dynamics 365 organization's address
cif-library-not-loaded = Не удалось загрузить библиотеку каналов Dynamics 365 с адреса { $org }. Откройте Sidecard из Dynamics 365 (это панель канала) и проверьте, может ли этот браузер подключиться к { $org }.
# $org (URL): the Dynamics 365 organization's address
cif-library-not-started = Библиотека каналов Dynamics 365 не запустилась. Разрешите сторонние файлы cookie для { $org } (без них библиотека перенаправляется на страницу входа), затем перезагрузите страницу.
# $detail (text): what Dynamics 365 answered
cif-record-refused = Dynamics 365 отказался показать Sidecard эту запись ({ $detail }). Перезагрузите страницу; если ошибка повторится, уточните у администратора Dynamics, есть ли у вашей роли право на чтение этой записи.
# $detail (text): what Dynamics 365 answered
cif-sign-in-refused = Dynamics 365 не позволил Sidecard подтвердить вашу личность ({ $detail }). Для входа Sidecard создаёт (и сразу удаляет) заметку: попросите администратора Dynamics предоставить вам разрешение на создание заметок.
log-needs-ticket = Откройте обращение, чтобы записать диалог по нему в CRM.

## Errors (error_panel.rs, transport.rs)

error-check-search = Проверьте поисковый запрос
error-check-search-help = Не удалось выполнить поиск по адресу электронной почты или номеру телефона в указанном виде.
error-check-settings = Проверьте настройки
error-check-settings-help = Настройки нельзя применить в текущем виде: исправьте то, что указано ниже.
error-unauthorized = Sidecard не распознаёт это приложение
error-unauthorized-help = Попросите администратора проверить настройки приложения Sidecard в системе поддержки.
error-forbidden = Это может сделать только администратор
error-forbidden-help = Обратитесь к администратору Sidecard или войдите с ключом администратора.
error-conflict = Кто-то другой сохранил изменения раньше вас
error-conflict-help = Перезагрузите страницу, чтобы увидеть чужие изменения, а затем внесите свои заново.
error-duplicate = Уже есть в CRM
error-duplicate-help = Этот человек уже есть в CRM: выберите существующую запись, а не создавайте новую.
error-not-supported = Недоступно для этой CRM
error-not-supported-help = Ваша CRM не поддерживает эту функцию через Sidecard.
error-busy = Сервис перегружен
error-busy-help = Слишком много одновременных запросов: подождите немного и повторите попытку.
error-timeout = Превышено время ожидания
error-timeout-help = CRM не ответила вовремя. Повторите попытку чуть позже.
error-crm-too-large = Слишком много данных
error-crm-too-large-help = Ответ CRM слишком велик для боковой панели. Выполните поиск по более точному адресу электронной почты или номеру телефона.
error-crm-unavailable = CRM не отвечает
error-crm-unavailable-help = Возможно, CRM недоступна или на ней ведутся технические работы. Повторите попытку через несколько минут.
error-crm-auth = Sidecard не может войти в CRM
error-crm-auth-help = Сообщите администратору: подключение Sidecard к CRM нужно настроить заново.
error-other = Что-то пошло не так
error-other-help = Повторите попытку; если ошибка повторится, сообщите администратору текст, приведённый ниже.
error-network = Нет связи с Sidecard
error-network-help = Проверьте подключение к сети. Если оно работает, возможно, недоступен прокси Sidecard: сообщите администратору.
error-host = Sidecard не может прочитать эту страницу
error-unexpected = Неожиданный ответ от Sidecard
error-unexpected-help = Сообщите администратору текст, приведённый ниже.
error-try-again = Повторить попытку
error-network-short = Нет связи с Sidecard: проверьте подключение.
# $detail (text): the status and what was wrong with the answer
error-unexpected-short = Неожиданный ответ от Sidecard: { $detail }.
error-inline = { $title }: { $detail }

## create_person.rs

create-person-duplicates-title = Уже есть в CRM?
# $entity (string): the kind of record, already translated ("Contact" or "Lead").
create-person-duplicate-entity = ({ $entity })
# $name (string): the record's name as the CRM has it
create-person-duplicates-may-create = В CRM уже есть { $name } — возможно, это тот же человек. Откройте эту запись или всё равно создайте новую.
# $name (string): the record's name as the CRM has it
create-person-duplicates-blocked = В CRM уже есть { $name } — возможно, это тот же человек. Откройте эту запись, а не создавайте новую.
create-person-duplicates-refused = Правила обнаружения дубликатов в CRM отклонили новую запись: совпадающая запись уже существует.
create-person-create-anyway = Всё равно создать
create-person-back = Назад к форме
create-person-title = Новый контакт или лид
create-person-first-name = Имя
create-person-last-name = Фамилия (обязательно)
create-person-email = Эл. почта
create-person-phone = Телефон
create-person-company = Компания
create-person-creating = Создание…
create-person-create = Создать
create-person-cancel = Отмена
# $label (string): the field's label as the CRM names it (CRM data, not translated), e.g. "Job title".
create-person-required = { $label } (обязательно)

## log_form.rs

log-form-updated = Записанное действие обновлено.
log-form-unchanged = Уже записано.
log-form-logged = Записано в CRM.
log-form-open = Записать в CRM
log-form-again = Записать ещё раз
log-form-note = Заметка для CRM (необязательно)
log-form-saving = Сохранение…
log-form-save = Сохранить в CRM
log-form-cancel = Отмена

## chooser.rs

chooser-no-account = Без организации
# $reasons (string): which of the person's CRM fields held the searched values, e.g. "Email 2: info@northwind.example" (several joined by " · ").
chooser-matched-on = Совпадение — { $reasons }
chooser-label = Найденные совпадения
# $count (number): how many people in the CRM match the customer (always at least 2).
chooser-title = { $count ->
    [one] Найден { $count } человек
    [few] Найдено { $count } человека
    [many] Найдено { $count } человек
   *[other] Найдено { $count } человека
}
chooser-hint = В CRM есть дубликаты этого клиента. Выберите нужную запись:
chooser-none = Нужной записи нет: создать новый контакт или лид

## no_match.rs

# $email (string): the email address searched for.
no-match-email = Адрес { $email } во всех полях электронной почты
# $phone (string): the phone number searched for, in international form ("+14255550100").
# $formats (string): other ways the number is written that were searched too, separated by ", " (may be empty).
no-match-phone = Номер { $phone } во всех полях телефона, а также в виде { $formats }
no-match-phone-only = Номер { $phone } во всех полях телефона
no-match-host-form = Открыть форму Dynamics
no-match-title = Клиент не найден
no-match-searched = В CRM не найдено ни одного контакта или открытого лида по запросу:
no-match-hint = Проверьте написание или выполните поиск по другому адресу или номеру, которым пользуется клиент.
no-match-create = Создать контакт или лид

## pin_button.rs

pin-button-unpin = Открепить
pin-button-pin = Закрепить для этого клиента

## call_bar.rs

# $number (string): the number as the help desk gave it, e.g. "4255550102".
call-bar-call = Позвонить по номеру { $number }

## deal_list.rs

deal-list-label = Открытые сделки
deal-list-title = Открытые сделки
# $count (number): how many open deals the person and their account have in the CRM
deal-list-count = {" "}({ $count })
deal-list-empty = Нет открытых сделок.
deal-list-no-amount = Без суммы
deal-list-no-close-date = Без даты закрытия
# $date (string): the day the deal is expected to close, already formatted for the agent ("20.12.2026")
deal-list-closes = Закрытие: { $date }
# $count (number): how many more open deals the CRM has than the list shows (1 or more)
deal-list-more = { $count ->
    [one] Ещё { $count } сделка в CRM
    [few] Ещё { $count } сделки в CRM
    [many] Ещё { $count } сделок в CRM
   *[other] Ещё { $count } сделки в CRM
}

## freshness.rs

# $minutes (number): how many minutes ago the CRM gave the answer (1 or more)
freshness-updated = { $minutes ->
    [one] Обновлено { $minutes } минуту назад
    [few] Обновлено { $minutes } минуты назад
    [many] Обновлено { $minutes } минут назад
   *[other] Обновлено { $minutes } минуты назад
}
# $time (string): when the CRM gave that answer ("14:05")
# $reason (string): "unavailable", "throttled" or "timeout"
freshness-stale-as-of = { $reason ->
    [throttled] По состоянию на { $time } — CRM просит Sidecard отправлять запросы реже; данные могли устареть.
    [timeout] По состоянию на { $time } — CRM отвечает слишком медленно; данные могли устареть.
   *[unavailable] По состоянию на { $time } — CRM не отвечает; данные могли устареть.
}
# $reason (string): "unavailable", "throttled" or "timeout"
freshness-stale = { $reason ->
    [throttled] CRM просит Sidecard отправлять запросы реже; данные могли устареть.
    [timeout] CRM отвечает слишком медленно; данные могли устареть.
   *[unavailable] CRM не отвечает; данные могли устареть.
}
freshness-try-again = Повторить попытку

## person_card.rs

# $reasons (string): the person's fields that matched the search, each as "field label: value", joined by " · "
person-card-matched-on = Совпадение — { $reasons }
person-card-open-in-crm = Открыть в CRM
person-card-recent-title = Последние действия

## results.rs

# $name (string): who pinned them ("Alex Agent")
# $date (string): the day they pinned them, already formatted for the agent
results-pinned-by = Закреплено агентом { $name }, { $date }
# $count (number): how many people matched (always two or more)
results-back-to-all = ← Все совпадения ({ $count })
results-created = Запись создана в CRM.

## search_box.rs

search-box-label = Эл. почта или телефон
search-box-placeholder = Эл. почта или номер телефона
search-box-submit = Найти

## states.rs

skeleton-looking-up = Поиск клиента…

## Settings page
##
## Everything below is shown on the admin's settings page only.

## Kinds of fields, value sources and help desks

kind-text = Текст
kind-email = Эл. почта
kind-phone = Телефон
kind-money = Денежная сумма
kind-date = Дата
kind-number = Число
kind-bool = Да/нет
kind-choice = Выбор из списка
kind-link = Ссылка

source-subject = Тема обращения
source-link = Ссылка на обращение
source-conversation-id = Номер обращения
source-channel = Канал
source-direction = Направление
source-duration-seconds = Длительность (в секундах)
source-duration-minutes = Длительность (в минутах)
source-note = Заметка агента
source-summary = Заметка, канал и ссылка
source-fixed = Фиксированное значение

desk-zendesk = Zendesk
desk-freshdesk = Freshdesk
desk-dynamics = Панель Dynamics 365
desk-standalone = Отдельная страница

## settings_page.rs

settings-title = Настройки Sidecard
# $install (string): the id of the install whose settings are edited (e.g. "acme-zendesk")
settings-install = Установка: { $install }
settings-back = ← Назад к поиску
settings-loading = Загрузка настроек и полей CRM…
settings-unlock-title = Введите ключ администратора
settings-unlock-text = Этот прокси Sidecard обслуживает только приложения своей системы поддержки. Чтобы открыть его настройки, введите ключ администратора.
settings-unlock-open = Открыть настройки
settings-load-failed = Не удалось загрузить настройки
settings-try-again = Повторить попытку
settings-error-network = Нет связи с Sidecard: проверьте подключение и повторите попытку.
# $detail (string): a technical detail of what came back (not translated)
settings-error-unexpected = Неожиданный ответ от Sidecard: { $detail }.
settings-tabs-label = Разделы настроек
settings-tab-deals = Сделки
settings-tab-activity = Последние действия
settings-tab-lookup = Поиск и звонки
settings-tab-log = Запись в CRM
settings-tab-create-form = Форма создания
settings-admin-key = Ключ администратора
settings-save = Сохранить
settings-discard = Отменить изменения
settings-unsaved = Есть несохранённые изменения.
settings-saving = Сохранение…
# $version (string): the number of the version just saved (1, 2, …)
settings-saved = Сохранено (версия { $version }). Агенты увидят изменения при следующем поиске.
settings-load-theirs = Загрузить их версию
settings-not-saved-problems = Ничего не сохранено. Сначала исправьте следующее:
# $reason (string): why, in a sentence
settings-not-saved = Ничего не сохранено. { $reason }

## card_editor.rs

# $entity (string): contact, lead, account, deal or activity
card-editor-label = { $entity ->
    [lead] Карточка лида
    [account] Карточка организации
    [deal] Карточка сделки
    [activity] Карточка действия
   *[contact] Карточка контакта
}
# $entity (string): contact, lead, account, deal (the deal list) or activity (the recent-activity list)
card-editor-show = { $entity ->
    [lead] Показывать карточку лида
    [account] Показывать карточку организации
    [deal] Показывать список сделок
    [activity] Показывать список последних действий
   *[contact] Показывать карточку контакта
}
card-editor-fields-heading = Поля по порядку
card-editor-deal-heading = Дополнительные поля под каждой сделкой
card-editor-deal-always = Название, сумма, этап и дата закрытия показываются всегда.
card-editor-activity-heading = Дополнительные поля под каждым действием
card-editor-activity-always = Тип, тема, дата и ответственный показываются всегда.
card-editor-not-in-crm = Нет в CRM
# $field (string): the field's name in the CRM
card-editor-label-for = Подпись поля { $field } для агентов
# $field (string): the field's name in the CRM
card-editor-move-up = Переместить поле { $field } вверх
# $field (string): the field's name in the CRM
card-editor-move-down = Переместить поле { $field } вниз
# $field (string): the field's name in the CRM
card-editor-hide = Скрыть поле { $field }
card-editor-none-chosen = Поля не выбраны: отметьте нужные ниже.
# $entity (string): contact, lead, account, deal or activity
# $count (number): how many fields the CRM has for it
card-editor-all-fields = { $entity ->
    [lead] { $count ->
        [one] Все { $count } поле лида в CRM
        [few] Все { $count } поля лида в CRM
        [many] Все { $count } полей лида в CRM
       *[other] Все { $count } поля лида в CRM
    }
    [account] { $count ->
        [one] Все { $count } поле организации в CRM
        [few] Все { $count } поля организации в CRM
        [many] Все { $count } полей организации в CRM
       *[other] Все { $count } поля организации в CRM
    }
    [deal] { $count ->
        [one] Все { $count } поле сделки в CRM
        [few] Все { $count } поля сделки в CRM
        [many] Все { $count } полей сделки в CRM
       *[other] Все { $count } поля сделки в CRM
    }
    [activity] { $count ->
        [one] Все { $count } поле действия в CRM
        [few] Все { $count } поля действия в CRM
        [many] Все { $count } полей действия в CRM
       *[other] Все { $count } поля действия в CRM
    }
   *[contact] { $count ->
        [one] Все { $count } поле контакта в CRM
        [few] Все { $count } поля контакта в CRM
        [many] Все { $count } полей контакта в CRM
       *[other] Все { $count } поля контакта в CRM
    }
}
card-editor-search-placeholder = Поиск по названию или ключу
card-editor-search-label = Поиск полей
card-editor-recent = Последние действия в карточке клиента
card-editor-recent-none = нет
# $input (string): where the box for the number of deals goes
card-editor-max-deals = Максимальное число сделок: { $input }
card-editor-order = Порядок
card-editor-order-close-date = Сначала с ближайшей датой закрытия
card-editor-order-amount = Сначала с наибольшей суммой

## log_editor.rs

log-editor-no-log = Этот коннектор CRM не записывает действия.
log-editor-label = Запись в CRM
log-editor-activity = Тип действия для каждого диалога:
log-editor-repeat = Если то же обращение повторно записывается для того же клиента
log-editor-repeat-update = обновлять ранее записанное действие
log-editor-repeat-append = записывать новое действие
log-editor-column-field = Поле действия
log-editor-column-source = Источник значения
log-editor-column-remove = Удалить
# $kind (string): the type of the field (one of the kind-* messages)
log-editor-field-kind = {" "}({ $kind })
# $field (string): the activity field's name in the CRM
log-editor-source-label = Источник значения для поля { $field }
# $field (string): the activity field's name in the CRM
log-editor-fixed-value = Фиксированное значение поля { $field }
# $field (string): the activity field's name in the CRM
log-editor-remove-label = Больше не заполнять поле { $field }
log-editor-add = Также заполнять
log-editor-add-choose = Выберите поле…
log-editor-preview-title = Что будет отправлено при записи примера телефонного обращения

## lookup_options.rs

lookup-options-label = Поиск и звонки
lookup-options-secondary-emails = Искать во всех полях электронной почты, а не только в основном
lookup-options-fall-back-to-leads = Искать среди открытых лидов, если не найден ни один контакт
lookup-options-region = Страна для номеров без кода страны
lookup-options-region-placeholder = US
lookup-options-region-hint = Две буквы (US, GB, DE). Если поле пустое, используется значение прокси по умолчанию.
lookup-options-duplicates = Если новый контакт похож на дубликат
lookup-options-duplicates-block = Запретить создание и показать существующую запись
lookup-options-duplicates-warn = Предупредить, но позволить агенту всё равно создать контакт
lookup-options-duplicates-allow = Создать без подтверждения
lookup-options-dial = Ссылка для звонка
# $e164 (string): the placeholder "{e164}"
# $digits (string): the placeholder "{digits}"
# $url (string): the link the call link would open for +1 425 555 0100
lookup-options-dial-hint = { $e164 } или { $digits } — это номер. Для +1 425 555 0100 откроется: { $url }

## form_editor.rs

form-editor-hint = В каждой форме запрашиваются имя и фамилия, адрес электронной почты, телефон и компания. Отметьте другие поля, которые агенты должны заполнять при создании записи; поля, обязательные в CRM, запрашиваются всегда.
# $entity (string): contact or lead
form-editor-new = { $entity ->
    [lead] Новый лид
   *[contact] Новый контакт
}
# $field (string): the field's name in the CRM
form-editor-required = { $field } (обязательно в CRM)

## preview.rs

preview-label = Предварительный просмотр
preview-title = Предварительный просмотр
preview-sample-values = {" "}(примеры значений)
preview-hidden = Эта карточка скрыта: агенты её не увидят.

## Help desk app packages
##
## What Zendesk's Admin Center shows about the app and what the Freshworks developer
## portal's listing says. Never shown by the widget itself.

app-short-description = Запись клиента из CRM рядом с обращением.
app-long-description = Sidecard показывает контакт или лид автора обращения, его организацию и открытые сделки из Dynamics 365 или Salesforce с полями, которые выбрал ваш администратор.
app-installation-instructions = Введите URL вашего прокси Sidecard и общий секрет из его файла установок.
app-proxy-url-label = URL прокси
app-proxy-url-help = Ваш прокси Sidecard, например https://sidecard.acme.example
app-shared-secret-label = Общий секрет
app-shared-secret-help = Значение jwt_secret из записи этого аккаунта Zendesk в файле установок прокси. Zendesk хранит его на сервере и подписывает им каждый запрос.

## Before the page starts

start-failed = Не удалось запустить Sidecard. Перезагрузите страницу; если это повторяется, сообщите администратору (в консоли браузера видно, что не сработало).
stopped-working = Sidecard перестал работать. Перезагрузите страницу; если это повторяется, сообщите администратору (в консоли браузера видно, что не сработало).

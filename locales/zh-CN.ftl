# Sidecard 的简体中文消息（对照 en.ftl 翻译）。
#
# 每种语言一个文件（locales/<BCP 47 标签>.ftl，Project Fluent 语法）。客服端消息在前；
# 设置页面的消息位于“## Settings page”分组之后，客服端的捆绑包不包含这些消息。

## Kinds of records, fields and activities (cards, forms and settings)

entity-contact = 联系人
entity-lead = 潜在客户
entity-account = 客户
entity-deal = 商机
entity-activity = 活动

activity-phone-call = 通话
activity-task = 任务

## Values on the cards

value-yes = 是
value-no = 否

## The page around the cards (app.rs, host/*)

settings-link = 设置
prompt-standalone = 输入顾客的电子邮件地址或电话号码，即可查看其 CRM 记录。
prompt-help-desk = 服务台未提供该顾客的电子邮件地址或电话号码，因此无法查找。
prompt-dynamics = 打开联系人、潜在客户或客户记录，或点击电话号码，即可在此查看顾客信息。

# $detail (text): what the help desk's own SDK said when it failed
host-failed = 服务台未响应 Sidecard：{ $detail }。请重新加载页面；如果问题仍然存在，请告知管理员。
zendesk-sdk-missing = Zendesk 应用 SDK 未能加载：请重新加载工单；如果问题仍然存在，请检查是否允许此浏览器加载 static.zdassets.com。
zendesk-not-in-zendesk = 此页面必须由 Zendesk 作为 Sidecard 应用打开（当前缺少 origin 和 app_guid）。
zendesk-proxy-url-setting = Sidecard 应用的“代理 URL”设置缺失，或不是 https URL：请 Zendesk 管理员在“管理中心 → 应用程序和整合 → Sidecard”中设置。
zendesk-no-account = Zendesk 未提供当前账户信息（context.account.subdomain）。
freshdesk-client-missing = Freshdesk 应用客户端未能加载：请重新加载页面；如果问题仍然存在，请让 Freshdesk 管理员重新安装 Sidecard 应用。
cif-open-as-channel = 此页面是 Sidecard 的 Dynamics 365 渠道：请通过 /cif?base=<your org's URL> 打开。
# $org (URL): the Dynamics 365 organization's address
cif-library-not-loaded = Dynamics 365 的渠道库未能从 { $org } 加载。请从 Dynamics 365 中打开 Sidecard（它是一个渠道面板），并检查此浏览器能否访问 { $org }。
# $org (URL): the Dynamics 365 organization's address
cif-library-not-started = Dynamics 365 的渠道库未能启动。请允许 { $org } 使用第三方 Cookie（否则该库会被重定向到登录页面），然后重新加载。
# $detail (text): what Dynamics 365 answered
cif-record-refused = Dynamics 365 拒绝向 Sidecard 显示此记录（{ $detail }）。请重新加载页面；如果问题反复出现，请询问 Dynamics 管理员您的角色是否有权读取该记录。
# $detail (text): what Dynamics 365 answered
cif-sign-in-refused = Dynamics 365 未允许 Sidecard 确认您的身份（{ $detail }）。Sidecard 通过创建（并立即删除）一条备注来登录：请向 Dynamics 管理员申请创建备注的权限。
log-needs-ticket = 打开工单后，才能将其对话记录到 CRM。

## Errors (error_panel.rs, transport.rs)

error-check-search = 请检查搜索内容
error-check-search-help = 无法按当前格式搜索该电子邮件地址或电话号码。
error-check-settings = 请检查设置
error-check-settings-help = 当前设置无法使用：请更正下方列出的问题。
error-unauthorized = Sidecard 无法识别此应用
error-unauthorized-help = 请让管理员检查服务台中 Sidecard 应用的设置。
error-forbidden = 仅管理员可执行此操作
error-forbidden-help = 请联系 Sidecard 管理员，或使用管理员密钥登录。
error-conflict = 其他人已先保存
error-conflict-help = 请重新加载以查看对方的更改，然后再重新修改。
error-duplicate = CRM 中已存在
error-duplicate-help = CRM 中已有此人：请选择现有记录，不要再新建。
error-not-supported = 此 CRM 不支持该功能
error-not-supported-help = 您的 CRM 无法通过 Sidecard 提供此功能。
error-busy = 当前过于繁忙
error-busy-help = 同时发出的请求过多：请稍候再试。
error-timeout = 响应时间过长
error-timeout-help = CRM 未及时响应。请稍后再试。
error-crm-too-large = 内容过多，无法显示
error-crm-too-large-help = CRM 返回的内容过多，侧边栏无法显示。请使用更具体的电子邮件地址或号码搜索。
error-crm-unavailable = CRM 未响应
error-crm-unavailable-help = CRM 可能出现故障或正在维护。请几分钟后再试。
error-crm-auth = Sidecard 无法登录 CRM
error-crm-auth-help = 请告知管理员：需要重新设置 Sidecard 与 CRM 的连接。
error-other = 出错了
error-other-help = 请重试；如果问题仍然存在，请将下方显示的信息告知管理员。
error-network = 无法连接到 Sidecard
error-network-help = 请检查网络连接。如果网络正常，可能是 Sidecard 代理出现故障：请告知管理员。
error-host = Sidecard 无法读取此页面
error-unexpected = Sidecard 返回了意外的响应
error-unexpected-help = 请将下方显示的信息告知管理员。
error-try-again = 重试
error-network-short = 无法连接到 Sidecard：请检查网络连接。
# $detail (text): the status and what was wrong with the answer
error-unexpected-short = Sidecard 返回了意外的响应：{ $detail }。
error-inline = { $title }：{ $detail }

## create_person.rs

create-person-duplicates-title = CRM 中已有此人？
# $entity (string): the kind of record, already translated ("Contact" or "Lead").
create-person-duplicate-entity = （{ $entity }）
# $name (string): the record's name as the CRM has it
create-person-duplicates-may-create = CRM 中已有 { $name }，可能就是此人。请打开该记录，或仍然新建记录。
# $name (string): the record's name as the CRM has it
create-person-duplicates-blocked = CRM 中已有 { $name }，可能就是此人：请打开该记录，不要再新建。
create-person-duplicates-refused = CRM 的重复检测规则拒绝了新记录：已存在匹配的记录。
create-person-create-anyway = 仍然创建
create-person-back = 返回表单
create-person-title = 新建联系人或潜在客户
create-person-first-name = 名字
create-person-last-name = 姓氏（必填）
create-person-email = 电子邮件
create-person-phone = 电话
create-person-company = 公司
create-person-creating = 正在创建…
create-person-create = 创建
create-person-cancel = 取消
# $label (string): the field's label as the CRM names it (CRM data, not translated), e.g. "Job title".
create-person-required = { $label }（必填）

## log_form.rs

log-form-updated = 已更新所记录的活动。
log-form-unchanged = 已记录过。
log-form-logged = 已记录到 CRM。
log-form-open = 记录到 CRM
log-form-again = 再次记录
log-form-note = CRM 备注（可选）
log-form-saving = 正在保存…
log-form-save = 保存到 CRM
log-form-cancel = 取消

## chooser.rs

chooser-no-account = 未关联客户
# $reasons (string): which of the person's CRM fields held the searched values, as the CRM
# labels them, e.g. "Email 2: info@northwind.example" (several joined by " · ").
chooser-matched-on = 匹配依据：{ $reasons }
chooser-label = 匹配的人员
# $count (number): how many people in the CRM match the customer (always at least 2).
chooser-title = { $count ->
   *[other] 匹配到 { $count } 人
}
chooser-hint = CRM 中有该顾客的重复记录。请选择正确的记录：
chooser-none = 以上都不是：新建联系人或潜在客户

## no_match.rs

# $email (string): the email address searched for.
no-match-email = 所有电子邮件字段中的 { $email }
# $phone (string): the phone number searched for, in international form ("+14255550100").
# $formats (string): other ways the number is written that were searched too, separated by
# ", " (may be empty).
no-match-phone = 所有电话字段中的 { $phone }，以及其他写法：{ $formats }
no-match-phone-only = 所有电话字段中的 { $phone }
no-match-host-form = 打开 Dynamics 表单
no-match-title = 未找到顾客
no-match-searched = CRM 中没有与以下内容匹配的联系人或未关闭的潜在客户：
no-match-hint = 请检查拼写，或搜索该顾客使用的其他地址或号码。
no-match-create = 新建联系人或潜在客户

## pin_button.rs

pin-button-unpin = 取消固定
pin-button-pin = 固定为此顾客

## call_bar.rs

# $number (string): the number as the help desk gave it, e.g. "4255550102".
call-bar-call = 拨打 { $number }

## deal_list.rs

deal-list-label = 进行中的商机
deal-list-title = 进行中的商机
# $count (number): how many open deals the person and their account have in the CRM
deal-list-count = （{ $count }）
deal-list-empty = 没有进行中的商机。
deal-list-no-amount = 无金额
deal-list-no-close-date = 无结束日期
# $date (string): the day the deal is expected to close, already formatted for the agent ("20.12.2026")
deal-list-closes = 结束日期：{ $date }
# $count (number): how many more open deals the CRM has than the list shows (1 or more)
deal-list-more = { $count ->
   *[other] +{ $count } 个，详见 CRM
}

## freshness.rs

# $minutes (number): how many minutes ago the CRM gave the answer (1 or more)
freshness-updated = { $minutes ->
   *[other] { $minutes } 分钟前更新
}
# $time (string): when the CRM gave that answer, a time already formatted for the agent ("14:05")
# $reason (string): "unavailable", "throttled" or "timeout"
freshness-stale-as-of = { $reason ->
    [throttled] 数据截至 { $time }：CRM 要求 Sidecard 降低请求频率，此信息可能已过时。
    [timeout] 数据截至 { $time }：CRM 响应缓慢，此信息可能已过时。
   *[unavailable] 数据截至 { $time }：CRM 未响应，此信息可能已过时。
}
# $reason (string): "unavailable", "throttled" or "timeout"
freshness-stale = { $reason ->
    [throttled] CRM 要求 Sidecard 降低请求频率，此信息可能已过时。
    [timeout] CRM 响应缓慢，此信息可能已过时。
   *[unavailable] CRM 未响应，此信息可能已过时。
}
freshness-try-again = 重试

## person_card.rs

# $reasons (string): the person's fields that matched the search, each as "field label: value", joined by " · "
person-card-matched-on = 匹配依据：{ $reasons }
person-card-open-in-crm = 在 CRM 中打开
person-card-recent-title = 最近活动

## results.rs

# $name (string): who pinned them, as their help desk names the agent ("Alex Agent")
# $date (string): the day they pinned them, already formatted for the agent
results-pinned-by = 由 { $name } 于 { $date } 固定
# $count (number): how many people matched (always two or more)
results-back-to-all = { $count ->
   *[other] ← 全部 { $count } 个匹配项
}
results-created = 已在 CRM 中创建。

## search_box.rs

search-box-label = 电子邮件或电话
search-box-placeholder = 电子邮件或电话号码
search-box-submit = 查找

## states.rs

skeleton-looking-up = 正在查找顾客…

## Settings page
##
## Everything below is shown on the admin's settings page only.

## Kinds of fields, value sources and help desks

kind-text = 文本
kind-email = 电子邮件
kind-phone = 电话
kind-money = 货币
kind-date = 日期
kind-number = 数字
kind-bool = 是/否
kind-choice = 选项
kind-link = 链接

source-subject = 工单主题
source-link = 工单链接
source-conversation-id = 工单编号
source-channel = 渠道
source-direction = 方向
source-duration-seconds = 时长（秒）
source-duration-minutes = 时长（分钟）
source-note = 客服备注
source-summary = 备注、渠道和链接
source-fixed = 固定值

desk-zendesk = Zendesk
desk-freshdesk = Freshdesk
desk-dynamics = Dynamics 365 面板
desk-standalone = 独立页面

## settings_page.rs

settings-title = Sidecard 设置
# $install (string): the id of the install whose settings are edited (e.g. "acme-zendesk"), shown in bold
settings-install = 安装实例：{ $install }
settings-back = ← 返回查找
settings-loading = 正在加载设置和 CRM 字段…
settings-unlock-title = 输入管理员密钥
settings-unlock-text = 此 Sidecard 代理仅为其服务台应用提供服务。请输入管理员密钥以打开设置。
settings-unlock-open = 打开设置
settings-load-failed = 无法加载设置
settings-try-again = 重试
settings-error-network = 无法连接到 Sidecard：请检查网络连接，然后重试。
# $detail (string): a technical detail of what came back (not translated)
settings-error-unexpected = Sidecard 返回了意外的响应：{ $detail }。
settings-tabs-label = 设置项
settings-tab-deals = 商机
settings-tab-activity = 最近活动
settings-tab-lookup = 查找和通话
settings-tab-log = 记录到 CRM
settings-tab-create-form = 新建记录表单
settings-admin-key = 管理员密钥
settings-save = 保存
settings-discard = 放弃更改
settings-unsaved = 有未保存的更改。
settings-saving = 正在保存…
# $version (string): the number of the version just saved (1, 2, …)
settings-saved = 已保存（第 { $version } 版）。客服下次查找时即可看到。
settings-load-theirs = 加载对方的版本
settings-not-saved-problems = 未保存任何内容。请先解决以下问题：
# $reason (string): why, in a sentence (from the proxy, or one of the settings-error-* messages)
settings-not-saved = 未保存任何内容。{ $reason }

## card_editor.rs

# $entity (string): contact, lead, account, deal or activity
card-editor-label = { $entity ->
    [lead] 潜在客户卡片
    [account] 客户卡片
    [deal] 商机卡片
    [activity] 活动卡片
   *[contact] 联系人卡片
}
# $entity (string): contact, lead, account, deal (the deal list) or activity (the recent-activity list)
card-editor-show = { $entity ->
    [lead] 显示潜在客户卡片
    [account] 显示客户卡片
    [deal] 显示商机列表
    [activity] 显示最近活动列表
   *[contact] 显示联系人卡片
}
card-editor-fields-heading = 字段（按显示顺序）
card-editor-deal-heading = 每个商机下的附加字段
card-editor-deal-always = 名称、金额、阶段和结束日期始终显示。
card-editor-activity-heading = 每个活动下的附加字段
card-editor-activity-always = 类型、主题、日期和负责人始终显示。
card-editor-not-in-crm = CRM 中已不存在
# $field (string): the field's name in the CRM
card-editor-label-for = { $field } 向客服显示的标签
# $field (string): the field's name in the CRM
card-editor-move-up = 上移 { $field }
# $field (string): the field's name in the CRM
card-editor-move-down = 下移 { $field }
# $field (string): the field's name in the CRM
card-editor-hide = 隐藏 { $field }
card-editor-none-chosen = 未选择任何字段：请在下方勾选。
# $entity (string): contact, lead, account, deal or activity
# $count (number): how many fields the CRM has for it
card-editor-all-fields = { $entity ->
    [lead] CRM 中的全部 { $count } 个潜在客户字段
    [account] CRM 中的全部 { $count } 个客户字段
    [deal] CRM 中的全部 { $count } 个商机字段
    [activity] CRM 中的全部 { $count } 个活动字段
   *[contact] CRM 中的全部 { $count } 个联系人字段
}
card-editor-search-placeholder = 按名称或键名搜索
card-editor-search-label = 搜索字段
card-editor-recent = 人员卡片上显示的最近活动数
card-editor-recent-none = 无
# $input (string): where the box for the number of deals goes (do not translate the variable's name)
card-editor-max-deals = 最多显示 { $input } 个商机
card-editor-order = 排序
card-editor-order-close-date = 结束日期最近的在前
card-editor-order-amount = 金额最大的在前

## log_editor.rs

log-editor-no-log = 此 CRM 连接器不支持记录活动。
log-editor-label = 记录到 CRM
log-editor-activity = 每次对话记录为
log-editor-repeat = 同一工单再次记录到同一人时
log-editor-repeat-update = 更新之前记录的活动
log-editor-repeat-append = 再记录一条新活动
log-editor-column-field = 活动字段
log-editor-column-source = 数据来源
log-editor-column-remove = 移除
# $kind (string): the type of the field (one of the kind-* messages), after the field's name
log-editor-field-kind = （{ $kind }）
# $field (string): the activity field's name in the CRM
log-editor-source-label = { $field } 的数据来源
# $field (string): the activity field's name in the CRM
log-editor-fixed-value = { $field } 的固定值
# $field (string): the activity field's name in the CRM
log-editor-remove-label = 停止填充 { $field }
log-editor-add = 同时填充
log-editor-add-choose = 选择字段…
log-editor-preview-title = 记录示例电话工单时发送的内容

## lookup_options.rs

lookup-options-label = 查找和通话
lookup-options-secondary-emails = 搜索所有电子邮件字段，而不仅是主电子邮件
lookup-options-fall-back-to-leads = 没有匹配的联系人时，搜索未关闭的潜在客户
lookup-options-region = 号码无国家/地区代码时使用的国家/地区
lookup-options-region-placeholder = US
lookup-options-region-hint = 两个字母（US、GB、DE）。留空则使用代理的默认值。
lookup-options-duplicates = 新联系人疑似重复时
lookup-options-duplicates-block = 阻止创建并显示现有记录
lookup-options-duplicates-warn = 发出警告，但允许客服继续创建
lookup-options-duplicates-allow = 直接创建，不作提示
lookup-options-dial = 拨号链接
# $e164 (string): the placeholder "{e164}" the admin types for the number in international format
# $digits (string): the placeholder "{digits}" the admin types for the number's digits alone
# $url (string): the link the call link would open for +1 425 555 0100
lookup-options-dial-hint = { $e164 } 或 { $digits } 代表号码。+1 425 555 0100 将打开：{ $url }

## form_editor.rs

form-editor-hint = 每个表单都会要求填写名字、姓氏、电子邮件、电话和公司。请勾选客服新建人员时还需填写的其他字段；CRM 要求必填的字段始终会包含在内。
# $entity (string): contact or lead
form-editor-new = { $entity ->
    [lead] 新建潜在客户
   *[contact] 新建联系人
}
# $field (string): the field's name in the CRM
form-editor-required = { $field }（CRM 必填）

## preview.rs

preview-label = 预览
preview-title = 预览
preview-sample-values = （示例值）
preview-hidden = 此卡片已隐藏：客服将看不到它。

## Help desk app packages
##
## What Zendesk's Admin Center shows about the app and what the Freshworks developer
## portal's listing says. Never shown by the widget itself.

app-short-description = 在工单旁显示顾客的 CRM 记录。
app-long-description = Sidecard 会显示请求者在 Dynamics 365 或 Salesforce 中的联系人或潜在客户记录、所属客户及进行中的商机，并包含管理员所选的字段。
app-installation-instructions = 请输入 Sidecard 代理的 URL，以及代理安装配置文件中的共享密钥。
app-proxy-url-label = 代理 URL
app-proxy-url-help = 您的 Sidecard 代理，例如 https://sidecard.acme.example
app-shared-secret-label = 共享密钥
app-shared-secret-help = 代理安装配置文件中此 Zendesk 账户条目的 jwt_secret。Zendesk 会在服务器端保存该密钥，并用它为每次调用签名。

## Before the page starts

start-failed = Sidecard 无法启动。请重新加载页面；如果问题持续出现，请告知管理员（浏览器控制台会显示失败原因）。
stopped-working = Sidecard 已停止工作。请重新加载页面；如果问题持续出现，请告知管理员（浏览器控制台会显示失败原因）。

# Sidecard のメッセージ（日本語）。en.ftl と同じ ID・同じ順序で並べています。
#
# One file per language (locales/<BCP 47 tag>.ftl, Project Fluent syntax). The agent's
# messages come first; the settings page's follow its "## Settings page" group, which the
# agent's bundles leave out. Variables are listed above each message that has any.

## Kinds of records, fields and activities (cards, forms and settings)

entity-contact = 取引先担当者
entity-lead = リード
entity-account = 取引先
entity-deal = 商談
entity-activity = 活動

activity-phone-call = 電話
activity-task = タスク

## Values on the cards

value-yes = はい
value-no = いいえ

## The page around the cards (app.rs, host/*)

settings-link = 設定
prompt-standalone = 顧客のメールアドレスまたは電話番号を入力すると、CRMのレコードが表示されます。
prompt-help-desk = ヘルプデスクからこの顧客のメールアドレスも電話番号も提供されていないため、検索できません。
prompt-dynamics = 取引先担当者、リード、取引先のいずれかを開くか、電話番号をクリックすると、ここに顧客が表示されます。

# $detail (text): what the help desk's own SDK said when it failed
host-failed = ヘルプデスクがSidecardに応答しませんでした：{ $detail }。ページを再読み込みしてください。問題が解決しない場合は、管理者に連絡してください。
zendesk-sdk-missing = ZendeskのアプリSDKが読み込まれませんでした。チケットを再読み込みしてください。問題が解決しない場合は、このブラウザでstatic.zdassets.comを読み込めるか確認してください。
zendesk-not-in-zendesk = このページは、ZendeskからSidecardアプリとして開く必要があります（originとapp_guidがありません）。
zendesk-proxy-url-setting = SidecardアプリのプロキシURL設定がないか、httpsのURLではありません。Zendeskの管理者が、管理センターの［アプリおよびインテグレーション］→［Sidecard］で設定する必要があります。
zendesk-no-account = Zendeskから、どのアカウントかが通知されませんでした（context.account.subdomain）。
freshdesk-client-missing = Freshdeskのアプリクライアントが読み込まれませんでした。ページを再読み込みしてください。問題が解決しない場合は、Freshdeskの管理者にSidecardアプリの再インストールを依頼してください。
cif-open-as-channel = このページはSidecardのDynamics 365チャネルです。/cif?base=<組織のURL> として開いてください。
# $org (URL): the Dynamics 365 organization's address
cif-library-not-loaded = Dynamics 365のチャネルライブラリを{ $org }から読み込めませんでした。SidecardはDynamics 365から開いてください（チャネルパネルとして動作します）。また、このブラウザから{ $org }にアクセスできるか確認してください。
# $org (URL): the Dynamics 365 organization's address
cif-library-not-started = Dynamics 365のチャネルライブラリが起動しませんでした。{ $org }のサードパーティCookieを許可してから（許可しないと、ライブラリがサインインページに転送されます）、再読み込みしてください。
# $detail (text): what Dynamics 365 answered
cif-record-refused = Dynamics 365が、このレコードをSidecardに表示することを拒否しました（{ $detail }）。ページを再読み込みしてください。繰り返し発生する場合は、ご自身のロールにこのレコードの閲覧権限があるか、Dynamicsの管理者に確認してください。
# $detail (text): what Dynamics 365 answered
cif-sign-in-refused = Dynamics 365が、Sidecardによるユーザーの本人確認を許可しませんでした（{ $detail }）。Sidecardは、メモを作成して直後に削除することでサインインします。メモの作成権限を付与するよう、Dynamicsの管理者に依頼してください。
log-needs-ticket = 会話をCRMに記録するには、チケットを開いてください。

## Errors (error_panel.rs, transport.rs)

error-check-search = 検索内容を確認してください
error-check-search-help = 入力されたメールアドレスまたは電話番号は、その形式では検索できませんでした。
error-check-settings = 設定を確認してください
error-check-settings-help = 設定をそのまま使用できませんでした。以下に示す項目を修正してください。
error-unauthorized = Sidecardがこのアプリを認識できません
error-unauthorized-help = ヘルプデスクでSidecardアプリの設定を確認するよう、管理者に依頼してください。
error-forbidden = この操作は管理者のみ実行できます
error-forbidden-help = Sidecardの管理者に依頼するか、管理者キーでサインインしてください。
error-conflict = 他のユーザーが先に保存しました
error-conflict-help = ページを再読み込みして他のユーザーの変更を確認してから、もう一度変更を加えてください。
error-duplicate = すでにCRMに登録されています
error-duplicate-help = この人物はすでにCRMに登録されています。新しく作成せずに、既存のレコードを選択してください。
error-not-supported = このCRMでは利用できません
error-not-supported-help = ご利用のCRMでは、この機能をSidecard経由で利用できません。
error-busy = ただいま混み合っています
error-busy-help = 同時に送信されたリクエストが多すぎます。しばらく待ってから、もう一度お試しください。
error-timeout = 時間がかかりすぎています
error-timeout-help = CRMから時間内に応答がありませんでした。しばらくしてから、もう一度お試しください。
error-crm-too-large = 表示する内容が多すぎます
error-crm-too-large-help = CRMからの応答が大きすぎて、サイドバーに表示できません。より具体的なメールアドレスまたは電話番号で検索してください。
error-crm-unavailable = CRMから応答がありません
error-crm-unavailable-help = CRMが停止中またはメンテナンス中の可能性があります。数分後にもう一度お試しください。
error-crm-auth = SidecardがCRMにサインインできません
error-crm-auth-help = SidecardとCRMの接続を再設定する必要があることを、管理者に伝えてください。
error-other = 問題が発生しました
error-other-help = もう一度お試しください。問題が解決しない場合は、以下の内容を管理者に伝えてください。
error-network = Sidecardに接続できません
error-network-help = ネットワーク接続を確認してください。接続に問題がない場合は、Sidecardプロキシが停止している可能性があります。管理者に連絡してください。
error-host = Sidecardがこのページを読み取れません
error-unexpected = Sidecardから予期しない応答がありました
error-unexpected-help = 以下の内容を管理者に伝えてください。
error-try-again = 再試行
error-network-short = Sidecardに接続できません。ネットワーク接続を確認してください。
# $detail (text): the status and what was wrong with the answer
error-unexpected-short = Sidecardから予期しない応答がありました：{ $detail }。
error-inline = { $title }：{ $detail }

## create_person.rs

create-person-duplicates-title = すでにCRMに登録されていませんか？
# $entity (string): the kind of record, already translated ("Contact" or "Lead").
create-person-duplicate-entity = （{ $entity }）
# $name (string): the record's name as the CRM has it
create-person-duplicates-may-create = CRMにはすでに{ $name }が登録されており、同一人物の可能性があります。そのレコードを開くか、このまま作成してください。
# $name (string): the record's name as the CRM has it
create-person-duplicates-blocked = CRMにはすでに{ $name }が登録されており、同一人物の可能性があります。新しく作成せずに、そのレコードを開いてください。
create-person-duplicates-refused = CRMの重複ルールにより、新しいレコードは拒否されました。一致するレコードがすでに存在します。
create-person-create-anyway = このまま作成
create-person-back = フォームに戻る
create-person-title = 新しい取引先担当者またはリード
create-person-first-name = 名
create-person-last-name = 姓（必須）
create-person-email = メールアドレス
create-person-phone = 電話番号
create-person-company = 会社名
create-person-creating = 作成中…
create-person-create = 作成
create-person-cancel = キャンセル
# $label (string): the field's label as the CRM names it (CRM data, not translated), e.g. "Job title".
create-person-required = { $label }（必須）

## log_form.rs

log-form-updated = 記録済みの活動を更新しました。
log-form-unchanged = すでに記録されています。
log-form-logged = CRMに記録しました。
log-form-open = CRMに記録
log-form-again = もう一度記録
log-form-note = CRM用のメモ（任意）
log-form-saving = 保存中…
log-form-save = CRMに保存
log-form-cancel = キャンセル

## chooser.rs

chooser-no-account = 取引先なし
# $reasons (string): which of the person's CRM fields held the searched values, as the CRM
# labels them, e.g. "Email 2: info@northwind.example" (several joined by " · ").
chooser-matched-on = 一致した項目：{ $reasons }
chooser-label = 一致した人物
# $count (number): how many people in the CRM match the customer (always at least 2).
chooser-title = { $count ->
   *[other] { $count }人が一致しました
}
chooser-hint = CRMにこの顧客の重複レコードがあります。正しいレコードを選択してください：
chooser-none = 該当なし：新しい取引先担当者またはリードを作成

## no_match.rs

# $email (string): the email address searched for.
no-match-email = メールアドレス：{ $email }（すべてのメール項目）
# $phone (string): the phone number searched for, in international form ("+14255550100").
# $formats (string): other ways the number is written that were searched too, separated by
# ", " (may be empty).
no-match-phone = 電話番号：{ $phone }（すべての電話項目、別の表記：{ $formats }）
no-match-phone-only = 電話番号：{ $phone }（すべての電話項目）
no-match-host-form = Dynamicsのフォームを開く
no-match-title = 顧客が見つかりません
no-match-searched = 次の条件に一致する取引先担当者または進行中のリードは、CRMにありません：
no-match-hint = スペルを確認するか、顧客が使用している別のメールアドレスまたは電話番号で検索してください。
no-match-create = 取引先担当者またはリードを作成

## pin_button.rs

pin-button-unpin = ピン留めを解除
pin-button-pin = この顧客のレコードとしてピン留め

## call_bar.rs

# $number (string): the number as the help desk gave it, e.g. "4255550102".
call-bar-call = { $number }に発信

## deal_list.rs

deal-list-label = 進行中の商談
deal-list-title = 進行中の商談
# $count (number): how many open deals the person and their account have in the CRM
deal-list-count = （{ $count }）
deal-list-empty = 進行中の商談はありません。
deal-list-no-amount = 金額なし
deal-list-no-close-date = 完了予定日なし
# $date (string): the day the deal is expected to close, already formatted for the agent ("20.12.2026")
deal-list-closes = 完了予定日：{ $date }
# $count (number): how many more open deals the CRM has than the list shows (1 or more)
deal-list-more = { $count ->
   *[other] CRMにさらに{ $count }件
}

## freshness.rs

# $minutes (number): how many minutes ago the CRM gave the answer (1 or more)
freshness-updated = { $minutes ->
   *[other] { $minutes }分前に更新
}
# $time (string): when the CRM gave that answer, a time already formatted for the agent ("14:05")
# $reason (string): "unavailable", "throttled" or "timeout"
freshness-stale-as-of = { $reason ->
    [throttled] { $time }時点の情報です。CRMからリクエストを減らすよう求められたため、最新ではない可能性があります。
    [timeout] { $time }時点の情報です。CRMの応答が遅いため、最新ではない可能性があります。
   *[unavailable] { $time }時点の情報です。CRMが応答していないため、最新ではない可能性があります。
}
# $reason (string): "unavailable", "throttled" or "timeout"
freshness-stale = { $reason ->
    [throttled] CRMからリクエストを減らすよう求められたため、最新ではない可能性があります。
    [timeout] CRMの応答が遅いため、最新ではない可能性があります。
   *[unavailable] CRMが応答していないため、最新ではない可能性があります。
}
freshness-try-again = 再試行

## person_card.rs

# $reasons (string): the person's fields that matched the search, each as "field label: value", joined by " · "
person-card-matched-on = 一致した項目：{ $reasons }
person-card-open-in-crm = CRMで開く
person-card-recent-title = 最近の活動

## results.rs

# $name (string): who pinned them, as their help desk names the agent ("Alex Agent")
# $date (string): the day they pinned them, already formatted for the agent
results-pinned-by = { $name }が{ $date }にピン留めしました
# $count (number): how many people matched (always two or more)
results-back-to-all = { $count ->
   *[other] ← 一致した{ $count }人の一覧に戻る
}
results-created = CRMに作成しました。

## search_box.rs

search-box-label = メールアドレスまたは電話番号
search-box-placeholder = メールアドレスまたは電話番号
search-box-submit = 検索

## states.rs

skeleton-looking-up = 顧客を検索しています…

## Settings page
##
## Everything below is shown on the admin's settings page only.

## Kinds of fields, value sources and help desks

kind-text = テキスト
kind-email = メール
kind-phone = 電話
kind-money = 通貨
kind-date = 日付
kind-number = 数値
kind-bool = はい/いいえ
kind-choice = 選択リスト
kind-link = リンク

source-subject = チケットの件名
source-link = チケットへのリンク
source-conversation-id = チケット番号
source-channel = チャネル
source-direction = 方向（受信/発信）
source-duration-seconds = 所要時間（秒）
source-duration-minutes = 所要時間（分）
source-note = エージェントのメモ
source-summary = メモ、チャネル、リンク
source-fixed = 固定値

desk-zendesk = Zendesk
desk-freshdesk = Freshdesk
desk-dynamics = Dynamics 365パネル
desk-standalone = スタンドアロンページ

## settings_page.rs

settings-title = Sidecardの設定
# $install (string): the id of the install whose settings are edited (e.g. "acme-zendesk"), shown in bold
settings-install = インストール：{ $install }
settings-back = ← 検索に戻る
settings-loading = 設定とCRMの項目を読み込んでいます…
settings-unlock-title = 管理者キーを入力してください
settings-unlock-text = このSidecardプロキシは、対応するヘルプデスクアプリ専用です。設定を開くには、管理者キーを入力してください。
settings-unlock-open = 設定を開く
settings-load-failed = 設定を読み込めませんでした
settings-try-again = 再試行
settings-error-network = Sidecardに接続できませんでした。ネットワーク接続を確認して、もう一度お試しください。
# $detail (string): a technical detail of what came back (not translated)
settings-error-unexpected = Sidecardから予期しない応答がありました：{ $detail }。
settings-tabs-label = 設定項目
settings-tab-deals = 商談
settings-tab-activity = 最近の活動
settings-tab-lookup = 検索と発信
settings-tab-log = CRMへの記録
settings-tab-create-form = 作成フォーム
settings-admin-key = 管理者キー
settings-save = 保存
settings-discard = 破棄
settings-unsaved = 未保存の変更があります。
settings-saving = 保存中…
# $version (string): the number of the version just saved (1, 2, …)
settings-saved = 保存しました（バージョン{ $version }）。エージェントには次回の検索から反映されます。
settings-load-theirs = 他のユーザーのバージョンを読み込む
settings-not-saved-problems = 保存されませんでした。先に次の問題を修正してください：
# $reason (string): why, in a sentence (from the proxy, or one of the settings-error-* messages)
settings-not-saved = 保存されませんでした。{ $reason }

## card_editor.rs

# $entity (string): contact, lead, account, deal or activity
card-editor-label = { $entity ->
    [lead] リードカード
    [account] 取引先カード
    [deal] 商談カード
    [activity] 活動カード
   *[contact] 取引先担当者カード
}
# $entity (string): contact, lead, account, deal (the deal list) or activity (the recent-activity list)
card-editor-show = { $entity ->
    [lead] リードカードを表示
    [account] 取引先カードを表示
    [deal] 商談リストを表示
    [activity] 最近の活動リストを表示
   *[contact] 取引先担当者カードを表示
}
card-editor-fields-heading = 項目（表示順）
card-editor-deal-heading = 各商談の下に表示する追加項目
card-editor-deal-always = 商談名、金額、フェーズ、完了予定日は常に表示されます。
card-editor-activity-heading = 各活動の下に表示する追加項目
card-editor-activity-always = 種類、件名、日付、所有者は常に表示されます。
card-editor-not-in-crm = CRMにありません
# $field (string): the field's name in the CRM
card-editor-label-for = エージェントに表示する{ $field }のラベル
# $field (string): the field's name in the CRM
card-editor-move-up = { $field }を上へ移動
# $field (string): the field's name in the CRM
card-editor-move-down = { $field }を下へ移動
# $field (string): the field's name in the CRM
card-editor-hide = { $field }を非表示
card-editor-none-chosen = 項目が選択されていません。下の一覧でチェックを入れてください。
# $entity (string): contact, lead, account, deal or activity
# $count (number): how many fields the CRM has for it
card-editor-all-fields = { $entity ->
    [lead] CRMのリードの全項目（{ $count }件）
    [account] CRMの取引先の全項目（{ $count }件）
    [deal] CRMの商談の全項目（{ $count }件）
    [activity] CRMの活動の全項目（{ $count }件）
   *[contact] CRMの取引先担当者の全項目（{ $count }件）
}
card-editor-search-placeholder = 項目名またはキーで検索
card-editor-search-label = 項目を検索
card-editor-recent = 取引先担当者・リードのカードに表示する最近の活動の件数
card-editor-recent-none = なし
# $input (string): where the box for the number of deals goes (do not translate the variable's name)
card-editor-max-deals = 商談を最大{ $input }件表示
card-editor-order = 並び順
card-editor-order-close-date = 完了予定日が近い順
card-editor-order-amount = 金額が大きい順

## log_editor.rs

log-editor-no-log = このCRMコネクタは活動の記録に対応していません。
log-editor-label = CRMへの記録
log-editor-activity = 会話ごとに作成する活動の種類
log-editor-repeat = 同じチケットを同じ人物に対して再度記録した場合
log-editor-repeat-update = 記録済みの活動を更新する
log-editor-repeat-append = 別の活動として記録する
log-editor-column-field = 活動の項目
log-editor-column-source = 入力元
log-editor-column-remove = 削除
# $kind (string): the type of the field (one of the kind-* messages), after the field's name
log-editor-field-kind = （{ $kind }）
# $field (string): the activity field's name in the CRM
log-editor-source-label = { $field }の入力元
# $field (string): the activity field's name in the CRM
log-editor-fixed-value = { $field }の固定値
# $field (string): the activity field's name in the CRM
log-editor-remove-label = { $field }への入力を停止
log-editor-add = 入力する項目を追加
log-editor-add-choose = 項目を選択…
log-editor-preview-title = 電話チケットのサンプルを記録すると、次の内容が送信されます

## lookup_options.rs

lookup-options-label = 検索と発信
lookup-options-secondary-emails = 主要なメールアドレスだけでなく、すべてのメール項目を検索する
lookup-options-fall-back-to-leads = 一致する取引先担当者がない場合は、進行中のリードを検索する
lookup-options-region = 国番号のない電話番号に使用する国
lookup-options-region-placeholder = US
lookup-options-region-hint = 英字2文字（US、GB、DE）。空欄の場合は、プロキシの既定値が使用されます。
lookup-options-duplicates = 新しい取引先担当者が重複している可能性がある場合
lookup-options-duplicates-block = 作成をブロックし、既存のレコードを表示する
lookup-options-duplicates-warn = 警告したうえで、エージェントによる作成を許可する
lookup-options-duplicates-allow = 確認せずに作成する
lookup-options-dial = 発信リンク
# $e164 (string): the placeholder "{e164}"
# $digits (string): the placeholder "{digits}"
# $url (string): the link the call link would open for +1 425 555 0100
lookup-options-dial-hint = { $e164 }または{ $digits }の部分が電話番号になります。+1 425 555 0100の場合に開くリンク：{ $url }

## form_editor.rs

form-editor-hint = すべてのフォームで、姓名、メールアドレス、電話番号、会社名を入力します。エージェントが新規作成時に入力するその他の項目にチェックを入れてください。CRMで必須の項目は常に入力が求められます。
# $entity (string): contact or lead
form-editor-new = { $entity ->
    [lead] 新しいリード
   *[contact] 新しい取引先担当者
}
# $field (string): the field's name in the CRM
form-editor-required = { $field }（CRMで必須）

## preview.rs

preview-label = プレビュー
preview-title = プレビュー
preview-sample-values = （サンプル値）
preview-hidden = このカードは非表示です。エージェントには表示されません。

## Help desk app packages
##
## What Zendesk's Admin Center shows about the app (translations/<locale>.json in the Zendesk
## package) and what the Freshworks developer portal's listing says (written beside the
## Freshdesk package). Never shown by the widget itself.

app-short-description = チケットの横に顧客のCRMレコードを表示します。
app-long-description = Sidecardは、Dynamics 365またはSalesforceから、リクエスタの取引先担当者またはリード、その取引先、進行中の商談を、管理者が選択した項目とともに表示します。
app-installation-instructions = SidecardプロキシのURLと、プロキシのインストール設定ファイルにある共有シークレットを入力してください。
app-proxy-url-label = プロキシURL
app-proxy-url-help = SidecardプロキシのURL（例：https://sidecard.acme.example）
app-shared-secret-label = 共有シークレット
app-shared-secret-help = プロキシのインストール設定ファイルにある、このZendeskアカウントのエントリのjwt_secretです。Zendeskはこの値をサーバー側で保持し、各呼び出しの署名に使用します。

## Before the page starts

start-failed = Sidecardを起動できませんでした。ページを再読み込みしてください。繰り返し発生する場合は、管理者に連絡してください（失敗の内容はブラウザーのコンソールに表示されます）。
stopped-working = Sidecardが動作を停止しました。ページを再読み込みしてください。繰り返し発生する場合は、管理者に連絡してください（失敗の内容はブラウザーのコンソールに表示されます）。

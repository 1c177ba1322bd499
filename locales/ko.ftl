# Sidecard의 한국어 메시지 카탈로그입니다. 기준 카탈로그는 en.ftl입니다.
#
# 용어: Contact = 연락처, Lead = 리드, Account = 거래처(CRM 레코드; 헬프데스크 계정은 "계정"),
# Deal = 거래, Activity = 활동, Pin = 고정, Log = 기록, Settings = 설정, Agent = 상담원.

## Kinds of records, fields and activities (cards, forms and settings)

entity-contact = 연락처
entity-lead = 리드
entity-account = 거래처
entity-deal = 거래
entity-activity = 활동

activity-phone-call = 전화 통화
activity-task = 작업

## Values on the cards

value-yes = 예
value-no = 아니요

## The page around the cards (app.rs, host/*)

settings-link = 설정
prompt-standalone = 고객의 이메일 또는 전화번호를 입력하면 CRM 레코드를 볼 수 있습니다.
prompt-help-desk = 헬프데스크에서 이 고객의 이메일 주소나 전화번호를 제공하지 않아 조회할 항목이 없습니다.
prompt-dynamics = 연락처, 리드 또는 거래처를 열거나 전화번호를 클릭하면 여기에 고객 정보가 표시됩니다.
host-failed = 헬프데스크가 Sidecard에 응답하지 않았습니다: { $detail }. 페이지를 새로 고치세요. 문제가 계속되면 관리자에게 알리세요.
zendesk-sdk-missing = Zendesk 앱 SDK를 불러오지 못했습니다. 티켓을 새로 고치세요. 문제가 계속되면 이 브라우저에서 static.zdassets.com을 불러올 수 있는지 확인하세요.
zendesk-not-in-zendesk = 이 페이지는 Zendesk에서 Sidecard 앱으로 열어야 합니다(origin과 app_guid가 없습니다).
zendesk-proxy-url-setting = Sidecard 앱의 프록시 URL 설정이 없거나 https URL이 아닙니다. Zendesk 관리자가 관리 센터 → 앱 및 통합 → Sidecard에서 설정할 수 있습니다.
zendesk-no-account = Zendesk에서 현재 계정을 알려 주지 않았습니다(context.account.subdomain).
freshdesk-client-missing = Freshdesk 앱 클라이언트를 불러오지 못했습니다. 페이지를 새로 고치세요. 문제가 계속되면 Freshdesk 관리자에게 Sidecard 앱을 다시 설치해 달라고 요청하세요.
cif-open-as-channel = 이 페이지는 Sidecard의 Dynamics 365 채널입니다. /cif?base=<your org's URL> 형식으로 여세요.
cif-library-not-loaded = { $org }에서 Dynamics 365 채널 라이브러리를 불러오지 못했습니다. Dynamics 365에서 Sidecard를 열고(채널 패널입니다) 이 브라우저에서 { $org }에 연결할 수 있는지 확인하세요.
cif-library-not-started = Dynamics 365 채널 라이브러리가 시작되지 않았습니다. { $org }에 대해 타사 쿠키를 허용한 후(허용하지 않으면 라이브러리가 로그인 페이지로 리디렉션됩니다) 페이지를 새로 고치세요.
cif-record-refused = Dynamics 365가 Sidecard에 이 레코드를 제공하지 않았습니다({ $detail }). 페이지를 새로 고치세요. 문제가 계속되면 본인 역할에 이 레코드를 읽을 권한이 있는지 Dynamics 관리자에게 문의하세요.
cif-sign-in-refused = Dynamics 365에서 Sidecard가 사용자 본인을 확인하도록 허용하지 않았습니다({ $detail }). Sidecard는 메모를 만들었다가 바로 삭제하는 방식으로 로그인합니다. Dynamics 관리자에게 메모 만들기 권한을 요청하세요.
log-needs-ticket = 대화를 CRM에 기록하려면 티켓을 여세요.

## Errors (error_panel.rs, transport.rs)

error-check-search = 검색어를 확인하세요
error-check-search-help = 입력한 형식 그대로는 이메일 주소나 전화번호를 검색할 수 없습니다.
error-check-settings = 설정을 확인하세요
error-check-settings-help = 현재 설정을 그대로 사용할 수 없습니다. 아래에 표시된 항목을 수정하세요.
error-unauthorized = Sidecard에서 이 앱을 인식하지 못합니다
error-unauthorized-help = 관리자에게 헬프데스크의 Sidecard 앱 설정을 확인해 달라고 요청하세요.
error-forbidden = 관리자만 할 수 있는 작업입니다
error-forbidden-help = Sidecard 관리자에게 요청하거나 관리자 키로 로그인하세요.
error-conflict = 다른 사용자가 먼저 저장했습니다
error-conflict-help = 페이지를 새로 고쳐 다른 사용자의 변경 내용을 확인한 후 내 변경 내용을 다시 적용하세요.
error-duplicate = 이미 CRM에 있습니다
error-duplicate-help = CRM에 이미 이 사람이 있습니다. 새로 만들지 말고 기존 레코드를 선택하세요.
error-not-supported = 이 CRM에서는 사용할 수 없습니다
error-not-supported-help = 사용 중인 CRM은 Sidecard를 통해 이 기능을 제공하지 않습니다.
error-busy = 지금은 요청이 너무 많습니다
error-busy-help = 한꺼번에 너무 많은 요청이 들어왔습니다. 잠시 후 다시 시도하세요.
error-timeout = 시간이 너무 오래 걸립니다
error-timeout-help = CRM이 제때 응답하지 않았습니다. 잠시 후 다시 시도하세요.
error-crm-too-large = 표시할 내용이 너무 많습니다
error-crm-too-large-help = CRM의 응답이 너무 커서 사이드바에 표시할 수 없습니다. 더 구체적인 이메일이나 번호로 검색하세요.
error-crm-unavailable = CRM이 응답하지 않았습니다
error-crm-unavailable-help = CRM이 중단되었거나 점검 중일 수 있습니다. 몇 분 후 다시 시도하세요.
error-crm-auth = Sidecard가 CRM에 로그인할 수 없습니다
error-crm-auth-help = 관리자에게 Sidecard와 CRM의 연결을 다시 설정해야 한다고 알리세요.
error-other = 문제가 발생했습니다
error-other-help = 다시 시도하세요. 문제가 계속되면 아래 내용을 관리자에게 알리세요.
error-network = Sidecard에 연결할 수 없습니다
error-network-help = 인터넷 연결을 확인하세요. 연결에 문제가 없다면 Sidecard 프록시가 중단되었을 수 있으니 관리자에게 알리세요.
error-host = Sidecard에서 이 페이지를 읽을 수 없습니다
error-unexpected = Sidecard가 예기치 않은 응답을 보냈습니다
error-unexpected-help = 아래 내용을 관리자에게 알리세요.
error-try-again = 다시 시도
error-network-short = Sidecard에 연결할 수 없습니다. 인터넷 연결을 확인하세요.
error-unexpected-short = Sidecard가 예기치 않은 응답을 보냈습니다: { $detail }.
error-inline = { $title }: { $detail }

## create_person.rs

create-person-duplicates-title = 이미 CRM에 있나요?
create-person-duplicate-entity = ({ $entity })
create-person-duplicates-may-create = CRM에 같은 사람일 수 있는 레코드가 이미 있습니다: { $name }. 해당 레코드를 열거나 그래도 새로 만드세요.
create-person-duplicates-blocked = CRM에 같은 사람일 수 있는 레코드가 이미 있습니다: { $name }. 새로 만들지 말고 해당 레코드를 여세요.
create-person-duplicates-refused = CRM의 중복 규칙에 따라 새 레코드가 거부되었습니다. 일치하는 레코드가 이미 있습니다.
create-person-create-anyway = 그래도 만들기
create-person-back = 양식으로 돌아가기
create-person-title = 새 연락처 또는 리드
create-person-first-name = 이름
create-person-last-name = 성(필수)
create-person-email = 이메일
create-person-phone = 전화번호
create-person-company = 회사
create-person-creating = 만드는 중…
create-person-create = 만들기
create-person-cancel = 취소
create-person-required = { $label }(필수)

## log_form.rs

log-form-updated = 기록된 활동을 업데이트했습니다.
log-form-unchanged = 이미 기록되었습니다.
log-form-logged = CRM에 기록했습니다.
log-form-open = CRM에 기록
log-form-again = 다시 기록
log-form-note = CRM에 남길 메모(선택 사항)
log-form-saving = 저장 중…
log-form-save = CRM에 저장
log-form-cancel = 취소

## chooser.rs

chooser-no-account = 거래처 없음
chooser-matched-on = 일치 항목: { $reasons }
chooser-label = 일치하는 사람
chooser-title = { $count ->
   *[other] { $count }명이 일치합니다
}
chooser-hint = CRM에 이 고객의 중복 레코드가 있습니다. 올바른 레코드를 선택하세요:
chooser-none = 해당하는 사람 없음: 새 연락처 또는 리드 만들기

## no_match.rs

no-match-email = 이메일 { $email } (모든 이메일 필드에서 검색)
no-match-phone = 전화번호 { $phone } (모든 전화번호 필드에서 검색, 다른 표기: { $formats })
no-match-phone-only = 전화번호 { $phone } (모든 전화번호 필드에서 검색)
no-match-host-form = Dynamics 양식 열기
no-match-title = 고객을 찾을 수 없습니다
no-match-searched = CRM에서 다음 조건과 일치하는 연락처나 진행 중인 리드가 없습니다:
no-match-hint = 철자를 확인하거나 고객이 사용하는 다른 주소나 번호로 검색하세요.
no-match-create = 연락처 또는 리드 만들기

## pin_button.rs

pin-button-unpin = 고정 해제
pin-button-pin = 이 고객으로 고정

## call_bar.rs

call-bar-call = { $number }에 전화 걸기

## deal_list.rs

deal-list-label = 진행 중인 거래
deal-list-title = 진행 중인 거래
deal-list-count = {" "}({ $count })
deal-list-empty = 진행 중인 거래가 없습니다.
deal-list-no-amount = 금액 없음
deal-list-no-close-date = 마감 예정일 없음
deal-list-closes = { $date } 마감 예정
deal-list-more = { $count ->
   *[other] CRM에 +{ $count }건 더 있음
}

## freshness.rs

freshness-updated = { $minutes ->
   *[other] { $minutes }분 전 업데이트됨
}
freshness-stale-as-of = { $reason ->
    [throttled] { $time } 기준 — CRM에서 Sidecard의 요청 빈도를 줄여 달라고 했습니다. 최신 정보가 아닐 수 있습니다.
    [timeout] { $time } 기준 — CRM의 응답이 느립니다. 최신 정보가 아닐 수 있습니다.
   *[unavailable] { $time } 기준 — CRM이 응답하지 않습니다. 최신 정보가 아닐 수 있습니다.
}
freshness-stale = { $reason ->
    [throttled] CRM에서 Sidecard의 요청 빈도를 줄여 달라고 했습니다. 최신 정보가 아닐 수 있습니다.
    [timeout] CRM의 응답이 느립니다. 최신 정보가 아닐 수 있습니다.
   *[unavailable] CRM이 응답하지 않습니다. 최신 정보가 아닐 수 있습니다.
}
freshness-try-again = 다시 시도

## person_card.rs

person-card-matched-on = 일치 항목: { $reasons }
person-card-open-in-crm = CRM에서 열기
person-card-recent-title = 최근 활동

## results.rs

results-pinned-by = { $name }님이 { $date }에 고정했습니다
results-back-to-all = { $count ->
   *[other] ← 일치하는 { $count }명 모두 보기
}
results-created = CRM에 만들었습니다.

## search_box.rs

search-box-label = 이메일 또는 전화번호
search-box-placeholder = 이메일 또는 전화번호
search-box-submit = 조회

## states.rs

skeleton-looking-up = 고객을 조회하는 중…

## Settings page
##
## Everything below is shown on the admin's settings page only.

## Kinds of fields, value sources and help desks

kind-text = 텍스트
kind-email = 이메일
kind-phone = 전화번호
kind-money = 금액
kind-date = 날짜
kind-number = 숫자
kind-bool = 예/아니요
kind-choice = 선택 항목
kind-link = 링크

source-subject = 티켓 제목
source-link = 티켓 링크
source-conversation-id = 티켓 번호
source-channel = 채널
source-direction = 방향
source-duration-seconds = 소요 시간(초)
source-duration-minutes = 소요 시간(분)
source-note = 상담원 메모
source-summary = 메모, 채널 및 링크
source-fixed = 고정값

desk-zendesk = Zendesk
desk-freshdesk = Freshdesk
desk-dynamics = Dynamics 365 패널
desk-standalone = 독립 실행형 페이지

## settings_page.rs

settings-title = Sidecard 설정
settings-install = 설치 ID: { $install }
settings-back = ← 조회로 돌아가기
settings-loading = 설정과 CRM 필드를 불러오는 중…
settings-unlock-title = 관리자 키 입력
settings-unlock-text = 이 Sidecard 프록시는 연결된 헬프데스크 앱에만 서비스를 제공합니다. 설정을 열려면 관리자 키를 입력하세요.
settings-unlock-open = 설정 열기
settings-load-failed = 설정을 불러오지 못했습니다
settings-try-again = 다시 시도
settings-error-network = Sidecard에 연결하지 못했습니다. 인터넷 연결을 확인한 후 다시 시도하세요.
settings-error-unexpected = Sidecard가 예기치 않은 응답을 보냈습니다: { $detail }.
settings-tabs-label = 설정 항목
settings-tab-deals = 거래
settings-tab-activity = 최근 활동
settings-tab-lookup = 조회 및 전화
settings-tab-log = CRM에 기록
settings-tab-create-form = 생성 양식
settings-admin-key = 관리자 키
settings-save = 저장
settings-discard = 변경 취소
settings-unsaved = 저장하지 않은 변경 내용이 있습니다.
settings-saving = 저장 중…
settings-saved = 저장했습니다(버전 { $version }). 상담원이 다음에 조회할 때부터 적용됩니다.
settings-load-theirs = 다른 사용자의 버전 불러오기
settings-not-saved-problems = 저장되지 않았습니다. 먼저 다음 문제를 해결하세요:
settings-not-saved = 저장되지 않았습니다. { $reason }

## card_editor.rs

card-editor-label = { $entity ->
    [lead] 리드 카드
    [account] 거래처 카드
    [deal] 거래 카드
    [activity] 활동 카드
   *[contact] 연락처 카드
}
card-editor-show = { $entity ->
    [lead] 리드 카드 표시
    [account] 거래처 카드 표시
    [deal] 거래 목록 표시
    [activity] 최근 활동 목록 표시
   *[contact] 연락처 카드 표시
}
card-editor-fields-heading = 필드(표시 순서대로)
card-editor-deal-heading = 각 거래 아래에 표시할 추가 필드
card-editor-deal-always = 이름, 금액, 단계, 마감 예정일은 항상 표시됩니다.
card-editor-activity-heading = 각 활동 아래에 표시할 추가 필드
card-editor-activity-always = 유형, 제목, 날짜, 담당자는 항상 표시됩니다.
card-editor-not-in-crm = CRM에 없음
card-editor-label-for = 상담원에게 표시할 { $field } 레이블
card-editor-move-up = { $field } 위로 이동
card-editor-move-down = { $field } 아래로 이동
card-editor-hide = { $field } 숨기기
card-editor-none-chosen = 선택한 필드가 없습니다. 아래에서 필드를 선택하세요.
card-editor-all-fields = { $entity ->
    [lead] CRM의 리드 필드 전체({ $count }개)
    [account] CRM의 거래처 필드 전체({ $count }개)
    [deal] CRM의 거래 필드 전체({ $count }개)
    [activity] CRM의 활동 필드 전체({ $count }개)
   *[contact] CRM의 연락처 필드 전체({ $count }개)
}
card-editor-search-placeholder = 이름 또는 키로 검색
card-editor-search-label = 필드 검색
card-editor-recent = 고객 카드에 표시할 최근 활동 수
card-editor-recent-none = 없음
card-editor-max-deals = 거래를 최대 { $input }건까지 표시
card-editor-order = 정렬 순서
card-editor-order-close-date = 마감 예정일이 가까운 순
card-editor-order-amount = 금액이 큰 순

## log_editor.rs

log-editor-no-log = 이 CRM 커넥터는 활동 기록을 지원하지 않습니다.
log-editor-label = CRM에 기록
log-editor-activity = 각 대화를 기록할 활동 유형
log-editor-repeat = 같은 사람에 대해 같은 티켓을 다시 기록할 때
log-editor-repeat-update = 이전에 기록한 활동 업데이트
log-editor-repeat-append = 새 활동으로 기록
log-editor-column-field = 활동 필드
log-editor-column-source = 값 출처
log-editor-column-remove = 제거
log-editor-field-kind = {" "}({ $kind })
log-editor-source-label = { $field } 값 출처
log-editor-fixed-value = { $field }의 고정값
log-editor-remove-label = { $field } 채우지 않기
log-editor-add = 추가로 채울 필드
log-editor-add-choose = 필드 선택…
log-editor-preview-title = 샘플 전화 티켓을 기록하면 전송되는 내용

## lookup_options.rs

lookup-options-label = 조회 및 전화
lookup-options-secondary-emails = 기본 이메일 필드뿐 아니라 모든 이메일 필드 검색
lookup-options-fall-back-to-leads = 일치하는 연락처가 없으면 진행 중인 리드 검색
lookup-options-region = 국가 코드가 없는 번호에 적용할 국가
lookup-options-region-placeholder = US
lookup-options-region-hint = 영문 두 글자(US, GB, DE). 비워 두면 프록시의 기본값을 사용합니다.
lookup-options-duplicates = 새 연락처가 중복으로 보일 때
lookup-options-duplicates-block = 차단하고 기존 레코드 표시
lookup-options-duplicates-warn = 경고하되 상담원이 그래도 만들 수 있도록 허용
lookup-options-duplicates-allow = 묻지 않고 만들기
lookup-options-dial = 전화 걸기 링크
lookup-options-dial-hint = { $e164 } 또는 { $digits } 자리에 번호가 들어갑니다. +1 425 555 0100이면 다음 링크가 열립니다: { $url }

## form_editor.rs

form-editor-hint = 모든 양식에서 이름과 성, 이메일, 전화번호, 회사를 입력받습니다. 상담원이 새 연락처나 리드를 만들 때 입력할 다른 필드를 선택하세요. CRM에서 필수인 필드는 항상 입력받습니다.
form-editor-new = { $entity ->
    [lead] 새 리드
   *[contact] 새 연락처
}
form-editor-required = { $field }(CRM 필수 항목)

## preview.rs

preview-label = 미리 보기
preview-title = 미리 보기
preview-sample-values = {" "}(샘플 값)
preview-hidden = 이 카드는 숨겨져 있어 상담원에게 표시되지 않습니다.

## Help desk app packages
##
## What Zendesk's Admin Center shows about the app (translations/<locale>.json in the Zendesk
## package) and what the Freshworks developer portal's listing says (written beside the
## Freshdesk package). Never shown by the widget itself.

app-short-description = 티켓 옆에 고객의 CRM 레코드를 표시합니다.
app-long-description = Sidecard는 Dynamics 365 또는 Salesforce에서 가져온 요청자의 연락처 또는 리드, 거래처, 진행 중인 거래를 관리자가 선택한 필드와 함께 표시합니다.
app-installation-instructions = Sidecard 프록시의 URL과 프록시 설치 목록 파일에 있는 공유 비밀 키를 입력하세요.
app-proxy-url-label = 프록시 URL
app-proxy-url-help = Sidecard 프록시 주소(예: https://sidecard.acme.example)
app-shared-secret-label = 공유 비밀 키
app-shared-secret-help = 프록시 설치 목록 파일에서 이 Zendesk 계정 항목에 있는 jwt_secret입니다. Zendesk는 이 값을 서버 측에 보관하고 모든 호출에 이 값으로 서명합니다.

## Before the page starts

start-failed = Sidecard를 시작할 수 없습니다. 페이지를 새로 고치세요. 계속 발생하면 관리자에게 알리세요(브라우저 콘솔에 실패 원인이 표시됩니다).
stopped-working = Sidecard가 작동을 멈췄습니다. 페이지를 새로 고치세요. 계속 발생하면 관리자에게 알리세요(브라우저 콘솔에 실패 원인이 표시됩니다).

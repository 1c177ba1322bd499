# Mensagens do Sidecard em português do Brasil (tratamento por "você").
#
# Mesmas mensagens e mesma ordem de en.ftl. As mensagens do agente vêm primeiro; as da página
# de configurações vêm depois do grupo "## Settings page".

## Kinds of records, fields and activities (cards, forms and settings)

entity-contact = Contato
entity-lead = Lead
entity-account = Conta
entity-deal = Oportunidade
entity-activity = Atividade

activity-phone-call = Chamada telefônica
activity-task = Tarefa

## Values on the cards

value-yes = Sim
value-no = Não

## The page around the cards (app.rs, host/*)

settings-link = Configurações
prompt-standalone = Digite o e-mail ou o telefone do cliente para ver o registro correspondente no CRM.
prompt-help-desk = O help desk não informa nenhum e-mail nem telefone deste cliente, então não há nada para pesquisar.
prompt-dynamics = Abra um contato, lead ou conta, ou clique em um número de telefone, para ver o cliente aqui.

host-failed = O help desk não respondeu ao Sidecard: { $detail }. Recarregue a página; se o problema continuar, avise o seu administrador.
zendesk-sdk-missing = O SDK de aplicativos do Zendesk não carregou: recarregue o ticket; se o problema continuar, verifique se este navegador pode carregar static.zdassets.com.
zendesk-not-in-zendesk = Esta página precisa ser aberta pelo Zendesk como o aplicativo Sidecard (o endereço dela não contém origin nem app_guid).
zendesk-proxy-url-setting = A configuração “URL do proxy” do aplicativo Sidecard está ausente ou não é uma URL https: um administrador do Zendesk a define em Central de administração → Aplicativos e integrações → Sidecard.
zendesk-no-account = O Zendesk não informou qual é esta conta (context.account.subdomain).
freshdesk-client-missing = O cliente de aplicativos do Freshdesk não carregou: recarregue a página; se o problema continuar, peça ao administrador do Freshdesk para reinstalar o aplicativo Sidecard.
cif-open-as-channel = Esta página é o canal do Sidecard para o Dynamics 365: abra-a em /cif?base=<your org's URL>.
cif-library-not-loaded = A biblioteca de canais do Dynamics 365 não foi carregada de { $org }. Abra o Sidecard pelo Dynamics 365 (ele é um painel de canal) e verifique se este navegador consegue acessar { $org }.
cif-library-not-started = A biblioteca de canais do Dynamics 365 não foi iniciada. Permita cookies de terceiros para { $org } (sem eles, a biblioteca é redirecionada para uma página de login) e recarregue a página.
cif-record-refused = O Dynamics 365 não permitiu que o Sidecard exibisse este registro ({ $detail }). Recarregue a página; se isso continuar acontecendo, pergunte ao administrador do Dynamics se a sua função tem permissão para visualizá-lo.
cif-sign-in-refused = O Dynamics 365 não permitiu que o Sidecard confirmasse a sua identidade ({ $detail }). O Sidecard faz login criando (e removendo logo em seguida) uma anotação: peça ao administrador do Dynamics permissão para criar anotações.
log-needs-ticket = Abra um ticket para registrar a conversa no CRM.

## Errors (error_panel.rs, transport.rs)

error-check-search = Verifique a pesquisa
error-check-search-help = Não foi possível pesquisar o e-mail ou o telefone da forma como está escrito.
error-check-settings = Verifique as configurações
error-check-settings-help = Não é possível usar as configurações como estão: corrija o que está indicado abaixo.
error-unauthorized = O Sidecard não reconhece este aplicativo
error-unauthorized-help = Peça ao seu administrador para verificar as configurações do aplicativo Sidecard no help desk.
error-forbidden = Somente um administrador pode fazer isso
error-forbidden-help = Peça a um administrador do Sidecard ou faça login com a chave de administrador.
error-conflict = Outra pessoa salvou primeiro
error-conflict-help = Recarregue a página para ver as alterações dessa pessoa e depois faça as suas novamente.
error-duplicate = Já está no CRM
error-duplicate-help = O CRM já tem esta pessoa: selecione-a em vez de criar outra.
error-not-supported = Indisponível para este CRM
error-not-supported-help = O seu CRM não oferece este recurso pelo Sidecard.
error-busy = Sistema ocupado no momento
error-busy-help = Muitas solicitações ao mesmo tempo: aguarde um instante e tente novamente.
error-timeout = Está demorando demais
error-timeout-help = O CRM não respondeu a tempo. Tente novamente em instantes.
error-crm-too-large = Dados demais para exibir
error-crm-too-large-help = A resposta do CRM é grande demais para a barra lateral. Pesquise por um e-mail ou número mais específico.
error-crm-unavailable = O CRM não respondeu
error-crm-unavailable-help = O CRM pode estar fora do ar ou em manutenção. Tente novamente em alguns minutos.
error-crm-auth = O Sidecard não consegue fazer login no CRM
error-crm-auth-help = Avise o seu administrador: a conexão do Sidecard com o CRM precisa ser configurada novamente.
error-other = Algo deu errado
error-other-help = Tente novamente; se o problema continuar, informe ao seu administrador o que aparece abaixo.
error-network = Não é possível acessar o Sidecard
error-network-help = Verifique a sua conexão. Se ela estiver funcionando, o proxy do Sidecard pode estar fora do ar: avise o seu administrador.
error-host = O Sidecard não consegue ler esta página
error-unexpected = Resposta inesperada do Sidecard
error-unexpected-help = Informe ao seu administrador o que aparece abaixo.
error-try-again = Tentar novamente
error-network-short = Não é possível acessar o Sidecard: verifique a sua conexão.
error-unexpected-short = Resposta inesperada do Sidecard: { $detail }.
error-inline = { $title }: { $detail }

## create_person.rs

create-person-duplicates-title = Já está no CRM?
create-person-duplicate-entity = ({ $entity })
create-person-duplicates-may-create = O CRM já tem { $name }, que pode ser esta pessoa. Abra esse registro ou crie o novo mesmo assim.
create-person-duplicates-blocked = O CRM já tem { $name }, que pode ser esta pessoa: abra esse registro em vez de criar outro.
create-person-duplicates-refused = As regras de duplicidade do CRM recusaram o novo registro: já existe um registro correspondente.
create-person-create-anyway = Criar mesmo assim
create-person-back = Voltar ao formulário
create-person-title = Novo contato ou lead
create-person-first-name = Nome
create-person-last-name = Sobrenome (obrigatório)
create-person-email = E-mail
create-person-phone = Telefone
create-person-company = Empresa
create-person-creating = Criando…
create-person-create = Criar
create-person-cancel = Cancelar
create-person-required = { $label } (obrigatório)

## log_form.rs

log-form-updated = A atividade registrada foi atualizada.
log-form-unchanged = Já foi registrado.
log-form-logged = Registrado no CRM.
log-form-open = Registrar no CRM
log-form-again = Registrar novamente
log-form-note = Nota para o CRM (opcional)
log-form-saving = Salvando…
log-form-save = Salvar no CRM
log-form-cancel = Cancelar

## chooser.rs

chooser-no-account = Sem conta
chooser-matched-on = Correspondência em { $reasons }
chooser-label = Pessoas correspondentes
chooser-title = { $count ->
    [one] { $count } pessoa corresponde
   *[other] { $count } pessoas correspondem
}
chooser-hint = O CRM tem registros duplicados deste cliente. Escolha o registro correto:
chooser-none = Nenhuma destas pessoas: criar um novo contato ou lead

## no_match.rs

no-match-email = E-mail { $email } em todos os campos de e-mail
no-match-phone = Telefone { $phone } em todos os campos de telefone, também escrito como { $formats }
no-match-phone-only = Telefone { $phone } em todos os campos de telefone
no-match-host-form = Abrir o formulário do Dynamics
no-match-title = Nenhum cliente encontrado
no-match-searched = Nenhum contato ou lead em aberto no CRM corresponde a:
no-match-hint = Verifique a ortografia ou pesquise outro e-mail ou telefone que o cliente use.
no-match-create = Criar contato ou lead

## pin_button.rs

pin-button-unpin = Desafixar
pin-button-pin = Fixar como registro deste cliente

## call_bar.rs

call-bar-call = Ligar para { $number }

## deal_list.rs

deal-list-label = Oportunidades em aberto
deal-list-title = Oportunidades em aberto
deal-list-count = {" "}({ $count })
deal-list-empty = Nenhuma oportunidade em aberto.
deal-list-no-amount = Sem valor
deal-list-no-close-date = Sem data de fechamento
deal-list-closes = Fechamento em { $date }
deal-list-more = { $count ->
    [one] +{ $count } outra no CRM
   *[other] +{ $count } outras no CRM
}

## freshness.rs

freshness-updated = { $minutes ->
    [one] Atualizado há { $minutes } min
   *[other] Atualizado há { $minutes } min
}
freshness-stale-as-of = { $reason ->
    [throttled] Última atualização: { $time } — o CRM pediu ao Sidecard para diminuir o ritmo; estas informações podem estar desatualizadas.
    [timeout] Última atualização: { $time } — o CRM está demorando para responder; estas informações podem estar desatualizadas.
   *[unavailable] Última atualização: { $time } — o CRM não está respondendo; estas informações podem estar desatualizadas.
}
freshness-stale = { $reason ->
    [throttled] O CRM pediu ao Sidecard para diminuir o ritmo; estas informações podem estar desatualizadas.
    [timeout] O CRM está demorando para responder; estas informações podem estar desatualizadas.
   *[unavailable] O CRM não está respondendo; estas informações podem estar desatualizadas.
}
freshness-try-again = Tentar novamente

## person_card.rs

person-card-matched-on = Correspondência em { $reasons }
person-card-open-in-crm = Abrir no CRM
person-card-recent-title = Atividade recente

## results.rs

results-pinned-by = Fixado por { $name } em { $date }
results-back-to-all = { $count ->
   *[other] ← Todas as { $count } correspondências
}
results-created = Criado no CRM.

## search_box.rs

search-box-label = E-mail ou telefone
search-box-placeholder = E-mail ou número de telefone
search-box-submit = Pesquisar

## states.rs

skeleton-looking-up = Procurando o cliente…

## Settings page
##
## Everything below is shown on the admin's settings page only.

## Kinds of fields, value sources and help desks

kind-text = Texto
kind-email = E-mail
kind-phone = Telefone
kind-money = Moeda
kind-date = Data
kind-number = Número
kind-bool = Sim/Não
kind-choice = Opção
kind-link = Link

source-subject = Assunto do ticket
source-link = Link para o ticket
source-conversation-id = Número do ticket
source-channel = Canal
source-direction = Direção
source-duration-seconds = Duração (segundos)
source-duration-minutes = Duração (minutos)
source-note = Nota do agente
source-summary = Nota, canal e link
source-fixed = Valor fixo

desk-zendesk = Zendesk
desk-freshdesk = Freshdesk
desk-dynamics = Painel do Dynamics 365
desk-standalone = Página independente

## settings_page.rs

settings-title = Configurações do Sidecard
settings-install = Instalação: { $install }
settings-back = ← Voltar à pesquisa
settings-loading = Carregando as configurações e os campos do CRM…
settings-unlock-title = Digite a chave de administrador
settings-unlock-text = Este proxy do Sidecard atende somente aos aplicativos do help desk dele. Digite a chave de administrador para abrir as configurações.
settings-unlock-open = Abrir as configurações
settings-load-failed = Não foi possível carregar as configurações
settings-try-again = Tentar novamente
settings-error-network = Não foi possível acessar o Sidecard: verifique a conexão e tente novamente.
settings-error-unexpected = Resposta inesperada do Sidecard: { $detail }.
settings-tabs-label = Seções das configurações
settings-tab-deals = Oportunidades
settings-tab-activity = Atividade recente
settings-tab-lookup = Pesquisa e chamadas
settings-tab-log = Registro no CRM
settings-tab-create-form = Formulário de criação
settings-admin-key = Chave de administrador
settings-save = Salvar
settings-discard = Descartar alterações
settings-unsaved = Há alterações não salvas.
settings-saving = Salvando…
settings-saved = Versão { $version } salva. Os agentes verão as alterações na próxima pesquisa.
settings-load-theirs = Carregar a versão mais recente
settings-not-saved-problems = Nada foi salvo. Corrija estes problemas primeiro:
settings-not-saved = Nada foi salvo. { $reason }

## card_editor.rs

card-editor-label = { $entity ->
    [lead] Cartão de lead
    [account] Cartão de conta
    [deal] Cartão de oportunidade
    [activity] Cartão de atividade
   *[contact] Cartão de contato
}
card-editor-show = { $entity ->
    [lead] Mostrar o cartão de lead
    [account] Mostrar o cartão de conta
    [deal] Mostrar a lista de oportunidades
    [activity] Mostrar a lista de atividades recentes
   *[contact] Mostrar o cartão de contato
}
card-editor-fields-heading = Campos, em ordem
card-editor-deal-heading = Campos extras em cada oportunidade
card-editor-deal-always = Nome, valor, etapa e data de fechamento sempre aparecem.
card-editor-activity-heading = Campos extras em cada atividade
card-editor-activity-always = Tipo, assunto, data e proprietário sempre aparecem.
card-editor-not-in-crm = Não está no CRM
card-editor-label-for = Rótulo que os agentes veem para { $field }
card-editor-move-up = Mover { $field } para cima
card-editor-move-down = Mover { $field } para baixo
card-editor-hide = Ocultar { $field }
card-editor-none-chosen = Nenhum campo selecionado: marque abaixo os que devem aparecer.
card-editor-all-fields = { $entity ->
    [lead] Todos os { $count } campos de lead do CRM
    [account] Todos os { $count } campos de conta do CRM
    [deal] Todos os { $count } campos de oportunidade do CRM
    [activity] Todos os { $count } campos de atividade do CRM
   *[contact] Todos os { $count } campos de contato do CRM
}
card-editor-search-placeholder = Pesquisar por nome ou chave
card-editor-search-label = Pesquisar campos
card-editor-recent = Número de atividades recentes no cartão da pessoa
card-editor-recent-none = nenhuma
card-editor-max-deals = Mostrar no máximo { $input } oportunidades
card-editor-order = Ordem
card-editor-order-close-date = Data de fechamento mais próxima primeiro
card-editor-order-amount = Maior valor primeiro

## log_editor.rs

log-editor-no-log = Este conector de CRM não registra atividades.
log-editor-label = Registro no CRM
log-editor-activity = Registrar cada conversa como
log-editor-repeat = Quando o mesmo ticket for registrado novamente para a mesma pessoa
log-editor-repeat-update = atualizar a atividade já registrada
log-editor-repeat-append = registrar outra atividade
log-editor-column-field = Campo da atividade
log-editor-column-source = Preenchido com
log-editor-column-remove = Remover
log-editor-field-kind = {" "}({ $kind })
log-editor-source-label = { $field } é preenchido com
log-editor-fixed-value = Valor fixo de { $field }
log-editor-remove-label = Parar de preencher { $field }
log-editor-add = Preencher também
log-editor-add-choose = Escolha um campo…
log-editor-preview-title = O que é enviado ao registrar um ticket telefônico de exemplo

## lookup_options.rs

lookup-options-label = Pesquisa e chamadas
lookup-options-secondary-emails = Pesquisar em todos os campos de e-mail, não só no principal
lookup-options-fall-back-to-leads = Pesquisar leads em aberto quando nenhum contato corresponder
lookup-options-region = País para números sem código de país
lookup-options-region-placeholder = US
lookup-options-region-hint = Duas letras (US, GB, DE). Vazio: o padrão do proxy.
lookup-options-duplicates = Quando um novo contato parecer duplicado
lookup-options-duplicates-block = Bloquear e mostrar o registro existente
lookup-options-duplicates-warn = Avisar e deixar o agente criar mesmo assim
lookup-options-duplicates-allow = Criar sem perguntar
lookup-options-dial = Link de chamada
lookup-options-dial-hint = { $e164 } ou { $digits } é o número. Para o +1 425 555 0100, o link abriria: { $url }

## form_editor.rs

form-editor-hint = Todo formulário pede nome e sobrenome, e-mail, telefone e empresa. Marque os outros campos que os agentes devem preencher ao criar alguém; os campos obrigatórios no CRM são sempre solicitados.
form-editor-new = { $entity ->
    [lead] Novo lead
   *[contact] Novo contato
}
form-editor-required = { $field } (obrigatório no CRM)

## preview.rs

preview-label = Visualização
preview-title = Visualização
preview-sample-values = {" "}(valores de exemplo)
preview-hidden = Este cartão está oculto: os agentes não vão vê-lo.

## Help desk app packages
##
## What Zendesk's Admin Center shows about the app (translations/<locale>.json in the Zendesk
## package) and what the Freshworks developer portal's listing says (written beside the
## Freshdesk package). Never shown by the widget itself.

app-short-description = O registro do cliente no CRM ao lado do ticket.
app-long-description = O Sidecard mostra o contato ou lead do solicitante, a conta dele e as oportunidades em aberto no Dynamics 365 ou no Salesforce, com os campos escolhidos pelo seu administrador.
app-installation-instructions = Digite a URL do seu proxy do Sidecard e o segredo compartilhado do arquivo de instalações dele.
app-proxy-url-label = URL do proxy
app-proxy-url-help = O seu proxy do Sidecard, por exemplo, https://sidecard.acme.example
app-shared-secret-label = Segredo compartilhado
app-shared-secret-help = O jwt_secret da entrada desta conta do Zendesk no arquivo de instalações do proxy. O Zendesk o mantém no servidor e assina cada chamada com ele.

## Before the page starts

start-failed = Não foi possível iniciar o Sidecard. Recarregue a página; se continuar acontecendo, avise o seu administrador (o console do navegador mostra o que falhou).
stopped-working = O Sidecard parou de funcionar. Recarregue a página; se continuar acontecendo, avise o seu administrador (o console do navegador mostra o que falhou).

// Leads (线索, docs/product.md §2.1): the open ones by default, with follow-ups, BANT qualification (all four confirmed → a new
// opportunity) and disqualification.
import { h, mount } from '../../dom.js';
import { t, label, fmt, today } from '../../i18n.js';
import { api, apiAll, ApiError } from '../../api.js';
import { personName } from '../../people.js';
import { defineStrings } from '../../common.js';
import { table, formDialog, enumOptions, toast, statusBadge, selfLoading } from '../../components.js';
import { resolveAccounts, accountLink, accountName, visibleAccounts, canWrite, joinList, creator, requireFields } from '../../deals.js';

defineStrings({
  'leads.title': ['Leads', '线索'],
  'leads.new': ['New lead', '新建线索'],
  'leads.titleField': ['Title', '线索标题'],
  'leads.source': ['Source', '来源'],
  'leads.purchaseType': ['Purchase type', '采购类型'],
  'leads.estimatedValue': ['Estimated value', '预估金额'],
  'leads.currency': ['Currency', '币种'],
  'leads.created': ['Created', '创建时间'],
  'leads.statusFilter': ['Status', '状态'],
  'leads.open': ['Open (new, working)', '未结（新建、跟进中）'],
  'leads.none': ['No leads here.', '暂无线索。'],
  'leads.qualify': ['Qualify (BANT)', '资格确认（BANT）'],
  'leads.followUp': ['Log follow-up', '记录跟进'],
  'leads.disqualify': ['Disqualify', '淘汰'],
  'leads.openOpportunity': ['Opportunity →', '查看商机 →'],
  'leads.registered': ['Lead {title} registered.', '已登记线索 {title}。'],
  'leads.qualified': ['All four confirmed: opportunity opened.', 'BANT 全部确认，已生成商机。'],
  'leads.bantIncomplete': ['Saved, but not yet qualified. Still to confirm: {missing}.', '已保存，尚未通过资格确认。待确认：{missing}。'],
  'leads.followUpSaved': ['Follow-up logged.', '已记录跟进。'],
  'leads.disqualified': ['Lead disqualified.', '线索已淘汰。'],
  'leads.budget': ['Budget confirmed', '预算已确认'],
  'leads.budgetAmount': ['Budget amount', '预算金额'],
  'leads.authority': ['Authority confirmed', '决策人已确认'],
  'leads.authorityStakeholder': ['Decision maker (stakeholder)', '决策人（干系人）'],
  'leads.need': ['Need confirmed', '需求已确认'],
  'leads.needDescription': ['Need', '需求描述'],
  'leads.timeline': ['Timeline confirmed', '时间表已确认'],
  'leads.decisionDate': ['Decision date', '决策日期'],
  'leads.followDate': ['Date', '日期'],
  'leads.action': ['What was done', '跟进动作'],
  'leads.result': ['Result', '结果'],
  'leads.nextStep': ['Next step', '下一步'],
  'bant.budget': ['Budget', '预算'],
  'bant.authority': ['Authority', '决策权'],
  'bant.need': ['Need', '需求'],
  'bant.timeline': ['Timeline', '时间表'],
});

const SOURCES = ['referral', 'exhibition', 'inbound', 'partner', 'existing_customer'];
const STATUSES = ['new', 'working', 'qualified', 'disqualified'];

async function qualifyDialog(lead, navigate, reload) {
  let stakeholders = [];
  try {
    stakeholders = await apiAll(`/api/accounts/${lead.accountId}/stakeholders`, {}, 200);
  } catch { /* the picker stays empty; the rest of BANT still works */ }
  const previous = lead.bant ?? {};
  const result = await formDialog(`${t('leads.qualify')} · ${lead.title}`, [
    { name: 'budgetConfirmed', label: t('leads.budget'), type: 'checkbox', value: previous.budget?.confirmed },
    { name: 'budgetAmount', label: t('leads.budgetAmount'), type: 'number', step: '0.01', min: 0, value: previous.budget?.amount ?? lead.estimatedValue ?? '' },
    { name: 'authorityConfirmed', label: t('leads.authority'), type: 'checkbox', value: previous.authority?.confirmed },
    { name: 'authorityStakeholderId', label: t('leads.authorityStakeholder'), type: 'select', value: previous.authority?.stakeholderId,
      options: stakeholders.map(sh => [sh.id, `${sh.name}${sh.title ? ` · ${sh.title}` : ''}`]) },
    { name: 'needConfirmed', label: t('leads.need'), type: 'checkbox', value: previous.need?.confirmed },
    { name: 'needDescription', label: t('leads.needDescription'), type: 'textarea', wide: true, value: previous.need?.description ?? '' },
    { name: 'timelineConfirmed', label: t('leads.timeline'), type: 'checkbox', value: previous.timeline?.confirmed },
    { name: 'timelineDecisionDate', label: t('leads.decisionDate'), type: 'date', value: previous.timeline?.decisionDate ?? '' },
  ], async v => {
    try {
      return await api(`/api/leads/${lead.id}/qualify`, { method: 'POST', body: {
        budget: { confirmed: v.budgetConfirmed, amount: v.budgetAmount },
        authority: { confirmed: v.authorityConfirmed, stakeholderId: v.authorityStakeholderId },
        need: { confirmed: v.needConfirmed, description: v.needDescription },
        timeline: { confirmed: v.timelineConfirmed, decisionDate: v.timelineDecisionDate },
      } });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'bant_incomplete') {
        reload();
        throw new Error(t('leads.bantIncomplete', { missing: joinList((error.problem.missing ?? []).map(m => t(`bant.${m}`))) }));
      }
      throw error;
    }
  }, { submitLabel: t('leads.qualify') });
  if (result?.opportunityId) {
    toast(t('leads.qualified'));
    navigate(`/opportunities/${result.opportunityId}`);
  }
}

async function followUpDialog(lead, reload) {
  const saved = await formDialog(`${t('leads.followUp')} · ${lead.title}`, [
    { name: 'date', label: t('leads.followDate'), type: 'date', required: true, value: today() },
    { name: 'action', label: t('leads.action'), type: 'textarea', required: true, wide: true },
    { name: 'result', label: t('leads.result'), type: 'textarea', wide: true },
    { name: 'nextStep', label: t('leads.nextStep'), wide: true },
  ], creator(`/api/leads/${lead.id}/follow-ups`));
  if (saved) { toast(t('leads.followUpSaved')); reload(); }
}

async function disqualifyDialog(lead, reload) {
  const done = await formDialog(`${t('leads.disqualify')} · ${lead.title}`, [
    { name: 'reason', label: t('common.reason'), type: 'textarea', required: true, wide: true },
  ], v => api(`/api/leads/${lead.id}/disqualify`, { method: 'POST', body: v }), { submitLabel: t('leads.disqualify') });
  if (done) { toast(t('leads.disqualified')); reload(); }
}

async function newLeadDialog(reload) {
  const accounts = await visibleAccounts();
  const create = creator('/api/leads');
  const created = await formDialog(t('leads.new'), [
    { name: 'accountId', label: t('common.account'), type: 'select', required: true,
      options: [...accounts].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')).map(a => [a.id, a.name]) },
    { name: 'title', label: t('leads.titleField'), required: true, wide: true },
    { name: 'source', label: t('leads.source'), type: 'select', required: true, options: enumOptions('leadSource', SOURCES) },
    { name: 'purchaseType', label: t('leads.purchaseType'), type: 'select', required: true, options: enumOptions('purchasePattern', ['continuous', 'occasional']) },
    { name: 'estimatedValue', label: t('leads.estimatedValue'), type: 'number', step: '0.01', min: 0 },
    { name: 'currency', label: t('leads.currency'), value: 'CNY' },
    { name: 'referredByAccountId', label: t('referrals.referredByField'), type: 'select', options: [...accounts].map(a => [a.id, a.name]) },
  ], ({ referredByAccountId, ...v }) => create({ ...requireFields(v, ['accountId', 'title', 'source', 'purchaseType']),
    referredBy: referredByAccountId ? { accountId: referredByAccountId } : undefined }), { submitLabel: t('common.create') });
  if (created?.id) { toast(t('leads.registered', { title: created.title })); reload(); }
}

export function leadsSection({ navigate, ownerId }) {
  let status = 'open';
  let el;
  const reload = () => el.reload();
  const writer = canWrite();
  const statusSelect = h('select', { id: 'lead-status-filter', 'aria-label': t('leads.statusFilter'), onChange: e => { status = e.target.value; reload(); } },
    h('option', { value: 'open' }, t('leads.open')), h('option', { value: '' }, `${t('leads.statusFilter')}: ${t('common.all')}`),
    STATUSES.map(v => h('option', { value: v }, label('leadStatus', v))));
  const newLead = writer ? h('button', { type: 'button', class: 'secondary', id: 'new-lead', onClick: () => newLeadDialog(reload).catch(e => toast(e.message, 'danger')) }, t('leads.new')) : null;

  el = selfLoading({ id: 'leads', class: 'pipeline-section', title: t('leads.title'), actions: [statusSelect, newLead] }, async () => {
    const wanted = status === 'open' ? ['new', 'working'] : [status || null];
    const pages = await Promise.all(wanted.map(s => apiAll('/api/leads', { status: s, ownerId }, 200)));
    const leads = pages.flat().sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
    await resolveAccounts(leads.flatMap(l => [l.accountId, l.referredBy?.accountId]));
    const tone = { new: 'info', working: 'warn', qualified: 'ok', disqualified: null };
    const box = h('div');
    mount(box, table([
      { title: t('leads.titleField'), render: l => h('strong', null, l.title) },
      { title: t('common.account'), render: l => accountLink(l.accountId) },
      { title: t('leads.source'), render: l => h('span', null, label('leadSource', l.source),
        l.referredBy ? h('div', { class: 'muted small referred-by' }, t('referrals.referredBy', { name: accountName(l.referredBy.accountId) })) : null) },
      { title: t('common.status'), render: l => h('span', null, statusBadge('leadStatus', l.status, tone[l.status]),
        l.disqualifyReason ? h('div', { class: 'muted small' }, l.disqualifyReason) : null) },
      { title: t('leads.estimatedValue'), align: 'right', render: l => fmt.money(l.estimatedValue, l.currency) },
      { title: t('common.owner'), render: l => personName(l.ownerId) },
      { title: t('leads.created'), render: l => fmt.date(l.createdAt) },
      { title: '', render: l => l.opportunityId
        ? h('a', { href: `#/opportunities/${l.opportunityId}`, class: 'opportunity-link' }, t('leads.openOpportunity'))
        : writer && ['new', 'working'].includes(l.status) ? h('div', { class: 'row-actions' },
          h('button', { type: 'button', class: 'secondary small qualify-lead', onClick: () => qualifyDialog(l, navigate, reload) }, t('leads.qualify')),
          h('button', { type: 'button', class: 'link small', onClick: () => followUpDialog(l, reload) }, t('leads.followUp')),
          h('button', { type: 'button', class: 'link small', onClick: () => disqualifyDialog(l, reload) }, t('leads.disqualify'))) : null },
    ], leads, { emptyText: t('leads.none') }));
    return box;
  });
  return el;
}

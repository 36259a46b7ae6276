// Editing an opportunity's own facts (name, amount, currency, expected close, owner) — team and competitors have
// their own cards — and, once won, the way to the contract the win drafted.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { apiAll } from '../../api.js';
import { knownPeople, personName } from '../../people.js';
import { defineStrings } from '../../common.js';
import { formDialog, selfLoading } from '../../components.js';
import { isSeller } from '../../deals.js';

defineStrings({
  'oppEdit.title': ['Deal details', '商机信息'],
  'oppEdit.edit': ['Edit details', '编辑商机信息'],
  'oppEdit.dialog': ['Edit {name}', '编辑 {name}'],
  'oppEdit.name': ['Name', '商机名称'],
  'oppEdit.closeHint': ['The forecast and the funnel count an open deal in the period of this date.', '预测和漏斗按此日期把在途商机计入对应期间。'],
  'oppEdit.closed': ['A closed deal is not edited; its history stays as it was.', '已结案的商机不能再编辑，历史保持原样。'],
  'oppEdit.contract': ['Contract', '合同'],
  'oppEdit.openContract': ['Open contract {number}', '打开合同 {number}'],
  'oppEdit.noContractYet': ['The contract is being drafted from the win; it appears here in a moment.', '合同正在根据赢单生成，稍后显示在这里。'],
  'oppEdit.history': ['Every change is kept: see the change history below.', '每次修改都会保留：见下方修改记录。'],
});

async function edit(ctx) {
  const { opp } = ctx;
  const people = knownPeople().filter(isSeller);
  const owners = people.map(p => [p.userId, p.name]);
  if (!owners.some(([id]) => id === opp.ownerId)) owners.unshift([opp.ownerId, personName(opp.ownerId)]);
  await formDialog(t('oppEdit.dialog', { name: opp.name }), [
    { name: 'name', label: t('oppEdit.name'), required: true, value: opp.name, wide: true },
    { name: 'amount', label: t('opp.amount'), type: 'number', step: '0.01', min: '0', required: true, value: opp.amount },
    { name: 'currency', label: t('opp.currency'), required: true, value: opp.currency },
    { name: 'expectedCloseDate', label: t('opp.expectedClose'), type: 'date', required: true, value: opp.expectedCloseDate ?? '', hint: t('oppEdit.closeHint') },
    { name: 'ownerId', label: t('common.owner'), type: 'select', required: true, options: owners, value: opp.ownerId },
  ], async values => {
    // Only what changed goes out, so an edit never overwrites a field someone else just changed.
    const body = {};
    if (values.name !== opp.name) body.name = values.name;
    if (values.amount !== Number(opp.amount)) body.amount = values.amount;
    if (values.currency && values.currency.toUpperCase() !== opp.currency) body.currency = values.currency.toUpperCase();
    if (values.expectedCloseDate !== opp.expectedCloseDate) body.expectedCloseDate = values.expectedCloseDate;
    if (values.ownerId !== opp.ownerId) body.ownerId = values.ownerId;
    if (Object.keys(body).length) await ctx.patch(body);
    return true;
  }, { submitLabel: t('common.save') });
}

function contractLink(opp) {
  return selfLoading({}, async () => {
    const contracts = await apiAll('/api/contracts', { accountId: opp.accountId }, 500);
    const contract = contracts.find(c => c.opportunityId === opp.id);
    return contract
      ? h('a', { href: `#/contracts/${contract.id}`, id: 'opportunity-contract', class: 'button primary' }, t('oppEdit.openContract', { number: contract.number }))
      : h('p', { class: 'muted small' }, t('oppEdit.noContractYet'));
  });
}

export function detailsCard(ctx) {
  const { opp } = ctx;
  return h('section', { class: 'card', id: 'opportunity-details' },
    h('div', { class: 'section-head' }, h('h2', null, t('oppEdit.title')),
      ctx.writable ? h('button', { type: 'button', class: 'secondary small', id: 'edit-opportunity', onClick: () => edit(ctx).catch(ctx.fail) }, t('oppEdit.edit')) : null),
    opp.stage === 'won' ? [h('h3', null, t('oppEdit.contract')), contractLink(opp)] : null,
    ctx.writable ? h('p', { class: 'muted small' }, t('oppEdit.history'))
      : ['won', 'lost'].includes(opp.stage) ? h('p', { class: 'muted small' }, t('oppEdit.closed')) : null);
}

// "New opportunity": a dialog whose fields are named as the API's (POST /api/opportunities), one Idempotency-Key per
// dialog so a double click or a retry creates one deal.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { knownPeople } from '../../people.js';
import { defineStrings } from '../../common.js';
import { formDialog, enumOptions, toast, errorPanel } from '../../components.js';
import { visibleAccounts, isManager, TYPES, endOfQuarter, isSeller, creator, requireFields } from '../../deals.js';

defineStrings({
  'newOpportunity.button': ['New opportunity', '新建商机'],
  'newOpportunity.title': ['New opportunity', '新建商机'],
  'newOpportunity.account': ['Account', '客户'],
  'newOpportunity.name': ['Name', '商机名称'],
  'newOpportunity.type': ['Type', '类型'],
  'newOpportunity.amount': ['Amount', '金额'],
  'newOpportunity.currency': ['Currency', '币种'],
  'newOpportunity.expectedCloseDate': ['Expected close date', '预计成交日期'],
  'newOpportunity.owner': ['Owner (default: you)', '负责人（默认本人）'],
  'newOpportunity.created': ['Opportunity {name} created.', '已创建商机 {name}。'],
  'newOpportunity.noAccounts': ['You have no visible account to open an opportunity on.', '您没有可以新建商机的客户。'],
  'newOpportunity.startsAt': ['Every deal starts at initiation (5%); later stages are earned through the gates.', '商机均从“立项”（5%）开始，之后按阶段门槛推进。'],
});

/** Opens the dialog; resolves to the created opportunity or null. `accountId` preselects an account. */
export async function newOpportunityDialog({ accountId } = {}) {
  let accounts;
  try {
    accounts = await visibleAccounts();
  } catch (error) {
    const holder = h('dialog', { class: 'dialog' }, errorPanel(error), h('button', { type: 'button', class: 'secondary', onClick: () => { holder.close(); holder.remove(); } }, t('common.close')));
    document.body.append(holder);
    holder.showModal();
    return null;
  }
  if (!accounts.length) {
    toast(t('newOpportunity.noAccounts'), 'warn');
    return null;
  }
  const create = creator('/api/opportunities');
  const sellers = knownPeople().filter(isSeller);
  const fields = [
    { name: 'accountId', label: t('newOpportunity.account'), type: 'select', required: true, value: accountId ?? accounts[0].id,
      options: [...accounts].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')).map(a => [a.id, `${a.name}${a.region ? ` · ${a.region}` : ''}`]) },
    { name: 'name', label: t('newOpportunity.name'), required: true, wide: true },
    { name: 'type', label: t('newOpportunity.type'), type: 'select', required: true, value: 'new_business', options: enumOptions('opportunityType', TYPES) },
    { name: 'amount', label: t('newOpportunity.amount'), type: 'number', required: true, step: '0.01', min: 0 },
    { name: 'currency', label: t('newOpportunity.currency'), value: 'CNY', required: true },
    { name: 'expectedCloseDate', label: t('newOpportunity.expectedCloseDate'), type: 'date', required: true, value: endOfQuarter() },
    isManager() && sellers.length
      ? { name: 'ownerId', label: t('newOpportunity.owner'), type: 'select', options: sellers.map(p => [p.userId, p.name]) }
      : null,
  ].filter(Boolean);

  const created = await formDialog(t('newOpportunity.title'), fields, values => {
    requireFields(values, ['accountId', 'name', 'amount', 'expectedCloseDate']);
    const body = { ...values, currency: (values.currency ?? 'CNY').toUpperCase() };
    if (!body.ownerId) delete body.ownerId;
    return create(body);
  }, { submitLabel: t('common.create') });
  if (created && created.id) {
    toast(t('newOpportunity.created', { name: created.name }));
    return created;
  }
  return null;
}

export function newOpportunityButton(navigate) {
  return h('button', {
    type: 'button', class: 'primary', id: 'new-opportunity', title: t('newOpportunity.startsAt'),
    onClick: async () => {
      const created = await newOpportunityDialog();
      if (created) navigate(`/opportunities/${created.id}`);
    },
  }, t('newOpportunity.button'));
}

// Pipeline: forecast against target, the funnel, bids falling due, the opportunities list and the leads, for one period
// (this year by default) and, for directors and admins, one owner or everyone they see.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { knownPeople, personName } from '../../people.js';
import { userId, hasRole, current } from '../../session.js';
import { defineStrings } from '../../common.js';
import { pageHeader } from '../../components.js';
import { periodChoices, seesOthers, canWrite, isSeller, isManager } from '../../deals.js';
import { forecastSection } from './forecast.js';
import { familyForecastSection } from './familyForecast.js';
import { funnelSection } from './funnel.js';
import { opportunityListSection } from './opportunityList.js';
import { bidsDueSection } from './bidsDue.js';
import { leadsSection } from './leads.js';
import { newOpportunityButton } from './newOpportunity.js';
import { stuckDealsSection } from '../../decisionChain/stuckDeals.js';
import { targetsSection } from './targets.js';
import { directorScope } from './countBasis.js';

defineStrings({
  'pipeline.title': ['Pipeline', '商机管道'],
  'pipeline.period': ['Period', '期间'],
  'pipeline.period.thisYear': ['This year ({period})', '今年（{period}）'],
  'pipeline.period.thisQuarter': ['This quarter ({period})', '本季度（{period}）'],
  'pipeline.period.nextQuarter': ['Next quarter ({period})', '下季度（{period}）'],
  'pipeline.period.lastQuarter': ['Last quarter ({period})', '上季度（{period}）'],
  'pipeline.period.lastYear': ['Last year ({period})', '去年（{period}）'],
  'pipeline.owner': ['Owner', '负责人'],
  'pipeline.everyone': ['Everyone I can see', '我可见的全部'],
  'pipeline.ownNumber': ['Your own number: forecast and funnel count the deals you own.', '您本人的数据：预测与漏斗只统计您负责的商机。'],
  'pipeline.ownerNumber': ['Deals owned by {name}.', '{name} 负责的商机。'],
});


export default {
  async render({ query, navigate }) {
    const choices = periodChoices();
    const period = choices.some(c => c.value === query.period) || /^\d{4}(-Q[1-4]|-\d{2})?$/.test(query.period ?? '') ? query.period : choices[0].value;
    const manager = seesOthers();
    const ownerId = manager ? (query.ownerId || null) : null;
    const go = changes => navigate('/pipeline', { ...query, period, ownerId, ...changes });

    const periodSelect = h('label', { class: 'inline-field' }, h('span', null, t('pipeline.period')),
      h('select', { id: 'period-select', name: 'period', onChange: e => go({ period: e.target.value }) },
        choices.map(c => h('option', { value: c.value, selected: c.value === period }, t(c.key, { period: c.value }))),
        choices.some(c => c.value === period) ? null : h('option', { value: period, selected: true }, period)));

    const people = knownPeople().filter(isSeller);
    const ownerSelect = manager ? h('label', { class: 'inline-field' }, h('span', null, t('pipeline.owner')),
      h('select', { id: 'owner-filter', name: 'ownerId', onChange: e => go({ ownerId: e.target.value }) },
        h('option', { value: '' }, t('pipeline.everyone')),
        people.map(p => h('option', { value: p.userId, selected: p.userId === ownerId }, p.name)),
        ownerId && !people.some(p => p.userId === ownerId) ? h('option', { value: ownerId, selected: true }, personName(ownerId)) : null)) : null;

    const scopeNote = manager
      ? (ownerId ? [h('p', { class: 'muted small scope-note' }, t('pipeline.ownerNumber', { name: personName(ownerId) })),
        hasRole('sales_director') && !hasRole('admin') ? directorScope(personName(ownerId), current()?.user.region ?? '—') : null] : null)
      : hasRole('key_account_manager', 'sales_rep') ? h('p', { class: 'muted small scope-note' }, t('pipeline.ownNumber')) : null;

    const [targets, forecast, funnel, bids, list, leads, stuck, byFamily] = await Promise.all([
      isManager() && !ownerId ? targetsSection({ period, go }) : null,
      forecastSection({ period, ownerId }),
      funnelSection({ period, ownerId }),
      bidsDueSection({ ownerId }),
      opportunityListSection({ query, ownerId }),
      leadsSection({ navigate, ownerId }),
      // 项目卡在哪儿 for those who work deals: the KAM's own, the director's region (or the chosen owner).
      canWrite() ? stuckDealsSection({ ownerId }) : null,
      familyForecastSection({ period, ownerId }),
    ]);

    return h('div', { class: 'pipeline-page', dataset: { period, owner: ownerId ?? (manager ? '' : userId() ?? '') } },
      pageHeader(t('pipeline.title'), periodSelect, ownerSelect, canWrite() ? newOpportunityButton(navigate) : null),
      scopeNote,
      targets,
      forecast,
      byFamily,
      stuck,
      bids,
      funnel,
      list,
      leads);
  },
};

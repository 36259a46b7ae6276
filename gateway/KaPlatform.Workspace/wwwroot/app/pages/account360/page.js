// Account 360 (#/accounts/{id}?tab=overview|power-map|visits|plan): everything a key-account manager needs before a
// visit or a planning session — classification and nine-box, the decision chain as an org chart with its coverage
// gaps, the searchable visit log and the fiscal year's account plan against actuals. The parts live in ./account360/.
import { h } from '../../dom.js';
import { t, label } from '../../i18n.js';
import { api } from '../../api.js';
import { defineStrings } from '../../common.js';
import { personName } from '../../people.js';
import { classBadge, tabs, errorPanel } from '../../components.js';
import { orErrorPanel } from './util.js';
import '../../decisionChain/strings.js';
import './loopStrings.js';
import { editAccountButton } from './edit.js';
import { visitShortcuts } from '../../phone/visitShortcuts.js';
import { revealActiveTab } from '../../phone/tabs.js';

defineStrings({
  'acct360.title': ['Account 360', '客户 360'],
  'acct360.tab.overview': ['Overview', '概览'],
  'acct360.tab.power-map': ['Power map', '权力地图'],
  'acct360.tab.visits': ['Visits', '拜访记录'],
  'acct360.tab.plan': ['Account plan', '客户规划'],
  'acct360.back': ['← My accounts', '← 我的客户'],
  'acct360.notFound': ['This account was not found, or it is not visible to you. Accounts are visible to their owner, team, the region’s director, finance and admins.',
    '未找到该客户，或您无权查看。客户仅对负责人、团队成员、所在区域总监、财务和管理员可见。'],
  'acct360.notAssessedBadge': ['Not assessed', '未评估'],
  'acct360.groupOf': ['Part of {name}', '隶属 {name}'],
});

const TABS = ['overview', 'power-map', 'engagement', 'visits', 'plan', 'related', 'hierarchy', 'activity', 'referrals'];
const PARTS = {
  overview: () => import('./overview.js'),
  'power-map': () => import('./powerMap.js'),
  engagement: () => import('../../decisionChain/engagement.js'),
  visits: () => import('./visits.js'),
  plan: () => import('./plan.js'),
  referrals: () => import('./referrals.js'),
  related: () => import('./related.js'),
  activity: () => import('./activity.js'),
  hierarchy: () => import('./hierarchy.js'),
};

function notFound(error) {
  return h('div', { class: 'account360 a360-missing', id: 'account360' },
    h('p', null, h('a', { href: '#/accounts' }, t('acct360.back'))),
    error.status === 404
      ? h('div', { class: 'error-panel', role: 'alert', id: 'account-not-found' }, h('strong', null, t('error.notFound')), h('p', null, t('acct360.notFound')))
      : errorPanel(error));
}

function header(account, parent) {
  const meta = [
    account.region,
    personName(account.ownerId),
    account.industry,
    account.category ? label('category', account.category) : null,
    account.lifecycleStage ? label('lifecycleStage', account.lifecycleStage) : null,
  ].filter(Boolean);
  return h('header', { class: 'page-header a360-header' },
    h('div', null,
      h('p', { class: 'a360-crumb' }, h('a', { href: '#/accounts' }, t('acct360.back')),
        parent ? [' · ', h('a', { href: `#/accounts/${parent.id}`, class: 'a360-parent' }, t('acct360.groupOf', { name: parent.name }))] : null),
      h('h1', { id: 'account-name' }, account.name, ' ',
        account.class ? classBadge(account.class) : h('span', { class: 'badge class-none', id: 'not-assessed-badge' }, t('acct360.notAssessedBadge'))),
      h('p', { class: 'subtitle' }, meta.join(' · '))));
}

export default {
  async render(ctx) {
    const id = ctx.params.id;
    const tab = TABS.includes(ctx.query.tab) ? ctx.query.tab : 'overview';
    let account;
    try {
      account = await api(`/api/accounts/${id}`);
    } catch (error) {
      if (error.status === 404 || error.status === 403) return notFound(error);
      throw error;
    }
    // The parent may be outside the caller's scope (a group under another region): then it is simply not linked.
    const parent = account.parentId ? await api(`/api/accounts/${account.parentId}`).catch(() => null) : null;

    const env = { id, account, parent, query: ctx.query, refresh: ctx.refresh, navigate: ctx.navigate };
    const body = await orErrorPanel(async () => (await PARTS[tab]()).default.render(env), ctx.refresh);

    const page = h('div', { class: 'account360', id: 'account360', dataset: { accountId: id, tab } },
      h('div', { class: 'a360-head-row' }, header(account, parent), h('div', { class: 'a360-head-actions' }, visitShortcuts(id), editAccountButton(env))),
      tabs(TABS.map(x => ({ id: x, title: t(`acct360.tab.${x}`) })), tab, x => `#/accounts/${id}?tab=${x}`),
      h('div', { class: 'a360-body', dataset: { tab } }, body));
    revealActiveTab(page);
    return page;
  },
};

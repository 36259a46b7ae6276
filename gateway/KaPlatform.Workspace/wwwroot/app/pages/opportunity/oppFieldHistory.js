// The opportunity's field history (GET /api/opportunities/{id}/history): who changed the name, amount, currency,
// expected close date, owner, team or competitors, when, from what to what — newest first. Stage moves keep their own
// card (stage history).
import { h } from '../../dom.js';
import { t, label, fmt } from '../../i18n.js';
import { api } from '../../api.js';
import { defineStrings } from '../../common.js';
import { knownPeople, personName } from '../../people.js';
import { empty, selfLoading } from '../../components.js';

import { joinList } from '../../deals.js';

defineStrings({
  'oppHistory.title': ['Change history', '修改记录'],
  'oppHistory.none': ['No field has been changed since the deal was opened.', '自商机创建以来没有字段被修改。'],
  'oppHistory.by': ['{when} · by {name}', '{when} · {name}'],
  'oppHistory.empty': ['(none)', '（无）'],
  'oppHistory.member': ['{name} ({role})', '{name}（{role}）'],
  'oppHistory.competitor': ['{name} (threat {threat})', '{name}（威胁{threat}）'],
  'oppHistory.field.name': ['Name', '商机名称'],
  'oppHistory.field.amount': ['Amount', '金额'],
  'oppHistory.field.currency': ['Currency', '币种'],
  'oppHistory.field.expectedCloseDate': ['Expected close', '预计成交'],
  'oppHistory.field.ownerId': ['Owner', '负责人'],
  'oppHistory.field.team': ['Team', '团队'],
  'oppHistory.field.competitors': ['Competitors', '竞争对手'],
});

/** A name for a user id: the people the workspace knows, else the name the history kept for the actor. */
const nameOf = (id, fallback) => (knownPeople().some(p => p.userId === id) || !fallback ? personName(id) : fallback);

function value(field, v, currency) {
  if (v === null || v === undefined || (Array.isArray(v) && !v.length)) return h('span', { class: 'muted' }, t('oppHistory.empty'));
  switch (field) {
    case 'amount': return fmt.money(v, currency);
    case 'expectedCloseDate': return fmt.date(v);
    case 'ownerId': return personName(v);
    case 'team': return joinList(v.map(m => t('oppHistory.member', { name: personName(m.userId), role: label('opportunityTeamRole', m.role) })));
    case 'competitors': return joinList(v.map(c => t('oppHistory.competitor', { name: c.name, threat: label('level', c.threat) })));
    default: return String(v);
  }
}

export function fieldHistoryCard(ctx) {
  const { opp } = ctx;
  const body = selfLoading({}, async () => {
    const changes = [...await api(`/api/opportunities/${opp.id}/history`)].reverse();
    if (!changes.length) return empty(t('oppHistory.none'));
    return h('ol', { class: 'history-list field-history' }, changes.map(c => h('li', { dataset: { field: c.field } },
      h('div', { class: 'when' }, t('oppHistory.by', { when: fmt.dateTime(c.changedAt), name: nameOf(c.changedBy, c.changedByName) })),
      h('div', { class: 'field-change' }, h('strong', null, t(`oppHistory.field.${c.field}`)), ': ',
        h('span', { class: 'old-value' }, value(c.field, c.oldValue, opp.currency)), ' → ',
        h('span', { class: 'new-value' }, value(c.field, c.newValue, opp.currency))))));
  });
  return h('section', { class: 'card', id: 'field-history' }, h('h2', null, t('oppHistory.title')), body);
}

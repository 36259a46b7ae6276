// Risk alerts (docs/product.md §4.2): what went wrong where, how bad, and the recommended win-back playbook; acknowledge and
// resolve for the roles success-api lets write.
import { h, mount } from '../../dom.js';
import { t, label, fmt } from '../../i18n.js';
import { alertReason, playbookSteps } from '../../texts.js';
import { api, apiAll, ifMatch, isVersionConflict } from '../../api.js';
import { personName } from '../../people.js';
import { defineStrings } from '../../common.js';
import { statusBadge, empty, formDialog, toast, selfLoading, safely } from '../../components.js';
import { canWrite, explain, SEVERITY_ORDER, SEVERITY_TONE } from '../../health.js';

// success-api's default playbook steps are English text stored with each alert; known defaults get their Chinese
// wording here, anything else shows as written.
const DEFAULT_PLAYBOOK = {
  "Find the root cause with the account team and the customer": ["Find the root cause with the account team and the customer", "与客户团队和客户一起找出根本原因"],
  "Win new supporters among the decision chain": ["Win new supporters among the decision chain", "在决策链中争取新的支持者"],
  "Neutralise opponents: address their interests at stake": ["Neutralise opponents: address their interests at stake", "化解反对者：回应其切身利益"],
  "Bring new solutions that answer the customer's current goals": ["Bring new solutions that answer the customer's current goals", "带来契合客户当前目标的新方案"],
  "Meet the successor within two weeks": ["Meet the successor within two weeks", "两周内拜访继任者"],
  "Follow the departed contact to their new role: a possible new account": ["Follow the departed contact to their new role: a possible new account", "跟进离任联系人的新岗位：可能是新客户"],
  "Check the evidence chain (delivery note, acceptance certificate) is complete": ["Check the evidence chain (delivery note, acceptance certificate) is complete", "核对证据链（到货单、验收证书）是否完整"],
  "Escalate to the payment approvers with a promised date": ["Escalate to the payment approvers with a promised date", "向付款审批人升级，并取得承诺付款日期"],
  "Schedule a visit with the economic buyer": ["Schedule a visit with the economic buyer", "安排拜访经济决策人"],
  "Share a usage or value report": ["Share a usage or value report", "提交使用情况或价值报告"],
  "Review which health component fell and why": ["Review which health component fell and why", "分析哪项健康指标下降及其原因"],
  "Debrief the loss with the coach": ["Debrief the loss with the coach", "与教练复盘丢单原因"],
  "Map the competitor's foothold and the contracts at risk": ["Map the competitor's foothold and the contracts at risk", "摸清竞争对手的切入点和受威胁的合同"],
  "Start the renewal conversation now with the economic buyer": ["Start the renewal conversation now with the economic buyer", "立即与经济决策人启动续约沟通"],
  "Prepare a renewal offer addressing the open issues": ["Prepare a renewal offer addressing the open issues", "准备针对遗留问题的续约方案"],
};
defineStrings(Object.fromEntries(Object.entries(DEFAULT_PLAYBOOK).map(([k, v]) => [`playbookStep.${k}`, v])));

const STATUS_TONE = { open: 'danger', acknowledged: 'warn', resolved: 'ok' };
const FILTERS = ['unresolved', 'open', 'acknowledged', 'resolved'];

export function alertsSection() {
  let filter = 'unresolved';
  let el;

  const select = h('select', {
    id: 'alert-filter', 'aria-label': t('success.alerts.filter'),
    onChange: e => { filter = e.target.value; el.reload(); },
  }, FILTERS.map(f => h('option', { value: f, selected: f === filter }, f === 'unresolved' ? t('success.alerts.unresolved') : label('alertStatus', f))));

  const change = (alert, action) => safely(async () => {
    if (action === 'resolve') {
      let changedMeanwhile = false;
      const done = await formDialog(t('success.alerts.resolveTitle', { kind: label('alertKind', alert.kind), account: alert.accountName }), [
        { name: 'note', label: t('success.alerts.note'), type: 'textarea', wide: true },
      ], async values => {
        try {
          return await api(`/api/success/alerts/${alert.id}/resolve`, { method: 'POST', body: { note: values.note }, headers: ifMatch(alert) });
        } catch (error) {
          changedMeanwhile ||= isVersionConflict(error);
          throw error;
        }
      }, { submitLabel: t('success.alerts.resolve') });
      if (!done) {
        if (changedMeanwhile) el.reload();
        return;
      }
      toast(t('success.alerts.resolved'));
    } else {
      await api(`/api/success/alerts/${alert.id}/acknowledge`, { method: 'POST', body: {}, headers: ifMatch(alert) });
      toast(t('success.alerts.acknowledged'));
    }
    el.reload();
  }, error => {
    toast(explain(error).message, 'danger');
    // Someone acknowledged or resolved it meanwhile: show what it is now rather than the version that was refused.
    if (isVersionConflict(error)) el.reload();
  });

  const item = alert => h('article', {
    class: ['alert-item', `severity-${alert.severity}`, `alert-${alert.status}`],
    dataset: { alertId: alert.id, kind: alert.kind, severity: alert.severity },
  },
  h('header', { class: 'alert-head' },
    h('strong', { class: 'alert-kind' }, label('alertKind', alert.kind)),
    h('span', { class: `badge tone-${SEVERITY_TONE[alert.severity] ?? 'info'} severity` }, label('severity', alert.severity)),
    statusBadge('alertStatus', alert.status, STATUS_TONE[alert.status]),
    h('a', { href: `#/accounts/${alert.accountId}`, class: 'account-link' }, alert.accountName),
    h('span', { class: 'muted small alert-raised' }, t('success.alerts.raised', { when: fmt.dateTime(alert.raisedAt) }))),
  h('p', { class: 'alert-reason', dataset: { code: alert.code ?? '' } }, alertReason(alert)),
  alert.playbook?.length ? h('div', { class: 'playbook' },
    h('div', { class: 'playbook-title' }, t('success.alerts.playbook')),
    h('ol', null, playbookSteps(alert).map(step => h('li', null, step)))) : null,
  alert.acknowledgedAt ? h('p', { class: 'muted small' }, t('success.alerts.ackBy', { when: fmt.dateTime(alert.acknowledgedAt), who: personName(alert.acknowledgedBy) })) : null,
  alert.note ? h('p', { class: 'muted small' }, `${t('common.notes')}: ${alert.note}`) : null,
  canWrite() && alert.status !== 'resolved' ? h('div', { class: 'alert-actions' },
    alert.status === 'open' ? h('button', { type: 'button', class: 'secondary small acknowledge', onClick: change(alert, 'acknowledge') }, t('success.alerts.acknowledge')) : null,
    h('button', { type: 'button', class: 'primary small resolve', onClick: change(alert, 'resolve') }, t('success.alerts.resolve'))) : null);

  el = selfLoading({ id: 'alerts', class: 'alerts', title: t('success.alerts.title') }, async () => {
    let alerts;
    try {
      const statuses = filter === 'unresolved' ? ['open', 'acknowledged'] : [filter];
      alerts = (await Promise.all(statuses.map(status => apiAll('/api/success/alerts', { status }, 300)))).flat();
    } catch (error) {
      throw explain(error);
    }

    alerts.sort((a, b) => (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9)
      || (a.status === 'open' ? 0 : 1) - (b.status === 'open' ? 0 : 1) || String(b.raisedAt).localeCompare(String(a.raisedAt)));
    const high = alerts.filter(a => a.severity === 'high' || a.severity === 'critical').length;
    const list = h('div', { class: 'alert-list' });
    mount(list, alerts.length ? alerts.map(item) : empty(t('success.alerts.none')));
    return [
      h('div', { class: 'filters' }, h('label', { class: 'inline-field' }, h('span', null, t('success.alerts.filter')), select),
        h('span', { class: 'muted small' }, t('success.alerts.count', { high, total: alerts.length })),
        canWrite() ? null : h('span', { class: 'muted small' }, t('success.readOnly'))),
      list];
  });
  return el;
}

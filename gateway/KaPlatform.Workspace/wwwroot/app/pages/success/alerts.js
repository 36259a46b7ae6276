// Risk alerts (SPEC §4.2): what went wrong where, how bad, and the recommended win-back playbook; acknowledge and
// resolve for the roles success-api lets write.
import { h, mount } from '../../dom.js';
import { t, label, fmt } from '../../i18n.js';
import { api, apiAll } from '../../api.js';
import { personName } from '../../people.js';
import { statusBadge, empty, formDialog, toast } from '../../components.js';
import { selfLoading, safely } from '../collections/util.js';
import { canWrite, explain, SEVERITY_ORDER, SEVERITY_TONE } from './shared.js';

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
      const done = await formDialog(t('success.alerts.resolveTitle', { kind: label('alertKind', alert.kind), account: alert.accountName }), [
        { name: 'note', label: t('success.alerts.note'), type: 'textarea', wide: true },
      ], values => api(`/api/success/alerts/${alert.id}/resolve`, { method: 'POST', body: { note: values.note } }),
      { submitLabel: t('success.alerts.resolve') });
      if (!done) return;
      toast(t('success.alerts.resolved'));
    } else {
      await api(`/api/success/alerts/${alert.id}/acknowledge`, { method: 'POST', body: {} });
      toast(t('success.alerts.acknowledged'));
    }
    el.reload();
  }, error => toast(explain(error).message, 'danger'));

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
  h('p', { class: 'alert-reason' }, alert.reason),
  alert.playbook?.length ? h('div', { class: 'playbook' },
    h('div', { class: 'playbook-title' }, t('success.alerts.playbook')),
    h('ol', null, alert.playbook.map(step => h('li', null, step)))) : null,
  alert.acknowledgedAt ? h('p', { class: 'muted small' }, t('success.alerts.ackBy', { when: fmt.dateTime(alert.acknowledgedAt), who: personName(alert.acknowledgedBy) })) : null,
  alert.note ? h('p', { class: 'muted small' }, `${t('common.notes')}: ${alert.note}`) : null,
  canWrite() && alert.status !== 'resolved' ? h('div', { class: 'alert-actions' },
    alert.status === 'open' ? h('button', { type: 'button', class: 'secondary small acknowledge', onClick: change(alert, 'acknowledge') }, t('success.alerts.acknowledge')) : null,
    h('button', { type: 'button', class: 'primary small resolve', onClick: change(alert, 'resolve') }, t('success.alerts.resolve'))) : null);

  el = selfLoading({ id: 'alerts', class: 'alerts' }, t('success.alerts.title'), async () => {
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

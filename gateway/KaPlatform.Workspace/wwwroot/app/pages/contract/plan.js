// The payment plan (回款计划): a table of milestones, editable while the contract is a draft. The sum of the percents
// is checked as the user types, and "save" stays disabled until it is exactly 100 %, so the API's plan_not_100 is the
// last line of defence, not the first.
import { h, mount } from '../../dom.js';
import { t, label, fmt } from '../../i18n.js';
import { api, ifMatch } from '../../api.js';
import { table, toast } from '../../components.js';
import { canPlan, MILESTONE_KINDS, DUE_RULES } from './access.js';

export function ruleText(rule) {
  if (!rule) return '—';
  if (rule.type === 'fixed_date') return fmt.date(rule.value);
  return t('contract.rule.text', { value: rule.value, rule: label('dueRule', rule.type) });
}

/** Percent sum in cents of a percent, so 33.33 + 33.33 + 33.34 is exactly 100. */
const hundredths = p => Math.round(Number(p || 0) * 100);

function editor(ctx) {
  const c = ctx.contract;
  let rows = c.milestones.map(m => ({ kind: m.kind, percent: m.percent, type: m.dueRule.type, value: m.dueRule.value }));
  const body = h('tbody');
  const sum = h('p', { id: 'plan-sum', class: 'plan-sum' });
  const error = h('div', { class: 'form-error', role: 'alert' });
  const save = h('button', { type: 'button', class: 'primary', id: 'save-plan' }, t('contract.plan.save'));

  const refreshSum = () => {
    const total = rows.reduce((n, r) => n + hundredths(r.percent), 0);
    const ok = total === 10000 && rows.length > 0;
    sum.dataset.ok = String(ok);
    sum.className = `plan-sum tone-${ok ? 'ok' : 'danger'}`;
    mount(sum, ok ? t('contract.plan.sumOk') : t('contract.plan.sumBad', { sum: fmt.number(total / 100, 2) }));
    save.disabled = !ok;
    [...body.querySelectorAll('[data-amount]')].forEach((cell, i) =>
      mount(cell, t('contract.plan.amountOf', { amount: fmt.money(Number(c.amount) * Number(rows[i]?.percent || 0) / 100, c.currency) })));
  };

  const draw = () => {
    mount(body, rows.map((r, i) => h('tr', { dataset: { row: i } },
      h('td', null, h('select', { name: 'kind', 'aria-label': t('contract.plan.kind'), onChange: e => { r.kind = e.target.value; } },
        MILESTONE_KINDS.map(k => h('option', { value: k, selected: k === r.kind }, label('milestoneKind', k))))),
      h('td', null, h('input', {
        type: 'number', name: 'percent', step: '0.01', min: '0.01', max: '100', value: r.percent, class: 'narrow', 'aria-label': t('contract.plan.percent'),
        onInput: e => { r.percent = e.target.value; refreshSum(); },
      }), h('div', { class: 'muted small', dataset: { amount: i } })),
      h('td', null, h('select', {
        name: 'ruleType', 'aria-label': t('contract.plan.rule'),
        onChange: e => { r.type = e.target.value; r.value = r.type === 'fixed_date' ? '' : 30; draw(); },
      }, DUE_RULES.map(k => h('option', { value: k, selected: k === r.type }, label('dueRule', k))))),
      h('td', null, h('input', {
        type: r.type === 'fixed_date' ? 'date' : 'number', name: 'ruleValue', min: '0', step: '1', value: r.value ?? '', class: 'narrow',
        'aria-label': t('contract.plan.value'), onInput: e => { r.value = e.target.value; },
      })),
      h('td', null, rows.length > 1 ? h('button', { type: 'button', class: 'link', onClick: () => { rows.splice(i, 1); draw(); } }, t('contract.plan.remove')) : null))));
    refreshSum();
  };

  save.addEventListener('click', async () => {
    save.disabled = true;
    mount(error);
    try {
      const milestones = rows.map(r => ({
        kind: r.kind, percent: Number(r.percent),
        dueRule: { type: r.type, value: r.type === 'fixed_date' ? r.value : Number(r.value) },
      }));
      await api(`/api/contracts/${c.id}/payment-plan`, { method: 'PUT', body: { milestones }, headers: ifMatch(c) });
      toast(t('contract.plan.saved'));
      await ctx.reload();
    } catch (e) {
      mount(error, e.message, e.problem?.sum !== undefined ? ` (${fmt.number(e.problem.sum, 2)}%)` : null,
        e.errors ? h('ul', null, Object.entries(e.errors).map(([f, m]) => h('li', null, `${f}: ${[].concat(m).join(' ')}`))) : null);
      refreshSum();
    }
  });

  draw();
  return h('div', { class: 'plan-editor', id: 'plan-editor' },
    h('div', { class: 'table-wrap' }, h('table', { class: 'data' },
      h('thead', null, h('tr', null, ['contract.plan.kind', 'contract.plan.percent', 'contract.plan.rule', 'contract.plan.value'].map(k => h('th', null, t(k))), h('th'))),
      body)),
    sum, error,
    h('div', { class: 'form-actions' },
      h('button', { type: 'button', class: 'secondary', id: 'add-plan-row', onClick: () => { rows.push({ kind: 'custom', percent: '', type: 'days_after_signing', value: 30 }); draw(); } }, t('contract.plan.addRow')),
      save));
}

export function planCard(ctx) {
  const c = ctx.contract;
  if (c.status === 'draft' && canPlan()) {
    return h('section', { class: 'card', id: 'payment-plan' }, h('h2', null, t('contract.plan.title')), editor(ctx));
  }
  return h('section', { class: 'card', id: 'payment-plan' }, h('h2', null, t('contract.plan.title')),
    table([
      { title: t('contract.plan.kind'), render: m => label('milestoneKind', m.kind) },
      { title: t('contract.plan.percent'), align: 'right', render: m => fmt.percent(m.percent, 2) },
      { title: t('common.amount'), align: 'right', render: m => fmt.money(m.amount, c.currency) },
      { title: t('contract.plan.rule'), render: m => ruleText(m.dueRule) },
    ], c.milestones),
    c.status === 'draft' ? null : h('p', { class: 'muted small' }, t('contract.plan.locked')));
}

// The opportunity page's deal-execution cards (docs/product.md §9): the top three success factors with how they moved, and the
// deal's task list; each card loads on its own, so a failure stays inside it.
import { h } from '../dom.js';
import { t, label, fmt, today, daysFromToday } from '../i18n.js';
import { serverText } from '../texts.js';
import { api, idempotencyKey, ifMatch } from '../api.js';
import { personName } from '../people.js';
import { table, formDialog, toast, enumOptions, empty, selfLoading } from '../components.js';
import { POSITIONS } from './strings.js';

const OPEN_STAGES = ['initiation', 'solution_design', 'deep_engagement', 'product_confirmation', 'commercial_negotiation', 'signing'];

function positionBadge(position) {
  return h('span', { class: ['badge', 'position', `position-${position}`], dataset: { position } }, label('ourPosition', position));
}

async function editFactors(opp, current) {
  const byRank = new Map(current.map(f => [f.rank, f]));
  const fields = [1, 2, 3].flatMap(rank => [
    { name: `factor${rank}`, label: t('dealExecution.factors.factor', { rank }), value: byRank.get(rank)?.factor ?? '' },
    { name: `position${rank}`, label: t('dealExecution.factors.position', { rank }), type: 'select', value: byRank.get(rank)?.ourPosition ?? 'even',
      options: enumOptions('ourPosition', POSITIONS) },
  ]);
  return formDialog(t('dealExecution.factors.title'), fields, values => api(`/api/opportunities/${opp.id}/success-factors`, {
    method: 'PUT',
    body: [1, 2, 3].filter(rank => values[`factor${rank}`]).map(rank => ({ rank, factor: values[`factor${rank}`], ourPosition: values[`position${rank}`] })),
  }));
}

export function successFactorsCard(ctx) {
  const build = async reload => {
    const [current, history] = await Promise.all([
      api(`/api/opportunities/${ctx.opp.id}/success-factors`),
      api(`/api/opportunities/${ctx.opp.id}/success-factors/history`),
    ]);
    const edit = ctx.writable ? h('button', {
      type: 'button', class: 'secondary', id: 'edit-success-factors',
      onClick: async () => { if (await editFactors(ctx.opp, current.factors)) { toast(t('dealExecution.factors.saved')); await reload(); } },
    }, t('dealExecution.factors.edit')) : null;
    return [
      h('div', { class: 'section-head' }, h('h2', null, t('dealExecution.factors.title')), edit),
      current.factors.length
        ? h('ol', { class: 'success-factors' }, current.factors.map(f => h('li', { dataset: { rank: String(f.rank) } }, h('span', null, f.factor), ' ', positionBadge(f.ourPosition))))
        : empty(t('dealExecution.factors.none')),
      history.length > 1 ? h('details', { class: 'factor-history' }, h('summary', null, t('dealExecution.factors.history')),
        h('ol', null, history.map(set => h('li', null, h('span', { class: 'muted small' }, fmt.dateTime(set.changedAt), ' · ', personName(set.changedBy)), ' ',
          set.factors.map(f => h('span', { class: 'factor-step' }, `${f.rank}. ${f.factor} `, positionBadge(f.ourPosition))))))) : null,
    ];
  };
  return selfLoading({ tag: 'section', id: 'success-factors', class: 'card deal-execution' }, build);
}

export function dealTasksCard(ctx) {
  const build = async reload => {
    const page = await api(`/api/opportunities/${ctx.opp.id}/tasks`);
    const add = ctx.writable ? h('button', {
      type: 'button', class: 'secondary', id: 'add-deal-task',
      onClick: async () => {
        const created = await formDialog(t('dealExecution.tasks.add'), [
          { name: 'title', label: t('dealExecution.tasks.task'), required: true, wide: true },
          { name: 'dueDate', label: t('dealExecution.tasks.due'), type: 'date', required: true, value: today() },
          { name: 'stage', label: t('dealExecution.tasks.stage'), type: 'select', required: true, value: ctx.opp.stage, options: enumOptions('stage', OPEN_STAGES) },
        ], values => api(`/api/opportunities/${ctx.opp.id}/tasks`, { method: 'POST', body: values, headers: { 'Idempotency-Key': idempotencyKey() } }),
        { submitLabel: t('common.create') });
        if (created) { toast(t('dealExecution.tasks.added')); await reload(); await ctx.reload?.(); }
      },
    }, t('dealExecution.tasks.add')) : null;
    const done = async task => {
      await api(`/api/opportunities/${ctx.opp.id}/tasks/${task.id}`, { method: 'PATCH', body: { status: 'done' }, headers: ifMatch(task) });
      await reload();
      await ctx.reload?.();
    };
    const overdue = task => task.status === 'open' && daysFromToday(task.dueDate) < 0;
    return [
      h('div', { class: 'section-head' }, h('h2', null, t('dealExecution.tasks.title')), add),
      table([
        { title: t('dealExecution.tasks.task'), render: task => h('strong', null, task.title) },
        { title: t('dealExecution.tasks.stage'), render: task => label('stage', task.stage) },
        { title: t('dealExecution.tasks.owner'), render: task => personName(task.ownerId) },
        { title: t('dealExecution.tasks.due'), render: task => h('span', { class: overdue(task) ? 'tone-danger' : null }, fmt.date(task.dueDate),
          overdue(task) ? h('span', { class: 'badge tone-danger' }, ' ', t('dealExecution.tasks.overdue')) : null) },
        { title: t('dealExecution.tasks.status'), render: task => label('taskStatus', task.status) },
        ctx.writable ? { title: '', render: task => (task.status === 'open'
          ? h('button', { type: 'button', class: 'secondary small-btn task-done', dataset: { taskId: task.id }, onClick: () => done(task) }, t('dealExecution.tasks.done'))
          : '') } : null,
      ].filter(Boolean), page.items, { emptyText: t('dealExecution.tasks.none'), rowClass: task => `task-row task-${task.status}${overdue(task) ? ' overdue' : ''}` }),
    ];
  };
  return selfLoading({ tag: 'section', id: 'deal-tasks', class: 'card deal-execution' }, build);
}

/** The "stuck" badge with its reasons, for the opportunity header. */
export function stuckBadge(opp) {
  return opp.stuck ? h('span', {
    class: 'badge tone-danger stuck-badge', id: 'stuck-badge', dataset: { reasons: opp.stuckReasons.join(' ') },
    title: (opp.stuckDetails ?? []).map(d => serverText(d.code, d.params, d.text)).join('\n'),
  },
    t('dealExecution.stuck.badge'), ': ', opp.stuckReasons.map(r => label('stuckReason', r)).join(', ')) : null;
}


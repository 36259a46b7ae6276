// Plan tab: the account plan of a fiscal year (docs/product.md §1.6) — content, approval, plan-vs-actual from the other services'
// events, relationship goals against today's closeness, actions and the quarterly reviews.
import { h } from '../../dom.js';
import { t, label, fmt } from '../../i18n.js';
import { api, apiAll, idempotencyKey, ifMatch } from '../../api.js';
import { defineStrings } from '../../common.js';
import { personName, knownPeople } from '../../people.js';
import { card, table, form, formDialog, toast, enumOptions, deadline, errorPanel, empty, loadInto } from '../../components.js';
import { progressBars } from '../../charts.js';
import { canWritePlan, canApprove, currentFiscalYear, splitList, orErrorPanel, ACTION_STATUSES } from './util.js';

defineStrings({
  'acct360.p.title': ['Account plan FY{fy}', '{fy} 财年客户规划'],
  'acct360.p.fiscalYear': ['Fiscal year', '财年'],
  'acct360.p.none': ['No plan for FY{fy} yet.', '{fy} 财年尚无客户规划。'],
  'acct360.p.noneReadOnly': ['Your role can read plans but not write them.', '您的角色可以查看规划，但不能编写。'],
  'acct360.p.create': ['Create the FY{fy} plan', '创建 {fy} 财年规划'],
  'acct360.p.created': ['Plan created as a draft.', '规划已创建（草稿）。'],
  'acct360.p.status': ['Status', '状态'],
  'acct360.p.approvedBy': ['Approved by {who} on {date}', '{who} 于 {date} 批准'],
  'acct360.p.draftNote': ['A draft: a sales director of the region or an admin approves it against its targets.', '草稿：需区域销售总监或管理员按目标审批。'],
  'acct360.p.approve': ['Approve plan', '批准规划'],
  'acct360.p.approved': ['Plan approved.', '规划已批准。'],
  'acct360.p.edit': ['Edit plan', '编辑规划'],
  'acct360.p.editNote': ['Saving changes returns an approved plan to draft.', '保存修改后，已批准的规划将退回草稿状态。'],
  'acct360.p.saved': ['Plan saved.', '规划已保存。'],
  'acct360.p.industryAnalysis': ['Industry analysis', '行业分析'],
  'acct360.p.customerGoals': ['Customer goals', '客户目标'],
  'acct360.p.shortGoals': ['Short-term goals (one per line)', '短期目标（每行一条）'],
  'acct360.p.longGoals': ['Long-term goals (one per line)', '长期目标（每行一条）'],
  'acct360.p.priorities': ['Priorities', '工作重点'],
  'acct360.p.prioritiesField': ['Priorities (one per line)', '工作重点（每行一条）'],
  'acct360.p.drivers': ['Business drivers', '业务驱动因素'],
  'acct360.p.driversField': ['Drivers (one per line: factor: volume)', '驱动因素（每行一条：因素: 数量）'],
  'acct360.p.driverInvalid': ['Line “{line}” needs “factor: volume” with a number.', '“{line}”应写成“因素: 数量”，数量为数字。'],
  'acct360.p.factor': ['Factor', '因素'],
  'acct360.p.volume': ['Volume', '数量'],
  'acct360.p.targets': ['Targets', '目标'],
  'acct360.p.progress': ['Plan vs actual', '计划与实际'],
  'acct360.p.progressNote': ['Actuals come from opportunities opened and won, contracts signed and payments received for this account in FY{fy}.',
    '实际值来自该客户 {fy} 财年新建和赢得的商机、签订的合同和收到的回款。'],
  'acct360.p.noTarget': ['No target set: {names}.', '未设定目标：{names}。'],
  'acct360.p.opportunitiesIncubated': ['Opportunities incubated', '孵化商机数'],
  'acct360.p.opportunitiesCaptured': ['Opportunities captured', '赢得商机数'],
  'acct360.p.contractAmount': ['Contract amount', '合同金额'],
  'acct360.p.collectionAmount': ['Collection amount', '回款金额'],
  'acct360.p.relationshipGoals': ['Relationship goals', '关系目标'],
  'acct360.p.relationshipNote': ['Target closeness against each person’s composite closeness today.', '目标亲密度与当前综合亲密度对比。'],
  'acct360.p.addGoal': ['Add relationship goal', '添加关系目标'],
  'acct360.p.stakeholder': ['Stakeholder', '关键人'],
  'acct360.p.targetCloseness': ['Target closeness (0–100)', '目标亲密度（0–100）'],
  'acct360.p.currentCloseness': ['Closeness today', '当前亲密度'],
  'acct360.p.departedGoal': ['{name} (left — re-target)', '{name}（已离开，需调整目标）'],
  'acct360.p.actions': ['Actions', '行动计划'],
  'acct360.p.addAction': ['Add action', '添加行动'],
  'acct360.p.actionTitle': ['Action', '行动'],
  'acct360.p.actionOwner': ['Owner', '负责人'],
  'acct360.p.dueDate': ['Due', '截止日期'],
  'acct360.p.reviews': ['Quarterly reviews', '季度回顾'],
  'acct360.p.addReview': ['Add review', '添加回顾'],
  'acct360.p.reviewAdded': ['Review added.', '回顾已添加。'],
  'acct360.p.quarter': ['Quarter', '季度'],
  'acct360.p.adjustments': ['Adjustments', '调整措施'],
  'acct360.p.reviewedBy': ['Q{quarter} · {date} · {who}', '第 {quarter} 季度 · {date} · {who}'],
  'acct360.p.noReviews': ['No reviews yet.', '暂无回顾。'],
  'acct360.p.currency': ['Currency', '币种'],
  'planStatus.draft': ['Draft', '草稿'],
  'planStatus.approved': ['Approved', '已批准'],
  'planActionStatus.cancelled': ['Cancelled', '已取消'],
});

const COUNT_TARGETS = ['opportunitiesIncubated', 'opportunitiesCaptured'];
const MONEY_TARGETS = ['contractAmount', 'collectionAmount'];

function parseDrivers(text) {
  return splitList(text, /\n+/).map(line => {
    const m = /^(.+?)\s*[:：]\s*([\d.,\s]+)$/.exec(line);
    const volume = m ? Number(m[2].replace(/[,\s]/g, '')) : NaN;
    if (!m || Number.isNaN(volume)) throw new Error(t('acct360.p.driverInvalid', { line }));
    return { factor: m[1].trim(), volume };
  });
}

/** The content fields shared by create and edit; values → the API's members. */
function contentFields(plan = {}) {
  const goals = horizon => (plan.customerGoals ?? []).filter(g => g.horizon === horizon).map(g => g.text).join('\n');
  const tg = plan.targets ?? {};
  return [
    { name: 'industryAnalysis', label: t('acct360.p.industryAnalysis'), type: 'textarea', wide: true, rows: 4, value: plan.industryAnalysis ?? '' },
    { name: 'shortGoals', label: t('acct360.p.shortGoals'), type: 'textarea', rows: 3, value: goals('short') },
    { name: 'longGoals', label: t('acct360.p.longGoals'), type: 'textarea', rows: 3, value: goals('long') },
    { name: 'priorities', label: t('acct360.p.prioritiesField'), type: 'textarea', rows: 3, value: (plan.priorities ?? []).join('\n') },
    { name: 'drivers', label: t('acct360.p.driversField'), type: 'textarea', rows: 3, value: (plan.drivers ?? []).map(d => `${d.factor}: ${d.volume}`).join('\n') },
    { name: 'opportunitiesIncubated', label: t('acct360.p.opportunitiesIncubated'), type: 'number', min: 0, step: 1, value: tg.opportunitiesIncubated ?? '' },
    { name: 'opportunitiesCaptured', label: t('acct360.p.opportunitiesCaptured'), type: 'number', min: 0, step: 1, value: tg.opportunitiesCaptured ?? '' },
    { name: 'contractAmount', label: t('acct360.p.contractAmount'), type: 'number', min: 0, step: 0.01, value: tg.contractAmount ?? '' },
    { name: 'collectionAmount', label: t('acct360.p.collectionAmount'), type: 'number', min: 0, step: 0.01, value: tg.collectionAmount ?? '' },
  ];
}

function contentBody(v) {
  return {
    industryAnalysis: v.industryAnalysis,
    customerGoals: [
      ...splitList(v.shortGoals, /\n+/).map(text => ({ horizon: 'short', text })),
      ...splitList(v.longGoals, /\n+/).map(text => ({ horizon: 'long', text })),
    ],
    priorities: splitList(v.priorities, /\n+/),
    drivers: parseDrivers(v.drivers),
    targets: {
      opportunitiesIncubated: v.opportunitiesIncubated, opportunitiesCaptured: v.opportunitiesCaptured,
      contractAmount: v.contractAmount, collectionAmount: v.collectionAmount,
    },
  };
}

function fySwitcher(id, fy) {
  const base = currentFiscalYear();
  return h('nav', { class: 'a360-fy', id: 'plan-fy', 'aria-label': t('acct360.p.fiscalYear') },
    h('span', { class: 'muted' }, `${t('acct360.p.fiscalYear')}:`),
    [base - 1, base, base + 1].map(year => h('a', {
      href: `#/accounts/${id}?tab=plan&fy=${year}`, class: ['a360-fy-link', year === fy && 'active'],
      'aria-current': year === fy ? 'page' : null, dataset: { fy: String(year) },
    }, String(year))));
}

function ownerOptions(account) {
  const ids = new Map();
  for (const m of account.team ?? []) ids.set(m.userId, personName(m.userId));
  for (const p of knownPeople()) if (!ids.has(p.userId)) ids.set(p.userId, p.name);
  return [...ids].map(([value, text]) => [value, text]);
}

function progressCard(progress, currency) {
  const tg = progress.targets;
  const items = keys => keys.filter(k => tg[k]?.target !== null && tg[k]?.target !== undefined)
    .map(k => ({ key: k, label: t(`acct360.p.${k}`), target: tg[k].target, actual: tg[k].actual }));
  const unset = [...COUNT_TARGETS, ...MONEY_TARGETS].filter(k => tg[k]?.target === null || tg[k]?.target === undefined).map(k => t(`acct360.p.${k}`));
  const goals = progress.relationshipGoals ?? [];
  return h('section', { class: 'card', id: 'plan-progress' },
    h('h2', null, t('acct360.p.progress')),
    h('p', { class: 'muted small' }, t('acct360.p.progressNote', { fy: progress.fiscalYear })),
    h('div', { class: 'a360-progress' },
      items(COUNT_TARGETS).length ? progressBars(items(COUNT_TARGETS), { format: v => fmt.number(v) }) : null,
      items(MONEY_TARGETS).length ? progressBars(items(MONEY_TARGETS), { format: v => fmt.moneyShort(v, currency) }) : null),
    unset.length ? h('p', { class: 'muted small' }, t('acct360.p.noTarget', { names: unset.join('、') })) : null,
    h('h3', null, t('acct360.p.relationshipGoals')),
    goals.length
      ? [h('p', { class: 'muted small' }, t('acct360.p.relationshipNote')),
        h('div', { id: 'relationship-progress' }, progressBars(goals.map(g => ({
          key: g.stakeholderId,
          label: g.status === 'departed' ? t('acct360.p.departedGoal', { name: g.name ?? '?' }) : (g.name ?? '?'),
          target: g.targetCloseness, actual: g.currentCloseness ?? 0,
        })), { format: v => fmt.number(v, 0) }))]
      : empty());
}

export default {
  async render(env) {
    const { id, account } = env;
    const fy = Number(env.query.fy) || currentFiscalYear();
    const root = h('section', { id: 'account-plan', class: 'a360-plan', dataset: { fiscalYear: String(fy) } });

    const draw = async () => {
      let plan = null;
      try {
        plan = await api(`/api/accounts/${id}/plans/${fy}`);
      } catch (error) {
        if (error.status !== 404) throw error;
      }
      const redraw = loadInto(root, draw);
      if (!plan) return noPlan(redraw);
      return showPlan(plan, redraw);
    };

    const noPlan = redraw => {
      const parts = [fySwitcher(id, fy), h('p', { class: 'notice', id: 'no-plan' }, t('acct360.p.none', { fy }))];
      if (!canWritePlan()) {
        parts.push(h('p', { class: 'muted' }, t('acct360.p.noneReadOnly')));
        return parts;
      }
      const f = form(contentFields(), {
        submitLabel: t('acct360.p.create', { fy }),
        onSubmit: async values => {
          await api(`/api/accounts/${id}/plans`, {
            method: 'POST', headers: { 'Idempotency-Key': idempotencyKey() },
            body: { fiscalYear: fy, currency: 'CNY', ...contentBody(values) },
          });
          toast(t('acct360.p.created'));
          await redraw();
        },
      });
      f.element.id = 'create-plan';
      parts.push(card(t('acct360.p.create', { fy }), f.element));
      return parts;
    };

    const showPlan = async (plan, redraw) => {
      const writable = canWritePlan();
      const errorSlot = h('div');
      const people = await apiAll(`/api/accounts/${id}/stakeholders`, { includeDeparted: true }).catch(() => []);
      const names = new Map(people.map(p => [p.id, p]));
      const patch = async body => {
        await api(`/api/accounts/${id}/plans/${fy}`, { method: 'PATCH', body, headers: ifMatch(plan) });
        toast(t('acct360.p.saved'));
        await redraw();
      };
      const guarded = fn => async () => {
        errorSlot.replaceChildren();
        try { await fn(); } catch (error) { errorSlot.replaceChildren(errorPanel(error)); }
      };

      const approveButton = canApprove() && plan.status !== 'approved' ? h('button', {
        type: 'button', class: 'primary', id: 'approve-plan',
        onClick: guarded(async () => {
          await api(`/api/accounts/${id}/plans/${fy}/approve`, { method: 'POST', headers: ifMatch(plan) });
          toast(t('acct360.p.approved'));
          await redraw();
        }),
      }, t('acct360.p.approve')) : null;
      const editButton = writable ? h('button', {
        type: 'button', class: 'secondary', id: 'edit-plan',
        onClick: async () => {
          const fields = contentFields(plan);
          fields[0].hint = plan.status === 'approved' ? t('acct360.p.editNote') : null;
          await formDialog(t('acct360.p.edit'), fields, values => patch(contentBody(values)));
        },
      }, t('acct360.p.edit')) : null;

      const head = h('section', { class: 'card a360-plan-head' },
        h('div', { class: 'a360-card-head' },
          h('h2', null, t('acct360.p.title', { fy }), ' ',
            h('span', { class: ['badge', plan.status === 'approved' ? 'tone-ok' : 'tone-warn'], id: 'plan-status', dataset: { status: plan.status } }, label('planStatus', plan.status))),
          h('div', { class: 'actions' }, approveButton, editButton)),
        plan.status === 'approved'
          ? h('p', { class: 'muted' }, t('acct360.p.approvedBy', { who: personName(plan.approvedBy), date: fmt.dateTime(plan.approvedAt) }))
          : h('p', { class: 'muted' }, t('acct360.p.draftNote')),
        errorSlot);

      const goals = horizon => plan.customerGoals.filter(g => g.horizon === horizon);
      const contentCard = card(null,
        h('h2', null, t('acct360.p.industryAnalysis')),
        plan.industryAnalysis ? h('p', { class: 'a360-pre', id: 'plan-industry' }, plan.industryAnalysis) : empty(),
        h('h3', null, t('acct360.p.customerGoals')),
        plan.customerGoals.length
          ? h('div', { class: 'a360-goals', id: 'plan-goals' }, ['short', 'long'].map(hz => goals(hz).length ? h('div', { dataset: { horizon: hz } },
            h('strong', null, label('horizon', hz)), h('ul', null, goals(hz).map(g => h('li', null, g.text)))) : null))
          : empty(),
        h('h3', null, t('acct360.p.priorities')),
        plan.priorities.length ? h('ol', { id: 'plan-priorities' }, plan.priorities.map(p => h('li', null, p))) : empty());

      const addGoal = writable ? h('button', {
        type: 'button', class: 'secondary small-btn', id: 'add-relationship-goal',
        onClick: () => formDialog(t('acct360.p.addGoal'), [
          { name: 'stakeholderId', label: t('acct360.p.stakeholder'), type: 'select', required: true,
            options: people.filter(p => p.status !== 'departed').map(p => [p.id, p.title ? `${p.name} · ${p.title}` : p.name]) },
          { name: 'targetCloseness', label: t('acct360.p.targetCloseness'), type: 'number', required: true, min: 0, max: 100, step: 1, value: 70 },
        ], v => patch({ relationshipGoals: [...plan.relationshipGoals.filter(g => g.stakeholderId !== v.stakeholderId), v] })),
      }, t('acct360.p.addGoal')) : null;

      const driversCard = card(null,
        h('h2', null, t('acct360.p.drivers')),
        h('div', { id: 'plan-drivers' }, table([
          { title: t('acct360.p.factor'), key: 'factor' },
          { title: t('acct360.p.volume'), align: 'right', render: d => fmt.number(d.volume) },
        ], plan.drivers)),
        h('div', { class: 'a360-card-head' }, h('h3', null, t('acct360.p.relationshipGoals')), addGoal),
        h('div', { id: 'plan-relationship-goals' }, table([
          { title: t('acct360.p.stakeholder'), render: g => {
            const p = names.get(g.stakeholderId);
            return p ? h('span', null, h('strong', null, p.name), p.title ? h('span', { class: 'muted' }, ` · ${p.title}`) : null) : '—';
          } },
          { title: t('acct360.p.targetCloseness'), align: 'right', render: g => fmt.number(g.targetCloseness) },
          { title: t('acct360.p.currentCloseness'), align: 'right', render: g => {
            const p = names.get(g.stakeholderId);
            return p && p.status !== 'departed' ? fmt.number(p.compositeCloseness, 1) : '—';
          } },
        ], plan.relationshipGoals)),
        h('h3', null, t('acct360.p.targets')),
        h('dl', { class: 'a360-facts', id: 'plan-targets' },
          COUNT_TARGETS.map(k => [h('dt', null, t(`acct360.p.${k}`)), h('dd', null, fmt.number(plan.targets[k]))]),
          MONEY_TARGETS.map(k => [h('dt', null, t(`acct360.p.${k}`)), h('dd', null, fmt.money(plan.targets[k], plan.currency))])));

      const setStatus = (index, status) => guarded(() => patch({ actions: plan.actions.map((a, i) => (i === index ? { ...a, status } : a)) }))();
      const addAction = writable ? h('button', {
        type: 'button', class: 'secondary small-btn', id: 'add-plan-action',
        onClick: () => formDialog(t('acct360.p.addAction'), [
          { name: 'title', label: t('acct360.p.actionTitle'), required: true, wide: true },
          { name: 'ownerId', label: t('acct360.p.actionOwner'), type: 'select', required: true, value: account.ownerId, options: ownerOptions(account) },
          { name: 'dueDate', label: t('acct360.p.dueDate'), type: 'date' },
          { name: 'status', label: t('common.status'), type: 'select', required: true, value: 'todo', options: enumOptions('planActionStatus', ACTION_STATUSES) },
        ], v => patch({ actions: [...plan.actions, v] })),
      }, t('acct360.p.addAction')) : null;
      const actionsCard = card(null,
        h('div', { class: 'a360-card-head' }, h('h2', null, t('acct360.p.actions')), addAction),
        h('div', { id: 'plan-actions' }, table([
          { title: t('acct360.p.actionTitle'), key: 'title' },
          { title: t('acct360.p.actionOwner'), render: a => personName(a.ownerId) },
          { title: t('acct360.p.dueDate'), render: a => (a.dueDate ? (a.status === 'done' || a.status === 'cancelled' ? fmt.date(a.dueDate) : deadline(a.dueDate)) : '—') },
          { title: t('common.status'), render: a => (writable
            ? h('select', { 'aria-label': t('common.status'), class: 'a360-action-status', dataset: { status: a.status },
              onChange: e => setStatus(plan.actions.indexOf(a), e.target.value) },
            ACTION_STATUSES.map(st => h('option', { value: st, selected: st === a.status }, label('planActionStatus', st))))
            : h('span', { class: ['badge', a.status === 'done' ? 'tone-ok' : a.status === 'in_progress' ? 'tone-info' : null] }, label('planActionStatus', a.status))) },
        ], plan.actions)));

      const addReview = writable ? h('button', {
        type: 'button', class: 'secondary small-btn', id: 'add-plan-review',
        onClick: async () => {
          const done = await formDialog(t('acct360.p.addReview'), [
            { name: 'quarter', label: t('acct360.p.quarter'), type: 'select', required: true,
              value: String(Math.floor(new Date().getMonth() / 3) + 1), options: [1, 2, 3, 4].map(q => [String(q), `Q${q}`]) },
            { name: 'notes', label: t('common.notes'), type: 'textarea', required: true, wide: true, rows: 4 },
            { name: 'adjustments', label: t('acct360.p.adjustments'), type: 'textarea', wide: true, rows: 2 },
          ], v => api(`/api/accounts/${id}/plans/${fy}/reviews`, { method: 'POST', headers: { 'Idempotency-Key': idempotencyKey() }, body: { ...v, quarter: Number(v.quarter) } }));
          if (done) {
            toast(t('acct360.p.reviewAdded'));
            await redraw();
          }
        },
      }, t('acct360.p.addReview')) : null;
      const reviewsCard = card(null,
        h('div', { class: 'a360-card-head' }, h('h2', null, t('acct360.p.reviews')), addReview),
        plan.reviews.length
          ? h('ol', { class: 'a360-reviews', id: 'plan-reviews' }, plan.reviews.map(r => h('li', { dataset: { quarter: String(r.quarter) } },
            h('div', { class: 'muted small' }, t('acct360.p.reviewedBy', { quarter: r.quarter, date: fmt.date(r.reviewedAt), who: personName(r.reviewedBy) })),
            h('p', { class: 'a360-pre' }, r.notes),
            r.adjustments ? h('p', { class: 'a360-pre' }, h('strong', null, `${t('acct360.p.adjustments')}: `), r.adjustments) : null)))
          : h('p', { class: 'empty', id: 'plan-reviews' }, t('acct360.p.noReviews')));

      const progress = await orErrorPanel(async () => progressCard(await api(`/api/accounts/${id}/plans/${fy}/progress`), plan.currency));
      return [
        fySwitcher(id, fy), head, progress,
        h('div', { class: 'a360-grid' }, contentCard, driversCard),
        actionsCard, reviewsCard,
      ];
    };

    root.append(...[].concat(await draw()));
    return root;
  },
};

// Director tools: one row per seller for the period (target, closed won, pipeline, weighted, coverage, win rate, gap)
// with a drill-down into that seller's pipeline, and targets set and adjusted in the open — every change needs a
// reason and the history is on the row (docs/product.md §2.4).
import { h } from '../../dom.js';
import { t, fmt } from '../../i18n.js';
import { api, apiAll, idempotencyKey, ifMatch } from '../../api.js';
import { knownPeople, personName } from '../../people.js';
import { current, hasRole } from '../../session.js';
import { defineStrings } from '../../common.js';
import { table, formDialog, toast, empty, selfLoading } from '../../components.js';
import { isSeller } from '../../deals.js';

defineStrings({
  'targets.title': ['Sellers and targets', '销售人员与目标'],
  'targets.seller': ['Seller', '销售人员'],
  'targets.target': ['Target', '目标'],
  'targets.set': ['Set target', '设定目标'],
  'targets.adjust': ['Adjust', '调整'],
  'targets.history': ['History', '历史'],
  'targets.setTitle': ['Target for {name}, {period}', '{name} 的 {period} 目标'],
  'targets.adjustTitle': ['Adjust the target of {name}, {period} (now {amount})', '调整 {name} 的 {period} 目标（当前 {amount}）'],
  'targets.amount': ['Amount (CNY)', '金额（人民币）'],
  'targets.reason': ['Reason (kept in the history, visible to the seller)', '原因（记入历史，销售本人可见）'],
  'targets.region': ['Region', '区域'],
  'targets.saved': ['Target saved.', '目标已保存。'],
  'targets.none': ['No target', '未设定'],
  'targets.drill': ['Open {name}’s pipeline', '查看 {name} 的商机管道'],
  'targets.entry': ['{at} · {actor}: {from} → {to} · “{reason}”', '{at} · {actor}：{from} → {to} ·“{reason}”'],
  'targets.first': ['{at} · {actor}: set to {to} · “{reason}”', '{at} · {actor}：设定为 {to} ·“{reason}”'],
  'targets.noSellers': ['No seller known for this period yet: set a first target.', '本期尚无销售数据，请先设定目标。'],
  'targets.owner': ['Seller', '销售人员'],
  'targets.countNote': ['Figures per seller are what that seller owns and you may see; forecast and funnel count deals by close date (expected close while open).', '每行数字是该销售负责且您可见的商机；预测和漏斗按成交日期统计（在途商机按预计成交日期）。'],
});

const canSetTargets = () => hasRole('admin', 'sales_director');

async function setTarget(period, owners, preset, reload) {
  const admin = hasRole('admin');
  const saved = await formDialog(t('targets.set'), [
    { name: 'ownerId', label: t('targets.owner'), type: 'select', required: true, options: owners, value: preset ?? owners[0]?.[0] },
    { name: 'amount', label: t('targets.amount'), type: 'number', step: '0.01', min: '0', required: true },
    { name: 'reason', label: t('targets.reason'), type: 'textarea', rows: 2, wide: true },
    admin ? { name: 'region', label: t('targets.region'), required: true, value: current()?.user.region ?? '' } : null,
  ].filter(Boolean), values => api('/api/targets', {
    method: 'POST', body: { ...values, period, currency: 'CNY' }, headers: { 'Idempotency-Key': idempotencyKey() },
  }), { submitLabel: t('targets.set') });
  if (saved) {
    toast(t('targets.saved'));
    await reload();
  }
}

async function adjustTarget(target, reload) {
  const saved = await formDialog(t('targets.adjustTitle', { name: personName(target.ownerId), period: target.period, amount: fmt.money(target.amount, target.currency) }), [
    { name: 'amount', label: t('targets.amount'), type: 'number', step: '0.01', min: '0', required: true, value: target.amount },
    { name: 'reason', label: t('targets.reason'), type: 'textarea', rows: 2, wide: true, required: true },
  ], values => api(`/api/targets/${target.id}`, { method: 'PATCH', body: values, headers: ifMatch(target) }),
  { submitLabel: t('targets.adjust') });
  if (saved) {
    toast(t('targets.saved'));
    await reload();
  }
}

function history(target) {
  const entries = target.history ?? [];
  if (!entries.length) return null;
  const money = v => fmt.money(v, target.currency);
  return h('details', { class: 'target-history', dataset: { targetId: target.id } },
    h('summary', null, `${t('targets.history')} (${entries.length})`),
    h('ol', { class: 'history-list' }, entries.map(e => h('li', null, e.fromAmount === null
      ? t('targets.first', { at: fmt.dateTime(e.at), actor: personName(e.actorId), to: money(e.toAmount), reason: e.reason })
      : t('targets.entry', { at: fmt.dateTime(e.at), actor: personName(e.actorId), from: money(e.fromAmount), to: money(e.toAmount), reason: e.reason })))));
}

/** go(changes) navigates the pipeline (drill-down = the same page for one owner). */
export function targetsSection({ period, go }) {
  let el;
  const reload = () => el.reload();
  const build = async () => {
    const targets = await apiAll('/api/targets', { period }, 500);
    // Each target's history (GET /api/targets/{id}); a director has a handful of sellers, so one call each is fine.
    const detailed = await Promise.all(targets.map(x => api(`/api/targets/${x.id}`)));
    const byOwner = new Map(detailed.map(x => [x.ownerId, x]));
    const sellers = new Map(knownPeople().filter(p => isSeller(p) && p.role !== 'admin' && p.role !== 'sales_director').map(p => [p.userId, p.name]));
    for (const x of detailed) if (!sellers.has(x.ownerId)) sellers.set(x.ownerId, personName(x.ownerId));
    if (!sellers.size) return empty(t('targets.noSellers'));
    const rows = await Promise.all([...sellers].map(async ([ownerId, name]) => ({
      ownerId, name, target: byOwner.get(ownerId) ?? null,
      forecast: await api('/api/forecast', { query: { period, ownerId } }),
    })));
    const owners = rows.map(r => [r.ownerId, r.name]);
    const m = v => fmt.money(v, 'CNY');
    return [
      canSetTargets() ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', id: 'set-target', onClick: () => setTarget(period, owners, null, reload).catch(e => toast(e.message, 'danger')) }, t('targets.set'))) : null,
      table([
        { title: t('targets.seller'), render: r => h('a', { href: '#', class: 'drill', title: t('targets.drill', { name: r.name }), onClick: e => { e.preventDefault(); go({ ownerId: r.ownerId }); } }, r.name) },
        { title: t('targets.target'), align: 'right', render: r => h('div', { dataset: { targetOf: r.ownerId } },
          r.target ? m(r.target.amount) : h('span', { class: 'muted' }, t('targets.none')),
          canSetTargets() ? h('div', null, r.target
            ? h('button', { type: 'button', class: 'link small adjust-target', onClick: () => adjustTarget(r.target, reload).catch(e => toast(e.message, 'danger')) }, t('targets.adjust'))
            : h('button', { type: 'button', class: 'link small', onClick: () => setTarget(period, owners, r.ownerId, reload).catch(e => toast(e.message, 'danger')) }, t('targets.set'))) : null,
          r.target ? history(r.target) : null) },
        { title: t('forecast.closedWon'), align: 'right', render: r => m(r.forecast.closedWon) },
        { title: t('forecast.pipeline'), align: 'right', render: r => m(r.forecast.pipeline) },
        { title: t('forecast.weighted'), align: 'right', render: r => m(r.forecast.weightedPipeline) },
        { title: t('forecast.coverage'), align: 'right', render: r => (r.forecast.coverage === null ? '—' : `${fmt.number(r.forecast.coverage, 2)}×`) },
        { title: t('forecast.winRate'), align: 'right', render: r => fmt.ratio(r.forecast.winRate, 1) },
        { title: t('forecast.gap'), align: 'right', render: r => h('span', { class: Number(r.forecast.gap) > 0 ? 'tone-danger' : null }, m(r.forecast.gap)) },
      ], rows, { rowClass: r => `seller-row seller-${r.ownerId}` }),
      h('p', { class: 'muted small' }, t('targets.countNote')),
    ];
  };
  el = selfLoading({ id: 'seller-targets', class: 'pipeline-section', title: t('targets.title') }, build);
  return el;
}

// One definition of what is owed, for every figure on the collections page (the same as the aging report's,
// contracts-api AgingReport): a milestone is a receivable once it has a due date (its trigger happened) and until it is
// paid; it is overdue from the day after its due date. Milestones still waiting for their trigger are planned cash,
// shown apart, never added to receivables.
import { t, fmt, today, daysFromToday } from '../../i18n.js';
import { defineStrings } from '../../common.js';

defineStrings({
  'collections.figures.summary': ['Contracts: {count} · receivable {receivable} · overdue {overdue} · planned, not yet due {planned}', '{count} 份合同 · 应收 {receivable} · 逾期 {overdue} · 未触发的计划回款 {planned}'],
  'collections.figures.definition': ['Receivable = milestones with a due date, not yet paid (as in the aging, as of {date}); overdue from the day after the due date.', '应收 = 已有到期日且未付清的回款节点（与账龄口径相同，截至 {date}）；到期日次日起算逾期。'],
});

const open = m => Math.max(0, Number(m.amount) - Number(m.paid));

/** {receivable, overdue, planned} over the battle map's contracts, as of today. */
export function receivableFigures(contracts) {
  let receivable = 0;
  let overdue = 0;
  let planned = 0;
  for (const c of contracts) {
    for (const m of c.milestones ?? []) {
      if (!m.dueDate) {
        planned += open(m);
      } else {
        receivable += open(m);
        if (daysFromToday(m.dueDate) < 0) overdue += open(m);
      }
    }
  }
  return { receivable, overdue, planned };
}

export function summaryText(contracts, currency) {
  const f = receivableFigures(contracts);
  return t('collections.figures.summary', {
    count: contracts.length, receivable: fmt.money(f.receivable, currency), overdue: fmt.money(f.overdue, currency), planned: fmt.money(f.planned, currency),
  });
}

export const definitionText = () => t('collections.figures.definition', { date: fmt.date(today()) });

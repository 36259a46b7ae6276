// A notification in the reader's language (docs/product.md §0: kind + params, never the server's English in zh-CN), and the
// workspace route of the record it is about.
import { t, label, fmt } from '../i18n.js';
import { serverText } from '../texts.js';
import './strings.js';

export function notificationText(n) {
  const p = n.params ?? {};
  const account = p.accountName ?? '';
  switch (n.kind) {
    case 'alert_raised':
    case 'alert_escalated':
      return t(`inbox.${n.kind}`, {
        account, kind: label('alertKind', p.alertKind), severity: label('severity', p.severity),
        reason: serverText(p.reasonCode, p.reasonParams, ''),
      });
    case 'milestone_overdue':
      return t(p.days ? 'inbox.milestone_overdue.days' : 'inbox.milestone_overdue.now', {
        account, number: p.contractNumber ?? '', amount: fmt.money(p.amount, p.currency ?? 'CNY'), days: fmt.number(p.days), dueDate: fmt.date(p.dueDate),
      });
    case 'bid_due':
      return t('inbox.bid_due', { account, deal: p.opportunityName ?? '', tenderRef: p.tenderRef ?? '', deadline: fmt.dateTime(p.deadline) });
    case 'deal_stuck':
      return (p.reasons ?? []).includes('over_stage_norm')
        ? t('inbox.deal_stuck.norm', { account, deal: p.opportunityName ?? '', stage: label('stage', p.stage), days: fmt.number(p.daysInStage), norm: fmt.number(p.normDays) })
        : t('inbox.deal_stuck.tasks', { account, deal: p.opportunityName ?? '', stage: label('stage', p.stage), count: fmt.number(p.overdueTasks) });
    case 'plan_review_due':
      return t('inbox.plan_review_due', { account, quarter: p.quarter, year: p.fiscalYear, dueDate: fmt.date(p.dueDate) });
    case 'target_changed': {
      const family = p.productFamily ? t('inbox.target.family', { family: p.productFamily }) : '';
      const amount = fmt.money(p.amount, p.currency ?? 'CNY');
      return p.previousAmount === null || p.previousAmount === undefined
        ? t('inbox.target_changed.set', { period: p.period, family, amount })
        : t('inbox.target_changed.moved', { period: p.period, family, amount, previous: fmt.money(p.previousAmount, p.currency ?? 'CNY'), reason: p.reason ?? '' });
    }
    case 'daily_digest': {
      const list = Object.entries(p.byKind ?? {}).map(([kind, count]) => t(`inbox.kind.${kind}`, { count: fmt.number(count) })).join(' · ');
      return t('inbox.daily_digest', { total: fmt.number(p.total), list });
    }
    default:
      return account;
  }
}

// A target lives on the pipeline page (forecast and targets); the digest leads back to the inbox's own list.
const ROUTES = {
  account: id => `#/accounts/${id}`,
  contract: id => `#/contracts/${id}`,
  opportunity: id => `#/opportunities/${id}`,
  target: () => '#/pipeline',
  inbox: () => location.hash || '#/accounts',
};

export const notificationHref = n => (ROUTES[n.link?.kind] ?? (() => '#/accounts'))(n.link?.id);

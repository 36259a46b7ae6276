// A notification in the reader's language (SPEC §0: kind + params, never the server's English in zh-CN), and the
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
    default:
      return account;
  }
}

const ROUTES = { account: id => `#/accounts/${id}`, contract: id => `#/contracts/${id}` };

export const notificationHref = n => (ROUTES[n.link?.kind] ?? (() => '#/accounts'))(n.link?.id);

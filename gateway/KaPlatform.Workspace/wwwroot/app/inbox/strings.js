// Every string of the notification bell and its panel, in English and Chinese.
import { defineStrings } from '../common.js';

defineStrings({
  'inbox.bell': ['Notifications', '通知'],
  'inbox.bellCount': ['Notifications, {count} unread', '通知，{count} 条未读'],
  'inbox.title': ['Notifications', '通知'],
  'inbox.markAllRead': ['Mark all read', '全部标为已读'],
  'inbox.none': ['Nothing new. Alerts and overdue payments on your accounts appear here.', '暂无新通知。您负责客户的预警和逾期回款会显示在这里。'],
  'inbox.unread': ['Unread', '未读'],
  'inbox.digest': ['Daily digest', '每日摘要'],
  'inbox.digestHour': ['at {hour}:00', '{hour}:00 发送'],
  'inbox.failed': ['Notifications could not be read: {message}', '无法读取通知：{message}'],
  'inbox.close': ['Close', '关闭'],
  'inbox.alert_raised': ['{account}: new {severity} alert “{kind}”. {reason}', '{account}：新的{severity}级预警“{kind}”。{reason}'],
  'inbox.alert_escalated': ['{account}: the “{kind}” alert is now {severity}. {reason}', '{account}：预警“{kind}”已升级为{severity}级。{reason}'],
  'inbox.milestone_overdue.now': ['{account}: contract {number}, {amount} is now overdue (due {dueDate}).', '{account}：合同 {number} 的 {amount} 已逾期（应收日 {dueDate}）。'],
  'inbox.milestone_overdue.days': ['{account}: contract {number}, {amount} is over {days} days overdue (due {dueDate}).', '{account}：合同 {number} 的 {amount} 已逾期超过 {days} 天（应收日 {dueDate}）。'],
});

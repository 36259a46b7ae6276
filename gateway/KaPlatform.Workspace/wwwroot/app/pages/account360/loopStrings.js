// Names of the Account 360 tabs and lists added for the related lists and the activity timeline, loaded with the page
// (the tab bar names every tab before any of their modules is loaded).
import { defineStrings } from '../../common.js';

defineStrings({
  'acct360.tab.related': ['Related', '关联业务'],
  'acct360.tab.activity': ['Activity', '动态'],
  'acct360.tab.hierarchy': ['Hierarchy', '集团层级'],
  'acct360.rel.opportunities': ['Opportunities', '商机'],
  'acct360.rel.contracts': ['Contracts', '合同'],
  'acct360.rel.alerts': ['Open alerts', '待处理预警'],
  'acct360.edit': ['Edit account', '编辑客户'],
});

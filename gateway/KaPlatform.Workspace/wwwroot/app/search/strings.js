// Every string of the global search in the top bar, in English and Chinese.
import { defineStrings } from '../common.js';

defineStrings({
  'search.label': ['Search accounts, people, visits, deals, contracts, bids', '搜索客户、联系人、拜访、商机、合同、投标'],
  'search.placeholder': ['Search…', '搜索…'],
  'search.open': ['Search', '搜索'],
  'search.none': ['Nothing you can see matches “{q}”.', '没有与“{q}”匹配的可见记录。'],
  'search.searching': ['Searching…', '正在搜索…'],
  'search.partial': ['Some areas could not be searched.', '部分范围未能搜索。'],
  'search.kind.account': ['Accounts', '客户'],
  'search.kind.stakeholder': ['People', '联系人'],
  'search.kind.visit': ['Visits', '拜访记录'],
  'search.kind.opportunity': ['Opportunities', '商机'],
  'search.kind.bid': ['Bids', '投标'],
  'search.kind.contract': ['Contracts', '合同'],
});

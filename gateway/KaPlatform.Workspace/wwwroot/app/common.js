// Strings every page shares, and the labels of the enum values of docs/product.md (the API speaks snake_case; people do not).
import { register } from './i18n.js';

/** The sales regions (accounts-api's region list), in the order people expect them. */
export const REGIONS = ['华北', '华东', '华南', '华中', '西南', '西北', '东北'];

const enums = {
  role: {
    admin: ['Administrator', '系统管理员'], sales_director: ['Sales director', '销售总监'],
    key_account_manager: ['Key-account manager', '大客户经理'], sales_rep: ['Sales rep', '销售代表'],
    finance: ['Finance', '财务'], cs_manager: ['Customer-success manager', '客户成功经理'],
  },
  teamRole: {
    owner: ['Owner', '负责人'], sales: ['Sales', '销售'], technical: ['Technical', '技术'],
    delivery: ['Delivery', '交付'], executive_sponsor: ['Executive sponsor', '高管发起人'],
  },
  category: { economic: ['Economic', '经济型'], important: ['Important', '重要'], group: ['Group', '集团'], strategic: ['Strategic', '战略'] },
  purchasePattern: { continuous: ['Continuous', '持续采购'], occasional: ['Occasional', '偶发采购'] },
  lifecycleStage: { acquisition: ['Acquisition', '获客期'], growth: ['Growth', '成长期'], stable: ['Stable', '稳定期'], decline: ['Decline', '衰退期'] },
  level: { high: ['High', '高'], medium: ['Medium', '中'], low: ['Low', '低'] },
  resourceStrategy: { invest_heavily: ['Invest heavily', '重点投入'], maintain: ['Maintain', '维持'], develop: ['Develop', '培育提升'], minimal: ['Minimal', '最少投入'] },
  managementStrategy: { retain: ['Retain', '保持'], win_back: ['Win back', '挽回'], acquire: ['Acquire', '获取'], grow: ['Grow', '发展'], wait_and_see: ['Wait and see', '观望'] },
  matrixQuadrant: { core: ['Core', '核心客户'], growth: ['Growth', '成长客户'], traction: ['Traction', '牵引客户'], problem: ['Problem', '问题客户'] },
  buyingRole: {
    economic_buyer: ['Economic buyer', '经济决策人'], decision_maker: ['Decision maker', '决策者'],
    technical_gatekeeper: ['Technical gatekeeper', '技术把关人'], user: ['User', '使用者'], purchasing: ['Purchasing', '采购'],
    finance: ['Finance', '财务'], coach: ['Coach', '教练'], influencer: ['Influencer', '影响者'],
  },
  stance: {
    ally: ['Ally', '盟友'], supporter: ['Supporter', '支持者'], neutral: ['Neutral', '中立'], skeptic: ['Skeptic', '怀疑者'],
    misunderstander: ['Misunderstander', '误解者'], regressor: ['Regressor', '倒退者'], opponent: ['Opponent', '反对者'],
  },
  gap: {
    no_economic_buyer: ['No economic buyer identified', '未识别经济决策人'], no_coach: ['No coach', '没有教练'],
    economic_buyer_not_engaged: ['Economic buyer not engaged in 90 days', '90 天内未接触经济决策人'],
    influential_opponent: ['Influential opponent', '存在高影响力反对者'], low_support: ['Support surface below 50%', '支持面不足 50%'],
    single_threaded: ['Single-threaded (fewer than 2 contacts)', '单线联系（少于 2 人）'],
  },
  interactionKind: {
    visit: ['Visit', '拜访'], hosted_visit: ['Hosted visit', '接待来访'], meeting: ['Meeting', '会议'],
    call: ['Call', '电话'], email: ['Email', '邮件'], event: ['Event', '活动'],
  },
  horizon: { short: ['Short term', '短期'], long: ['Long term', '长期'] },
  leadSource: {
    referral: ['Referral', '转介绍'], exhibition: ['Exhibition', '展会'], inbound: ['Inbound', '主动咨询'],
    partner: ['Partner', '合作伙伴'], existing_customer: ['Existing customer', '老客户'],
  },
  leadStatus: { new: ['New', '新建'], working: ['Working', '跟进中'], qualified: ['Qualified', '已确认'], disqualified: ['Disqualified', '已淘汰'] },
  opportunityType: { new_business: ['New business', '新业务'], renewal: ['Renewal', '续约'], expansion: ['Expansion', '扩展'] },
  stage: {
    initiation: ['Initiation', '立项'], solution_design: ['Solution design', '方案设计'], deep_engagement: ['Deep engagement', '深度交流'],
    product_confirmation: ['Product confirmation', '产品确认'], commercial_negotiation: ['Commercial negotiation', '商务谈判'],
    signing: ['Signing', '签约'], won: ['Won', '赢单'], lost: ['Lost', '丢单'],
  },
  opportunityTeamRole: { business: ['Business', '商务'], technical: ['Technical', '技术'], delivery: ['Delivery', '交付'] },
  infoPoint: {
    advance_steps: ['Advance steps', '推进步骤'], buying_process: ['Buying process', '采购流程'], org_support: ['Organisational support', '组织支持'],
    decision_structure: ['Decision structure', '决策结构'], funding_credit: ['Funding & credit', '资金与信用'], project_reason: ['Project reason', '项目缘由'],
    resources: ['Resources', '资源'], competition: ['Competition', '竞争情况'], key_success_factors: ['Key success factors', '关键成功因素'],
  },
  gateRule: {
    no_coach_or_ally: ['The account has no coach or ally', '客户没有教练或盟友'],
    economic_buyer_not_engaged: ['No economic buyer or decision maker engaged in 90 days', '90 天内未接触经济决策人或决策者'],
    competition_unknown: ['Competition not known', '竞争情况不明'], bid_not_won: ['The latest bid is not won', '最近一次投标未中标'],
  },
  bidStatus: { preparing: ['Preparing', '准备中'], submitted: ['Submitted', '已投标'], won: ['Won', '中标'], lost: ['Lost', '未中标'], cancelled: ['Cancelled', '已取消'] },
  documentStatus: { todo: ['To do', '待完成'], done: ['Done', '已完成'] },
  contractStatus: {
    draft: ['Draft', '草稿'], signed: ['Signed', '已签署'], in_execution: ['In execution', '执行中'],
    completed: ['Completed', '已完成'], terminated: ['Terminated', '已终止'],
  },
  milestoneKind: {
    down_payment: ['Down payment', '预付款'], delivery: ['Delivery', '到货款'], acceptance: ['Acceptance', '验收款'],
    warranty: ['Warranty', '质保金'], custom: ['Custom', '其他'],
  },
  milestoneStatus: {
    planned: ['Planned', '计划中'], due: ['Due', '已到期'], invoiced: ['Invoiced', '已开票'],
    partially_paid: ['Partially paid', '部分回款'], paid: ['Paid', '已回款'], overdue: ['Overdue', '逾期'],
  },
  evidenceKind: {
    contract_copy: ['Contract copy', '合同副本'], delivery_note: ['Delivery note', '到货单'], acceptance_certificate: ['Acceptance certificate', '验收证书'],
    sign_off: ['Sign-off', '签收单'], correspondence: ['Correspondence', '往来函件'], invoice_receipt: ['Invoice receipt', '发票回执'],
  },
  agingBucket: { notDue: ['Not due', '未到期'], d1_30: ['1–30 days', '1–30 天'], d31_60: ['31–60 days', '31–60 天'], d61_90: ['61–90 days', '61–90 天'], d90Plus: ['Over 90 days', '90 天以上'] },
  band: { healthy: ['Healthy', '健康'], watch: ['Watch', '关注'], at_risk: ['At risk', '有风险'] },
  healthComponent: {
    payment: ['Payment', '回款'], engagement: ['Engagement', '互动'], relationship: ['Relationship', '关系'],
    sponsor_stability: ['Sponsor stability', '高层稳定性'], satisfaction: ['Satisfaction', '满意度'],
  },
  alertKind: {
    champion_departed: ['Champion departed', '关键支持者离开'], payment_overdue: ['Payment overdue', '回款逾期'],
    engagement_gap: ['Engagement gap', '互动中断'], health_drop: ['Health drop', '健康度骤降'],
    competitor_threat: ['Competitor threat', '竞争威胁'], renewal_at_risk: ['Renewal at risk', '续约风险'],
  },
  alertStatus: { open: ['Open', '待处理'], acknowledged: ['Acknowledged', '已确认'], resolved: ['Resolved', '已解决'] },
  severity: { low: ['Low', '低'], medium: ['Medium', '中'], high: ['High', '高'], critical: ['Critical', '严重'] },
  renewalStatus: { upcoming: ['Upcoming', '即将到期'], opportunity_open: ['Opportunity open', '续约商机进行中'], renewed: ['Renewed', '已续约'], churned: ['Churned', '已流失'] },
  serviceLevel: { reactive: ['Reactive', '被动响应'], relationship: ['Relationship', '关系维护'], success: ['Success', '成功导向'] },
  planActionStatus: { open: ['Open', '未开始'], in_progress: ['In progress', '进行中'], done: ['Done', '已完成'], todo: ['To do', '待办'] },
};

const strings = {
  'app.name': ['KaPlatform', 'KaPlatform 大客户平台'],
  'nav.accounts': ['My accounts', '我的客户'],
  'nav.pipeline': ['Pipeline', '商机管道'],
  'nav.collections': ['Collections', '回款管理'],
  'nav.success': ['Customer success', '客户成功'],
  'nav.signOut': ['Sign out', '退出登录'],
  'nav.language': ['Language', '语言'],
  'common.loading': ['Loading…', '加载中…'],
  'common.retry': ['Try again', '重试'],
  'common.save': ['Save', '保存'],
  'common.cancel': ['Cancel', '取消'],
  'common.create': ['Create', '创建'],
  'common.close': ['Close', '关闭'],
  'common.search': ['Search', '搜索'],
  'common.all': ['All', '全部'],
  'common.none': ['None', '无'],
  'common.yes': ['Yes', '是'],
  'common.no': ['No', '否'],
  'common.more': ['Load more', '加载更多'],
  'common.empty': ['Nothing here yet.', '暂无数据。'],
  'common.back': ['Back', '返回'],
  'common.name': ['Name', '名称'],
  'common.region': ['Region', '区域'],
  'common.owner': ['Owner', '负责人'],
  'common.amount': ['Amount', '金额'],
  'common.date': ['Date', '日期'],
  'common.status': ['Status', '状态'],
  'common.account': ['Account', '客户'],
  'common.notes': ['Notes', '备注'],
  'common.reason': ['Reason', '原因'],
  'common.class': ['Class', '分类'],
  'common.health': ['Health', '健康度'],
  'common.saved': ['Saved.', '已保存。'],
  'common.daysLeft': ['{days} days left', '剩余 {days} 天'],
  'common.daysOverdue': ['{days} days overdue', '逾期 {days} 天'],
  'common.dueToday': ['Due today', '今天到期'],
  'common.dayLeft': ['1 day left', '剩余 1 天'],
  'common.dayOverdue': ['1 day overdue', '逾期 1 天'],
  'common.unknownUser': ['User {id}', '用户 {id}'],
  'common.systemUser': ['System', '系统'],
  'error.title': ['Something went wrong', '出现问题'],
  'error.network': ['The platform cannot be reached. Check your connection and try again.', '无法连接平台，请检查网络后重试。'],
  'error.unauthorized': ['Your session has ended. Please sign in again.', '登录已过期，请重新登录。'],
  'error.forbidden': ['Your role does not allow this.', '您的角色无权执行此操作。'],
  'error.notFound': ['Not found, or not visible to you.', '未找到，或您无权查看。'],
  'error.conflict': ['Someone else changed this in the meantime. Reload and try again.', '该记录已被他人修改，请刷新后重试。'],
  'error.rateLimited': ['Too many requests. Wait a moment and try again.', '请求过于频繁，请稍后重试。'],
  'error.tooLarge': ['The upload is too large.', '上传内容过大。'],
  'error.server': ['The platform answered with an error ({status}). Nothing was changed by this page; try again later.', '平台返回错误（{status}），请稍后重试。'],
  'error.invalid': ['Please check the highlighted fields.', '请检查标出的字段。'],
  'error.pageMissing': ['There is no such page.', '没有这个页面。'],
};

function split(table, prefix = '') {
  const en = {};
  const zh = {};
  for (const [key, [english, chinese]] of Object.entries(table)) {
    en[prefix + key] = english;
    zh[prefix + key] = chinese;
  }
  return { en, 'zh-CN': zh };
}

register(split(strings));
for (const [group, values] of Object.entries(enums)) register(split(values, `${group}.`));

/** For pages: register({ 'key': ['English', '中文'], ... }) in one table. */
export function defineStrings(table) {
  register(split(table));
}

// The bids of one opportunity (GET /api/bids?opportunityId=): deadline, bond, documents checklist, clarifications, and
// the bid/no-bid decision, submission and outcome. Bid edits are PATCH /api/bids/{id} with If-Match.
import { h, mount } from '../../dom.js';
import { t, label, fmt, daysFromToday, isoDateTimeLocal } from '../../i18n.js';
import { api, ApiError, ifMatch, isVersionConflict } from '../../api.js';
import { personName } from '../../people.js';
import { defineStrings } from '../../common.js';
import { formDialog, statusBadge, toast, empty, errorPanel, deadline } from '../../components.js';
import { localDate, errorLines, joinList, creator, requireFields, bidDeadline, documentsDone } from '../../deals.js';

defineStrings({
  'oppBids.title': ['Bids', '投标'],
  'oppBids.new': ['New bid', '新建投标'],
  'oppBids.none': ['No bid for this opportunity. Without a bid, the gate into signing is met.', '该商机没有投标；无投标时“签约”门槛视为满足。'],
  'oppBids.tenderRef': ['Tender ref.', '招标编号'],
  'oppBids.issuer': ['Issuer', '招标方'],
  'oppBids.deadline': ['Submission deadline', '投标截止'],
  'oppBids.price': ['Our price', '投标报价'],
  'oppBids.bond': ['Bid bond', '投标保证金'],
  'oppBids.bondAmount': ['Bid bond amount', '保证金金额'],
  'oppBids.bondDue': ['Bid bond due date', '保证金缴纳/退还日期'],
  'oppBids.bondReturned': ['Returned', '已退还'],
  'oppBids.bondOpen': ['Not returned', '未退还'],
  'oppBids.markReturned': ['Mark returned', '标记已退还'],
  'oppBids.noBond': ['No bond', '无保证金'],
  'oppBids.decision': ['Decision', '投标决策'],
  'oppBids.decision.bid': ['Bid', '参与投标'],
  'oppBids.decision.no_bid': ['No bid', '放弃投标'],
  'oppBids.noDecision': ['Not decided yet', '尚未决策'],
  'oppBids.submittedAt': ['Submitted', '提交时间'],
  'oppBids.outcomeReason': ['Outcome reason', '结果原因'],
  'oppBids.documents': ['Documents', '标书文件'],
  'oppBids.noDocuments': ['No documents on the checklist.', '清单中暂无文件。'],
  'oppBids.addDocument': ['Add document', '添加文件'],
  'oppBids.documentName': ['Document name', '文件名称'],
  'oppBids.markDone': ['Mark done', '标记完成'],
  'oppBids.markTodo': ['Reopen', '重新打开'],
  'oppBids.clarifications': ['Clarifications', '澄清答疑'],
  'oppBids.noClarifications': ['No clarification asked.', '暂无澄清问题。'],
  'oppBids.addClarification': ['Add question', '添加问题'],
  'oppBids.question': ['Question', '问题'],
  'oppBids.answer': ['Answer', '答复'],
  'oppBids.awaiting': ['Awaiting answer', '待答复'],
  'oppBids.answerIt': ['Answer', '答复'],
  'oppBids.askedAt': ['asked {when}', '提问于 {when}'],
  'oppBids.decide': ['Bid / no bid', '投标决策'],
  'oppBids.submit': ['Submit bid', '提交投标'],
  'oppBids.outcome': ['Record outcome', '登记结果'],
  'oppBids.cancel': ['Cancel tender', '取消投标'],
  'oppBids.reason': ['Reason', '原因'],
  'oppBids.reasonHint': ['Required for no bid and for a lost bid.', '放弃投标或未中标时必填。'],
  'oppBids.outcomeField': ['Outcome', '结果'],
  'oppBids.outcomeHint': ['Won moves the opportunity to signing; lost closes it as lost with this reason.', '中标将商机推进到“签约”；未中标将以此原因丢单。'],
  'oppBids.submitted': ['Bid submitted.', '投标已提交。'],
  'oppBids.docsIncomplete': ['Cannot submit yet: documents still to do: {names}.', '尚不能提交，以下文件未完成：{names}。'],
  'oppBids.saved': ['Bid saved.', '投标已保存。'],
  'oppBids.created': ['Bid {ref} created.', '已创建投标 {ref}。'],
  'oppBids.documentsLines': ['Document checklist (one per line)', '文件清单（每行一个）'],
  'oppBids.deadlineLocal': ['Submission deadline (your local time)', '投标截止时间（本地时间）'],
  'oppBids.loadFailed': ['The bids could not be read.', '无法读取投标信息。'],
});

const TONE = { preparing: 'info', submitted: 'warn', won: 'ok', lost: 'danger', cancelled: null };

/** 'YYYY-MM-DDTHH:mm' for a datetime-local input, from an ISO instant (local time). */
const toLocalInput = iso => {
  const d = iso ? new Date(iso) : null;
  return !d || Number.isNaN(d.getTime()) ? '' : isoDateTimeLocal(d);
};
const fromLocalInput = value => (value ? new Date(value).toISOString() : null);

function bidTone(bid) {
  if (bid.status !== 'preparing') return null;
  const days = daysFromToday(localDate(bid.submissionDeadline));
  return days < 0 ? 'danger' : days <= 7 ? 'warn' : null;
}

function bidCard(bid, ctx) {
  const writable = ctx.bidWritable;
  const slot = h('div', { class: 'bid-message', 'aria-live': 'polite' });
  const fail = error => mount(slot, h('div', { class: 'inline-error', role: 'alert' }, errorLines(error).map(l => h('div', null, l))));
  const patch = async body => {
    try {
      return await api(`/api/bids/${bid.id}`, { method: 'PATCH', body, headers: ifMatch(bid) });
    } catch (error) {
      if (isVersionConflict(error) || (error instanceof ApiError && error.status === 409)) ctx.reload();
      throw error;
    }
  };
  const patchAndReload = async body => {
    const saved = await patch(body);
    toast(t('oppBids.saved'));
    await ctx.reload();
    return saved;
  };
  const act = async (button, fn) => {
    button.disabled = true;
    try { await fn(); } catch (error) { fail(error); } finally { button.disabled = false; }
  };

  const docs = bid.documents ?? [];
  const docInput = d => ({ name: d.name, ownerId: d.ownerId ?? null, status: d.status });
  const documents = h('div', { class: 'bid-documents' },
    h('h3', null, t('oppBids.documents'), ' ', documentsDone(bid)),
    docs.length ? h('ul', { class: 'doc-list' }, docs.map((d, i) => h('li', { class: d.status, dataset: { status: d.status } },
      statusBadge('documentStatus', d.status, d.status === 'done' ? 'ok' : 'warn'),
      h('span', { class: 'doc-name' }, d.name), d.ownerId ? h('span', { class: 'muted small' }, personName(d.ownerId)) : null,
      writable ? h('button', { type: 'button', class: 'link small toggle-document', onClick: e => act(e.target, () => patchAndReload({
        documents: docs.map((x, j) => docInput(j === i ? { ...x, status: x.status === 'done' ? 'todo' : 'done' } : x)),
      })) }, d.status === 'done' ? t('oppBids.markTodo') : t('oppBids.markDone')) : null))) : empty(t('oppBids.noDocuments')),
    writable ? h('button', { type: 'button', class: 'link small add-document', onClick: () => formDialog(t('oppBids.addDocument'), [
      { name: 'name', label: t('oppBids.documentName'), required: true, wide: true },
    ], values => patchAndReload({ documents: [...docs.map(docInput), { name: values.name, status: 'todo' }] })) }, `+ ${t('oppBids.addDocument')}`) : null);

  const clars = bid.clarifications ?? [];
  const clarInput = c => ({ question: c.question, answer: c.answer ?? null, askedAt: c.askedAt ?? null });
  const clarifications = h('div', { class: 'bid-clarifications' },
    h('h3', null, t('oppBids.clarifications'), ` (${clars.length})`),
    clars.length ? h('ul', { class: 'clar-list' }, clars.map((c, i) => h('li', null,
      h('div', { class: 'q' }, 'Q: ', c.question),
      c.answer ? h('div', { class: 'a' }, 'A: ', c.answer) : h('div', { class: 'a pending' }, t('oppBids.awaiting'),
        writable ? [' · ', h('button', { type: 'button', class: 'link small', onClick: () => formDialog(t('oppBids.answerIt'), [
          { name: 'answer', label: t('oppBids.answer'), type: 'textarea', required: true, wide: true },
        ], values => patchAndReload({ clarifications: clars.map((x, j) => clarInput(j === i ? { ...x, answer: values.answer } : x)) })) }, t('oppBids.answerIt'))] : null),
      c.askedAt ? h('div', { class: 'muted small' }, t('oppBids.askedAt', { when: fmt.dateTime(c.askedAt) })) : null))) : empty(t('oppBids.noClarifications')),
    writable ? h('button', { type: 'button', class: 'link small add-clarification', onClick: () => formDialog(t('oppBids.addClarification'), [
      { name: 'question', label: t('oppBids.question'), type: 'textarea', required: true, wide: true },
      { name: 'answer', label: t('oppBids.answer'), type: 'textarea', wide: true },
    ], values => patchAndReload({ clarifications: [...clars.map(clarInput), { question: values.question, answer: values.answer }] })) }, `+ ${t('oppBids.addClarification')}`) : null);

  const bond = bid.bidBond;
  const bondView = bond
    ? h('span', null, fmt.money(bond.amount, bid.currency), ' · ',
      bond.returned ? h('span', { class: 'tone-ok' }, t('oppBids.bondReturned'))
        : [bond.dueDate ? deadline(bond.dueDate) : t('oppBids.bondOpen'),
          writable ? [' · ', h('button', { type: 'button', class: 'link small mark-bond-returned', onClick: e => act(e.target, () => patchAndReload({
            bidBond: { amount: bond.amount, dueDate: bond.dueDate, returned: true },
          })) }, t('oppBids.markReturned'))] : null])
    : h('span', { class: 'muted' }, t('oppBids.noBond'));

  const actions = [];
  if (writable && bid.status === 'preparing' && !bid.decision) {
    actions.push(h('button', { type: 'button', class: 'secondary decide-bid', onClick: async () => {
      const done = await formDialog(`${t('oppBids.decide')} · ${bid.tenderRef}`, [
        { name: 'decision', label: t('oppBids.decision'), type: 'select', required: true, value: 'bid',
          options: [['bid', t('oppBids.decision.bid')], ['no_bid', t('oppBids.decision.no_bid')]] },
        { name: 'reason', label: t('oppBids.reason'), type: 'textarea', wide: true, hint: t('oppBids.reasonHint') },
      ], values => api(`/api/bids/${bid.id}/decision`, { method: 'POST', body: values.decision === 'no_bid' ? requireFields(values, ['reason']) : values }));
      if (done) { toast(t('oppBids.saved')); await ctx.reload(); }
    } }, t('oppBids.decide')));
  }
  if (writable && bid.status === 'preparing') {
    const submit = h('button', { type: 'button', class: 'primary submit-bid', onClick: () => act(submit, async () => {
      try {
        await api(`/api/bids/${bid.id}/submit`, { method: 'POST' });
      } catch (error) {
        if (error instanceof ApiError && error.code === 'documents_incomplete') {
          throw new Error(t('oppBids.docsIncomplete', { names: joinList(error.problem.todo ?? []) }));
        }
        throw error;
      }
      toast(t('oppBids.submitted'));
      await ctx.reload();
    }) }, t('oppBids.submit'));
    actions.push(submit);
  }
  if (writable && (bid.status === 'submitted' || bid.status === 'preparing')) {
    const outcomes = bid.status === 'submitted' ? ['won', 'lost', 'cancelled'] : ['cancelled'];
    actions.push(h('button', { type: 'button', class: 'secondary record-outcome', onClick: async () => {
      const done = await formDialog(`${t('oppBids.outcome')} · ${bid.tenderRef}`, [
        { name: 'outcome', label: t('oppBids.outcomeField'), type: 'select', required: true, value: outcomes[0], options: outcomes.map(o => [o, label('bidStatus', o)]),
          hint: bid.status === 'submitted' ? t('oppBids.outcomeHint') : null },
        { name: 'reason', label: t('oppBids.reason'), type: 'textarea', wide: true, hint: t('oppBids.reasonHint') },
      ], values => api(`/api/bids/${bid.id}/outcome`, { method: 'POST', body: values.outcome === 'lost' ? requireFields(values, ['reason']) : values }));
      if (done) { toast(t('oppBids.saved')); await ctx.reload(); }
    } }, bid.status === 'submitted' ? t('oppBids.outcome') : t('oppBids.cancel')));
  }

  const tone = bidTone(bid);
  return h('article', { class: ['bid-card', tone && `due-${tone}`], dataset: { bidId: bid.id, status: bid.status } },
    h('div', { class: 'bid-head' },
      h('h3', null, h('span', { class: 'tender-ref' }, bid.tenderRef), statusBadge('bidStatus', bid.status, TONE[bid.status])),
      h('span', { class: 'muted' }, bid.issuer)),
    h('dl', { class: 'bid-facts' },
      h('div', null, h('dt', null, t('oppBids.deadline')), h('dd', { class: 'submission-deadline' }, bidDeadline(bid))),
      h('div', null, h('dt', null, t('oppBids.price')), h('dd', null, bid.price === null || bid.price === undefined ? '—' : fmt.money(bid.price, bid.currency))),
      h('div', null, h('dt', null, t('oppBids.bond')), h('dd', { class: 'bid-bond' }, bondView)),
      h('div', null, h('dt', null, t('oppBids.decision')), h('dd', null, bid.decision ? t(`oppBids.decision.${bid.decision}`) : h('span', { class: 'muted' }, t('oppBids.noDecision')),
        bid.decisionReason ? h('div', { class: 'muted small' }, bid.decisionReason) : null)),
      bid.submittedAt ? h('div', null, h('dt', null, t('oppBids.submittedAt')), h('dd', null, fmt.dateTime(bid.submittedAt))) : null,
      bid.outcomeReason ? h('div', null, h('dt', null, t('oppBids.outcomeReason')), h('dd', null, bid.outcomeReason)) : null),
    h('div', { class: 'bid-columns' }, documents, clarifications),
    actions.length ? h('div', { class: 'bid-actions' }, actions) : null,
    slot);
}

async function newBidDialog(ctx) {
  const create = creator(`/api/opportunities/${ctx.opp.id}/bids`);
  const inAWeek = new Date(Date.now() + 7 * 86400000);
  inAWeek.setHours(10, 0, 0, 0);
  const created = await formDialog(t('oppBids.new'), [
    { name: 'tenderRef', label: t('oppBids.tenderRef'), required: true },
    { name: 'issuer', label: t('oppBids.issuer'), required: true },
    { name: 'submissionDeadline', label: t('oppBids.deadlineLocal'), type: 'datetime-local', required: true, value: toLocalInput(inAWeek.toISOString()) },
    { name: 'price', label: `${t('oppBids.price')} (${ctx.opp.currency})`, type: 'number', step: '0.01', min: 0 },
    { name: 'bondAmount', label: t('oppBids.bondAmount'), type: 'number', step: '0.01', min: 0 },
    { name: 'bondDueDate', label: t('oppBids.bondDue'), type: 'date', value: '' },
    { name: 'documents', label: t('oppBids.documentsLines'), type: 'textarea', wide: true, rows: 4 },
  ], values => requireFields(values, ['tenderRef', 'issuer', 'submissionDeadline']) && create({
    tenderRef: values.tenderRef, issuer: values.issuer, submissionDeadline: fromLocalInput(values.submissionDeadline), price: values.price,
    bidBond: values.bondAmount === null ? null : { amount: values.bondAmount, dueDate: values.bondDueDate, returned: false },
    documents: (values.documents ?? '').split('\n').map(s => s.trim()).filter(Boolean).map(name => ({ name, status: 'todo' })),
  }), { submitLabel: t('common.create') });
  if (created?.id) { toast(t('oppBids.created', { ref: created.tenderRef })); await ctx.reload(); }
}

export function bidsCard(ctx) {
  const add = ctx.bidWritable && ctx.writable
    ? h('button', { type: 'button', class: 'secondary small', id: 'new-bid', onClick: () => newBidDialog(ctx) }, `+ ${t('oppBids.new')}`) : null;
  const body = ctx.bidsError ? errorPanel(ctx.bidsError, () => ctx.reload())
    : ctx.bids.length ? ctx.bids.map(b => bidCard(b, ctx)) : empty(t('oppBids.none'));
  return h('section', { class: 'card pipeline-section', id: 'bids' },
    h('div', { class: 'section-head' }, h('h2', null, t('oppBids.title'), ctx.bids.length ? ` (${ctx.bids.length})` : ''), add), body);
}

// Moving a deal through its stages (POST /api/opportunities/{id}/stage): forward moves cross the gates of every stage they
// pass; a refusal (422 stage_gate) lists the failed rules and offers an override with a reason. Win and lose close it.
import { h, mount } from '../../dom.js';
import { t, label, fmt, today } from '../../i18n.js';
import { api, ApiError } from '../../api.js';
import { defineStrings } from '../../common.js';
import { formDialog, toast } from '../../components.js';
import { OPEN_STAGES, stageRank, errorLines, joinList, requireFields } from '../../deals.js';

defineStrings({
  'stageMove.title': ['Move the deal', '推进商机'],
  'stageMove.to': ['Move to', '移至阶段'],
  'stageMove.button': ['Move stage', '推进阶段'],
  'stageMove.back': ['Move back (no gate)', '退回（无门槛）'],
  'stageMove.option': ['{stage} · {pct}', '{stage} · {pct}'],
  'stageMove.gatesOk': ['All gates on the way are met.', '途经的阶段门槛均已满足。'],
  'stageMove.gatesMissing': ['Gates not met on the way: {rules}. The move will be refused unless you override it with a reason.', '途经门槛未满足：{rules}。需填写原因才能强制推进。'],
  'stageMove.backNote': ['Moving back is recorded, never blocked.', '退回会被记录，不受门槛限制。'],
  'stageMove.refused': ['Moving into {stage} was refused. These gate rules are not met:', '推进到“{stage}”被拒绝，以下门槛未满足：'],
  'stageMove.overrideReason': ['Override reason (kept in the audit trail)', '强制推进原因（记入审计）'],
  'stageMove.overridePlaceholder': ['Why the deal may move on anyway…', '说明为何仍可推进…'],
  'stageMove.override': ['Override and move', '强制推进'],
  'stageMove.reasonNeeded': ['An override needs a reason.', '强制推进必须填写原因。'],
  'stageMove.moved': ['Moved to {stage}.', '已推进到“{stage}”。'],
  'stageMove.overridden': ['Moved to {stage} with an override.', '已强制推进到“{stage}”。'],
  'stageMove.noneForward': ['This is the last open stage: close the deal as won or lost.', '已是最后一个在途阶段：请赢单或丢单结案。'],
  'stageMove.win': ['Won', '赢单'],
  'stageMove.lose': ['Lost', '丢单'],
  'stageMove.winTitle': ['Close as won', '赢单结案'],
  'stageMove.winHint': ['Closing as won announces OpportunityWon: a draft contract is created for it.', '赢单后将生成合同草稿。'],
  'stageMove.loseTitle': ['Close as lost', '丢单结案'],
  'stageMove.closeDate': ['Close date', '结案日期'],
  'stageMove.wonAmount': ['Amount won', '成交金额'],
  'stageMove.lossReason': ['Why it was lost', '丢单原因'],
  'stageMove.competitor': ['Lost to (competitor)', '输给（竞争对手）'],
  'stageMove.competitorHint': ['Known competitors: {names}', '已知竞争对手：{names}'],
  'stageMove.wonDone': ['Deal won. A draft contract follows.', '已赢单，合同草稿随后生成。'],
  'stageMove.lostDone': ['Deal closed as lost.', '已丢单结案。'],
  'stageMove.closedWon': ['Won on {date} for {amount}.', '{date} 赢单，金额 {amount}。'],
  'stageMove.closedLost': ['Lost on {date}: {reason}', '{date} 丢单：{reason}'],
  'stageMove.lostTo': ['Lost to {competitor}.', '输给 {competitor}。'],
  'stageMove.readOnly': ['Your role reads this deal; sellers move it.', '您的角色只能查看，推进由销售负责。'],
  'stageMove.probability': ['Adjust probability', '调整赢率'],
  'stageMove.probabilityTitle': ['Probability', '赢率'],
  'stageMove.probabilityValue': ['Probability (%)', '赢率（%）'],
  'stageMove.probabilityReason': ['Reason for the override', '调整原因'],
  'stageMove.followStage': ['Let it follow the stage again ({pct})', '恢复为阶段默认值（{pct}）'],
  'stageMove.probabilitySaved': ['Probability saved.', '赢率已保存。'],
});

export const DEFAULT_PROBABILITY = { initiation: 5, solution_design: 10, deep_engagement: 30, product_confirmation: 40, commercial_negotiation: 70, signing: 75, won: 100, lost: 0 };

/** The readiness rules a move from → to would cross and that are not met (skipping a stage does not skip its gate). */
export function failedBetween(readiness, from, to) {
  return readiness.filter(r => !r.passed && stageRank(r.stage) > stageRank(from) && stageRank(r.stage) <= stageRank(to)).map(r => r.rule);
}

const ruleList = rules => joinList(rules.map(r => label('gateRule', r)), { strong: true });

function closedOutcome(opp) {
  if (opp.stage === 'won') {
    return h('div', { class: 'closed-outcome won', id: 'closed-outcome' }, t('stageMove.closedWon', { date: fmt.date(opp.closeDate), amount: fmt.money(opp.amount, opp.currency) }));
  }
  return h('div', { class: 'closed-outcome lost', id: 'closed-outcome' },
    t('stageMove.closedLost', { date: fmt.date(opp.closeDate), reason: opp.lossReason ?? '—' }),
    opp.lossCompetitor ? h('div', null, t('stageMove.lostTo', { competitor: opp.lossCompetitor })) : null);
}

/** The "Move the deal" card: select + move, the refusal with its override, win/lose and the probability override. */
export function stageMoveCard(ctx) {
  const { opp } = ctx;
  const card = h('section', { class: 'card', id: 'stage-actions' }, h('h2', null, t('stageMove.title')));
  if (opp.stage === 'won' || opp.stage === 'lost') {
    card.append(closedOutcome(opp));
    return card;
  }
  if (!ctx.writable) {
    card.append(h('p', { class: 'muted' }, t('stageMove.readOnly')));
    return card;
  }

  const rank = stageRank(opp.stage);
  const forward = OPEN_STAGES.filter(s => stageRank(s) > rank);
  const backward = OPEN_STAGES.filter(s => stageRank(s) < rank);
  const option = s => h('option', { value: s }, t('stageMove.option', { stage: label('stage', s), pct: fmt.percent(DEFAULT_PROBABILITY[s]) }));
  const select = h('select', { id: 'stage-select', name: 'stage', 'aria-label': t('stageMove.to') },
    forward.map(option),
    backward.length ? h('optgroup', { label: t('stageMove.back') }, backward.slice().reverse().map(option)) : null);
  const preview = h('p', { class: 'gate-preview', id: 'gate-preview' });
  const outcome = h('div', { class: 'stage-outcome', 'aria-live': 'polite' });

  const showPreview = () => {
    const to = select.value;
    if (!to) { mount(preview); return; }
    if (stageRank(to) < rank) { mount(preview, h('span', { class: 'muted' }, t('stageMove.backNote'))); return; }
    const failed = failedBetween(opp.readiness ?? [], opp.stage, to);
    mount(preview, failed.length
      ? h('span', { class: 'tone-warn', dataset: { failed: failed.join(' ') } }, '⚠ ', t('stageMove.gatesMissing', { rules: ruleList(failed) }))
      : h('span', { class: 'tone-ok' }, '✓ ', t('stageMove.gatesOk')));
  };
  select.addEventListener('change', () => { mount(outcome); showPreview(); });

  const showError = error => mount(outcome, h('div', { class: 'inline-error', role: 'alert' }, errorLines(error).map(line => h('div', null, line))));

  const move = async (stage, reason, button) => {
    button.disabled = true;
    try {
      await api(`/api/opportunities/${opp.id}/stage`, { method: 'POST', body: reason ? { stage, override: { reason } } : { stage } });
      toast(t(reason ? 'stageMove.overridden' : 'stageMove.moved', { stage: label('stage', stage) }));
      await ctx.reload();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'stage_gate') showRefusal(stage, error.problem.failed ?? []);
      else showError(error);
    } finally {
      button.disabled = false;
    }
  };

  const showRefusal = (stage, failed) => {
    const reason = h('input', { id: 'override-reason', name: 'overrideReason', type: 'text', maxlength: 1000,
      placeholder: t('stageMove.overridePlaceholder'), 'aria-label': t('stageMove.overrideReason') });
    const slot = h('div');
    const overrideButton = h('button', {
      type: 'button', class: 'danger', id: 'move-stage-override',
      onClick: async () => {
        const text = reason.value.trim();
        if (!text) {
          mount(slot, h('div', { class: 'inline-error', role: 'alert' }, t('stageMove.reasonNeeded')));
          reason.focus();
          return;
        }
        await move(stage, text, overrideButton);
      },
    }, t('stageMove.override'));
    mount(outcome, h('div', { class: 'gate-refusal', id: 'stage-gate-refusal', role: 'alert', dataset: { stage, failed: failed.join(' ') } },
      h('strong', null, t('stageMove.refused', { stage: label('stage', stage) })),
      h('ul', { class: 'failed-rules' }, failed.map(rule => h('li', { dataset: { rule } }, label('gateRule', rule)))),
      h('label', { for: 'override-reason', class: 'small muted' }, t('stageMove.overrideReason')),
      h('div', { class: 'override-row' }, reason, overrideButton), slot));
    reason.focus();
  };

  const moveButton = h('button', { type: 'button', class: 'primary', id: 'move-stage', onClick: () => move(select.value, null, moveButton) }, t('stageMove.button'));

  const win = h('button', {
    type: 'button', class: 'secondary', id: 'win',
    onClick: async () => {
      const done = await formDialog(t('stageMove.winTitle'), [
        { name: 'closeDate', label: t('stageMove.closeDate'), type: 'date', required: true, value: today() },
        { name: 'amount', label: `${t('stageMove.wonAmount')} (${opp.currency})`, type: 'number', step: '0.01', min: 0, value: opp.amount, hint: t('stageMove.winHint') },
      ], values => api(`/api/opportunities/${opp.id}/win`, { method: 'POST', body: values }), { submitLabel: t('stageMove.win') });
      if (done) { toast(t('stageMove.wonDone')); await ctx.reload(); }
    },
  }, t('stageMove.win'));

  const names = (opp.competitors ?? []).map(c => c.name);
  const lose = h('button', {
    type: 'button', class: 'secondary', id: 'lose',
    onClick: async () => {
      const done = await formDialog(t('stageMove.loseTitle'), [
        { name: 'reason', label: t('stageMove.lossReason'), type: 'textarea', required: true, wide: true },
        { name: 'competitor', label: t('stageMove.competitor'), value: names.find((_, i) => opp.competitors[i].incumbent) ?? '',
          hint: names.length ? t('stageMove.competitorHint', { names: joinList(names) }) : null },
        { name: 'closeDate', label: t('stageMove.closeDate'), type: 'date', required: true, value: today() },
      ], values => api(`/api/opportunities/${opp.id}/lose`, { method: 'POST', body: requireFields(values, ['reason']) }), { submitLabel: t('stageMove.lose') });
      if (done) { toast(t('stageMove.lostDone')); await ctx.reload(); }
    },
  }, t('stageMove.lose'));

  const probability = h('button', {
    type: 'button', class: 'link', id: 'adjust-probability',
    onClick: async () => {
      const done = await formDialog(t('stageMove.probabilityTitle'), [
        { name: 'probability', label: t('stageMove.probabilityValue'), type: 'number', min: 0, max: 100, step: 1, value: opp.probability },
        { name: 'probabilityReason', label: t('stageMove.probabilityReason'), wide: true, value: opp.probabilityReason ?? '' },
        opp.probabilityOverridden ? { name: 'probabilityFollowsStage', type: 'checkbox', label: t('stageMove.followStage', { pct: fmt.percent(DEFAULT_PROBABILITY[opp.stage]) }) } : null,
      ].filter(Boolean), values => ctx.patch(values.probabilityFollowsStage
        ? { probabilityFollowsStage: true }
        : { probability: values.probability, probabilityReason: values.probabilityReason }));
      if (done) toast(t('stageMove.probabilitySaved'));
    },
  }, t('stageMove.probability'));

  card.append(...[
    forward.length ? null : h('p', { class: 'muted small' }, t('stageMove.noneForward')),
    h('div', { class: 'stage-move' },
      h('label', { for: 'stage-select', class: 'muted small' }, t('stageMove.to')), select, moveButton,
      h('span', { class: 'spacer' }), probability, win, lose),
    preview, outcome].filter(Boolean));
  showPreview();
  return card;
}

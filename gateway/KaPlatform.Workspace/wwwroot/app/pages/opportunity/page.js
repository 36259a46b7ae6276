// One opportunity: header with stage progress, the stage move (gates, override, win/lose), readiness, bids, competitors,
// the nine information points, the iron-triangle team, the field history and the stage history. Edits re-read the deal and redraw in
// place (no page reload, the scroll position stays).
import { h, mount } from '../../dom.js';
import { t } from '../../i18n.js';
import { api, apiAll, ifMatch, isVersionConflict } from '../../api.js';
import { defineStrings } from '../../common.js';
import { toast } from '../../components.js';
import { resolveAccounts, rememberOpportunities, canWrite, isOpen, notFoundPanel, isNotFound, errorLines } from '../../deals.js';
import { stageMoveCard } from './stageMove.js';
import { header, readinessCard, competitorsCard, infoPointsCard, teamCard, historyCard } from './oppSections.js';
import { bidsCard } from './oppBids.js';
import { successFactorsCard, dealTasksCard, stuckBadge } from '../../decisionChain/dealExecution.js';
import '../../decisionChain/strings.js';
import { linesCard } from './oppLines.js';
import { detailsCard } from './oppEdit.js';
import { fieldHistoryCard } from './oppFieldHistory.js';
import { visitShortcuts } from '../../phone/visitShortcuts.js';

defineStrings({
  'opp.backToPipeline': ['Back to the pipeline', '返回商机管道'],
  'opp.saved': ['Saved.', '已保存。'],
  'opp.conflictReloaded': ['Someone else changed this deal in the meantime; the page now shows the latest version. Make your change again.', '该商机已被他人修改，页面已刷新为最新版本，请重新操作。'],
  'opp.reloadFailed': ['The latest version could not be read.', '无法读取最新版本。'],
});

async function load(id) {
  const [opp, bids] = await Promise.all([
    api(`/api/opportunities/${id}`),
    apiAll('/api/bids', { opportunityId: id }, 100).then(items => ({ items }), error => ({ error })),
  ]);
  rememberOpportunities([opp]);
  await resolveAccounts([opp.accountId]);
  return { opp, bids: bids.items ?? [], bidsError: bids.error ?? null };
}

export default {
  async render({ params }) {
    let data;
    try {
      data = await load(params.id);
    } catch (error) {
      if (isNotFound(error)) return h('div', { class: 'opportunity-page', id: 'opportunity-not-found' }, notFoundPanel('#/pipeline', t('opp.backToPipeline')));
      throw error;
    }

    const root = h('div', { class: 'opportunity-page', dataset: { id: params.id } });
    const banner = h('div', { class: 'opp-banner', 'aria-live': 'polite' });

    const ctx = {
      reload: async () => {
        try {
          const fresh = await load(params.id);
          Object.assign(ctx, fresh, flags(fresh.opp));
          mount(banner);
          draw();
        } catch (error) {
          mount(banner, h('div', { class: 'inline-error', role: 'alert' }, t('opp.reloadFailed'), ' ', errorLines(error).join(' ')));
        }
      },
      /** PATCH with If-Match; a 412 re-reads the deal so the next try starts from what is there now. */
      patch: async body => {
        try {
          const saved = await api(`/api/opportunities/${ctx.opp.id}`, { method: 'PATCH', body, headers: ifMatch(ctx.opp) });
          toast(t('opp.saved'));
          await ctx.reload();
          return saved;
        } catch (error) {
          if (isVersionConflict(error)) {
            await ctx.reload();
            throw new Error(t('opp.conflictReloaded'));
          }
          throw error;
        }
      },
      fail: error => mount(banner, h('div', { class: 'inline-error', role: 'alert' }, errorLines(error).map(line => h('div', null, line)))),
    };
    const flags = opp => ({ writable: canWrite() && isOpen(opp.stage), bidWritable: canWrite() });
    Object.assign(ctx, data, flags(data.opp));

    function draw() {
      root.dataset.stage = ctx.opp.stage;
      mount(root,
        header(ctx),
        visitShortcuts(ctx.opp.accountId),
        stuckBadge(ctx.opp),
        banner,
        h('div', { class: 'opp-layout' },
          h('div', { class: 'opp-main' }, stageMoveCard(ctx), linesCard(ctx), successFactorsCard(ctx), dealTasksCard(ctx), bidsCard(ctx), competitorsCard(ctx), infoPointsCard(ctx)),
          h('div', { class: 'opp-side' }, detailsCard(ctx), readinessCard(ctx), teamCard(ctx), fieldHistoryCard(ctx), historyCard(ctx))));
    }
    draw();
    return root;
  },
};
